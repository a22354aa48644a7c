// TypeScript → one CommonJS file, the one script a single executable application runs
// (https://nodejs.org/api/single-executable-applications.html).
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
// The SHA-256 of koffi's win32-x64 native module that build-exe.sh builds into the Windows exe as an asset
// (null when bundling without it: the exe then refuses to load native code, CR4007).
const koffiNode = process.env.CERTREBIND_KOFFI_NODE;
const koffiSha256 = koffiNode ? createHash("sha256").update(readFileSync(koffiNode)).digest("hex") : null;

await build({
  entryPoints: ["ts-src/cli/main.ts"],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node22",
  outfile: "build/certrebind.cjs",
  logLevel: "warning",
  // import.meta.url is empty in CommonJS output (version.ts reads it when run unbundled): give it the bundle's URL.
  // yargs reads process.stdout.columns when it loads: that creates stdout as a stream, which under wine fails on a pipe
  // (ts-src/cli/write-out.ts); help is laid out at 80 columns anyway (.wrap(80)).
  define: {
    "import.meta.url": "__import_meta_url",
    "process.stdout.columns": "undefined",
    __CERTREBIND_VERSION__: JSON.stringify(version),
    __KOFFI_NODE_SHA256__: JSON.stringify(koffiSha256),
  },
  // Lighter stand-ins for what yargs loads on every start (scripts/bundle/*: each says why).
  alias: { "string-width": "./scripts/bundle/string-width.mjs", assert: "./scripts/bundle/assert.cjs", "escalade/sync": "./scripts/bundle/find-up.mjs" },
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
});
