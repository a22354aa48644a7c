/**
 * (Re)writes examples/demo-host from the committed test keys; the same keys always give the same bytes.
 *
 *   npx tsx scripts/make-demo-host.ts [--out DIR] [--keys DIR] [--new-keys]
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { makeDemoHost } from "./demo-host/generate.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const options = {
  out: { type: "string", default: path.join(root, "examples", "demo-host") },
  keys: { type: "string", default: path.join(root, "examples", "demo-host-keys") },
  "new-keys": { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

function readArguments() {
  try {
    return parseArgs({ options, strict: true }).values;
  } catch (error) {
    console.error(`make-demo-host: ${error instanceof Error ? error.message : String(error)} (see --help)`);
    process.exit(2);
  }
}

const values = readArguments();

if (values.help) {
  console.log(`usage: npx tsx scripts/make-demo-host.ts [--out DIR] [--keys DIR] [--new-keys]

  --out DIR    the snapshot host to write (default examples/demo-host)
  --keys DIR   the test keys to sign with (default examples/demo-host-keys)
  --new-keys   generate new test keys into --keys first`);
} else {
  const out = path.resolve(values.out);
  const result = makeDemoHost({ out, keys: path.resolve(values.keys), newKeys: values["new-keys"] });
  console.log(`wrote ${result.files.length} files to ${out}`);
  for (const [name, thumbprint] of result.thumbprints) console.log(`  ${thumbprint}  ${name}`);
}
