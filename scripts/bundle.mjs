// TypeScript → one CommonJS file per executable, the one script a single executable application runs
// (https://nodejs.org/api/single-executable-applications.html): build/certrebind.cjs runs the CLI (the Windows exe;
// `node build/certrebind.cjs` for profiling), build/certrebind-snapshot.cjs builds the Linux exe's start-up snapshot
// (ts-src/cli/snapshot-main.ts).
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
// The SHA-256 of koffi's win32-x64 native module that build-exe.sh builds into the Windows exe as an asset
// (null when bundling without it: the exe then refuses to load native code, CR4007).
const koffiNode = process.env.CERTREBIND_KOFFI_NODE;
const koffiSha256 = koffiNode ? createHash("sha256").update(readFileSync(koffiNode)).digest("hex") : null;

const options = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node22",
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
};
for (const [entry, outfile] of [
  ["ts-src/cli/main.ts", "build/certrebind.cjs"],
  ["ts-src/cli/snapshot-main.ts", "build/certrebind-snapshot.cjs"],
]) {
  await build({ ...options, entryPoints: [entry], outfile });
  requireAscii(outfile);
}

/**
 * V8 keeps a script's source as one string, of two bytes a character as soon as one character is not Latin-1: 2.4 MB
 * instead of 1.2 MB, to page in at every start (in the Linux exe's snapshot too). esbuild escapes every other
 * character in strings and regular expressions (charset ascii), not in the comments it keeps (those on class members).
 */
function requireAscii(file) {
  const lines = readFileSync(file, "utf8").split("\n");
  const at = lines.findIndex((line) => /[^\x00-\x7F]/.test(line));
  if (at >= 0) throw new Error(`bundle: ${file}:${at + 1} is not ASCII (a comment esbuild keeps?): ${lines[at].trim()}`);
}
