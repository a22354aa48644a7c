import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SourceFile } from "./architecture-rules.js";

const REPOSITORY = join(import.meta.dirname, "../../..");

/** Every .ts file of the repository's ts-src, with its path relative to the repository, `/`-separated. */
export function sourceFiles(): SourceFile[] {
  return readdirSync(join(REPOSITORY, "ts-src"), { recursive: true })
    .map((f) => `ts-src/${String(f).split("\\").join("/")}`)
    .filter((path) => path.endsWith(".ts"))
    .map((path) => ({ path, text: readFileSync(join(REPOSITORY, path), "utf8") }));
}
