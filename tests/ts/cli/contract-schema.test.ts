/**
 * The contract as data (docs/schema/): every command of docs/cli-contract.md, run on a copy of the demo host in JSON
 * mode, prints an envelope the schemas accept, on success and on error; and the schemas refuse an envelope that
 * drifted from them.
 */
import { describe, it, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { envelopeErrors } from "../support/contract-schema.js";
import { run } from "../support/run.js";
import { copyOfDemoHost, testDir } from "../support/snapshot.js";
import { WWW_2025, WWW_2026 } from "./rebind/support.js";

/** The commands in the order they run on one host copy (those that change it come after those that read it). */
function commandLines(root: string, exe: string, out: string): { argv: string[]; exit: number; stdin?: string }[] {
  const globals = ["--json", "--host-root", root];
  const pair = ["--old", WWW_2025, "--new", WWW_2026];
  return [
    { argv: ["version"], exit: 0 },
    { argv: ["bindings"], exit: 0 },
    { argv: ["bindings", "--certificates-once"], exit: 0 },
    { argv: ["bindings", "--thumbprint", WWW_2025], exit: 0 },
    { argv: ["events"], exit: 0 },
    { argv: ["events", "--channel", "User", "--max", "1"], exit: 0 },
    { argv: ["task", "status"], exit: 0 },
    { argv: ["task", "enable", "--dry-run", "--exe-path", exe], exit: 0 },
    { argv: ["dsc", "get", "--resource", "CertBindingsCurrent"], exit: 0, stdin: "{}" },
    { argv: ["dsc", "test", "--resource", "CertBindingsCurrent"], exit: 0, stdin: "{}" },
    { argv: ["dsc", "get", "--resource", "CertAutoRebind"], exit: 0, stdin: '{"_exist":true}' },
    { argv: ["rebind", ...pair, "--dry-run"], exit: 3 },
    { argv: ["rebind", "--auto", "--dry-run"], exit: 3 },
    { argv: ["on-task", "--dry-run"], exit: 3 },
    // on-task takes the event's values only at the end of the command line, as the task passes them.
    { argv: ["on-task", "--dry-run", ...globals, ...pair], exit: 3 },
    { argv: ["capture", "--out", out, "--redact"], exit: 0 },
    { argv: ["task", "enable", "--exe-path", exe], exit: 0 },
    { argv: ["task", "status"], exit: 0 },
    { argv: ["dsc", "test", "--resource", "CertAutoRebind"], exit: 0, stdin: '{"_exist":true}' },
    { argv: ["task", "disable"], exit: 0 },
    { argv: ["rebind", ...pair, "--restart-services", "--keep-backups", "1"], exit: 3 },
    { argv: ["rebind", "--auto", "--allow-name-mismatch"], exit: 0 },
    { argv: ["dsc", "set", "--resource", "CertBindingsCurrent"], exit: 0, stdin: "{}" },
  ].map((line) => (line.argv.includes("--json") ? line : { ...line, argv: [...line.argv, ...globals] }));
}

/** Errors the demo host gives for bad input or a bad state, each of its own command line. */
const errorLines: { name: string; argv: (root: string) => string[]; exit: number; setup?: (root: string) => void }[] = [
  { name: "a malformed thumbprint (CR2001)", argv: (root) => ["bindings", "--thumbprint", "zz", "--json", "--host-root", root], exit: 2 },
  { name: "old and new the same (CR2011)", argv: (root) => ["rebind", "--old", WWW_2025, "--new", WWW_2025, "--json", "--host-root", root], exit: 2 },
  { name: "a new certificate in no store (CR2010)", argv: (root) => ["rebind", "--old", WWW_2025, "--new", "AB".repeat(20), "--json", "--host-root", root], exit: 2 },
  { name: "an unknown option (CR2000)", argv: (root) => ["events", "--frobnicate", "--json", "--host-root", root], exit: 2 },
  { name: "a missing host directory (CR2002)", argv: (root) => ["bindings", "--json", "--host-root", join(root, "missing")], exit: 2 },
  { name: "no host on Linux (CR4001)", argv: () => ["bindings", "--json"], exit: 4 },
  { name: "a journal that cannot be read, on a change (CR1004)", argv: (root) => ["rebind", "--auto", "--json", "--host-root", root], exit: 1, setup: unreadableJournal },
  { name: "a journal that cannot be read, on a read (pendingRun)", argv: (root) => ["bindings", "--json", "--host-root", root], exit: 0, setup: unreadableJournal },
  { name: "a capture into a folder that is not empty (CR2008)", argv: (root) => ["capture", "--out", root, "--json", "--host-root", root], exit: 2 },
];

function unreadableJournal(root: string): void {
  mkdirSync(join(root, "state"), { recursive: true });
  writeFileSync(join(root, "state/journal.json"), "{bad");
}

describe("every command's envelope on the demo host is valid by the contract's schema", () => {
  const root = copyOfDemoHost();
  const exe = join(testDir({ "certrebind.exe": "certrebind exe bytes" }), "certrebind.exe");
  const out = join(testDir(), "capture");
  for (const line of commandLines(root, exe, out)) {
    it(line.argv.slice(0, line.argv.indexOf("--json")).join(" "), async () => {
      const result = await run(line.argv, {}, line.stdin);
      assert.equal(result.exitCode, line.exit, result.stdout);
      assert.deepEqual(envelopeErrors(result.envelope()), [], result.stdout);
    });
  }
});

describe("every error envelope is valid by the contract's schema", () => {
  for (const line of errorLines) {
    it(line.name, async () => {
      const root = copyOfDemoHost();
      line.setup?.(root);
      const result = await run(line.argv(root));
      assert.equal(result.exitCode, line.exit, result.stdout);
      const envelope = result.envelope();
      assert.ok(envelope.errors.length > 0 || envelope.pendingRun, result.stdout);
      assert.deepEqual(envelopeErrors(envelope), [], result.stdout);
    });
  }
});

/** Ways an envelope can drift from the contract, each on a valid envelope of a real rebind. */
const drifts: [string, (envelope: any) => void, RegExp][] = [
  ["a field the envelope does not have", (e) => (e.exitCode = 3), /must NOT have additional properties.*exitCode/],
  ["an error without its scope", (e) => delete e.errors[0].scope, /\/errors\/0 must have required property 'scope'/],
  ["a scope that is not one of the three", (e) => (e.errors[0].scope = "pipeline"), /\/errors\/0\/scope must be equal to one of the allowed values/],
  ["a change status the contract does not name", (e) => (e.data.changes[0].status = "done"), /\/data\/changes\/0\/status must be equal to one of the allowed values/],
  ["a binding kind no kind registers", (e) => (e.data.changes[0].kind = "smtp"), /\/data\/changes\/0\/kind must be equal to one of the allowed values/],
  ["a renamed data field", (e) => ((e.data.changedCount = e.data.changed), delete e.data.changed), /\/data must have required property 'changed'/],
  ["a thumbprint in lower case", (e) => (e.data.changes[0].to = e.data.changes[0].to.toLowerCase()), /\/data\/changes\/0\/to must match pattern/],
  ["ok with errors", (e) => (e.ok = true), /\/errors must NOT have more than 0 items/],
  ["another schema version", (e) => (e.schemaVersion = 2), /\/schemaVersion must be equal to constant/],
];

test("the schemas refuse an envelope that drifted from the contract", async () => {
  const result = await run(["rebind", "--old", WWW_2025, "--new", WWW_2026, "--dry-run", "--json", "--host-root", copyOfDemoHost()]);
  assert.deepEqual(envelopeErrors(result.envelope()), [], "the envelope is valid before it drifts");
  for (const [what, drift, expected] of drifts) {
    const envelope = result.envelope();
    drift(envelope);
    const errors = envelopeErrors(envelope);
    assert.ok(errors.some((e) => expected.test(e)), `${what}: ${errors.join("; ") || "no error"}`);
  }
});
