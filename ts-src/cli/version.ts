import { readFileSync } from "node:fs";

declare const __CERTREBIND_VERSION__: string | undefined;

/** Set by the bundler from package.json; read from package.json when running from source. */
export const VERSION: string =
  typeof __CERTREBIND_VERSION__ === "string"
    ? __CERTREBIND_VERSION__
    : (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
