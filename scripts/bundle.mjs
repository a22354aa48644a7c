// TypeScript → one CommonJS file for the single executable application (reference: toolchain.md, recipe step 2).
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

await build({
  entryPoints: ["ts-src/cli/main.ts"],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node22",
  outfile: "build/certrebind.cjs",
  logLevel: "warning",
  // import.meta.url is empty in CommonJS output (version.ts reads it when run unbundled): give it the bundle's URL.
  define: { "import.meta.url": "__import_meta_url", __CERTREBIND_VERSION__: JSON.stringify(version) },
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
});
