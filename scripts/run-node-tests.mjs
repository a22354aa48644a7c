// Runs node's test runner on every *.test.ts below the given folders (Node 20's --test takes no globs).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const [...folders] = process.argv.slice(2);
const extraArgs = folders.filter((a) => a.startsWith("--"));
const files = folders
  .filter((a) => !a.startsWith("--"))
  .flatMap((folder) => readdirSync(folder, { recursive: true }).map((f) => join(folder, String(f))))
  .filter((f) => f.endsWith(".test.ts"))
  .sort();
if (files.length === 0) {
  console.error(`run-node-tests: no *.test.ts files below ${folders.join(", ")}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", ...extraArgs, ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
