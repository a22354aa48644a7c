/**
 * Every error of the envelope says what it concerns (`scope`, docs/cli-contract.md, "The envelope"): the table of
 * error codes in the contract gives each code's scope, and a real run of each family of codes reports it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { errorScope } from "../../../ts-src/core/errors.js";
import { run, type CliRun } from "../support/run.js";
import { copyOfDemoHost, repoRoot } from "../support/snapshot.js";
import { WWW_2025, WWW_2026 } from "./rebind/support.js";

/** The rows of the contract's table of error codes: code (each end of a range), exit, scope. */
function documentedScopes(): [string, string, string][] {
  const text = readFileSync(join(repoRoot, "docs/cli-contract.md"), "utf8");
  const table = text.slice(text.indexOf("## Error codes"), text.indexOf("## Commands"));
  return [...table.matchAll(/^\| `(CR\d{4})`(?:–`(CR\d{4})`)? \| (\S+) \| (\S+) \|/gm)].flatMap(([, first, last, exit, scope]) =>
    [first!, ...(last ? [last] : [])].map((code): [string, string, string] => [code, exit!, scope!]),
  );
}

test("the scope of every code an error can carry is the one the contract's table gives", () => {
  const rows = documentedScopes();
  assert.ok(rows.length >= 45, `the table was read (${rows.length} rows)`);
  for (const [code, exit, scope] of rows) {
    if (exit === "—") assert.equal(scope, "—", `${code} is never an error, so it has no scope`);
    else assert.equal(errorScope(code), scope, code);
  }
});

const demoRun = (root: string, ...argv: string[]) => run([...argv, "--json", "--host-root", root]);
const withUnreadableJournal = (root: string) => {
  mkdirSync(join(root, "state"));
  writeFileSync(join(root, "state/journal.json"), "{bad");
  return root;
};

const families: { name: string; code: string; scope: string; exit: number; run: (root: string) => Promise<CliRun> }[] = [
  { name: "a malformed thumbprint", code: "CR2001", scope: "item", exit: 2, run: (root) => demoRun(root, "bindings", "--thumbprint", "zz") },
  { name: "a new certificate in no store", code: "CR2010", scope: "item", exit: 2, run: (root) => demoRun(root, "rebind", "--old", WWW_2025, "--new", "AB".repeat(20)) },
  { name: "old and new the same", code: "CR2011", scope: "item", exit: 2, run: (root) => demoRun(root, "rebind", "--old", WWW_2025, "--new", WWW_2025) },
  { name: "a usage error", code: "CR2000", scope: "run", exit: 2, run: (root) => demoRun(root, "bindings", "--frobnicate") },
  { name: "a missing host directory", code: "CR2002", scope: "run", exit: 2, run: (root) => demoRun(join(root, "missing"), "bindings") },
  { name: "a target refused by validation", code: "CR3005", scope: "target", exit: 3, run: (root) => demoRun(root, "rebind", "--old", WWW_2025, "--new", WWW_2026, "--dry-run") },
  { name: "an interrupted run that cannot be undone", code: "CR1004", scope: "run", exit: 1, run: (root) => demoRun(withUnreadableJournal(root), "rebind", "--auto") },
  { name: "no host and not Windows", code: "CR4001", scope: "run", exit: 4, run: () => run(["bindings", "--json"]) },
];

for (const family of families) {
  test(`${family.name} (${family.code}, exit ${family.exit}) is an error of scope ${family.scope}`, async () => {
    const result = await family.run(copyOfDemoHost());
    assert.equal(result.exitCode, family.exit, result.stdout);
    const errors = result.envelope().errors;
    assert.ok(errors.some((e) => e.code === family.code), result.stdout);
    for (const error of errors) assert.equal(error.scope, errorScope(error.code), `${error.code} carries its scope`);
    assert.equal(errors.find((e) => e.code === family.code)!.scope, family.scope);
  });
}
