import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { run } from "../support/run.js";
import { auditRecords, copyOfDemoHost, demoHost } from "../support/snapshot.js";
import { treeHash } from "../support/tree-hash.js";
import { WWW_2025, WWW_2026 } from "./rebind/support.js";

/** The arguments the task's action gets, as Task Scheduler passes them for each trigger (MS-TSCH §2.5.9.2). */
const EVENT_1001 = ["--old", WWW_2025.toLowerCase(), "--new", WWW_2026.toLowerCase()];
const NOT_SUBSTITUTED = ["--old", "$(OldCertHash)", "--new", "$(NewCertHash)"];
const EMPTY = ["--old", "", "--new", ""];

async function onTask(root: string, args: string[]) {
  const result = await run(["on-task", "--json", "--host-root", root, ...args]);
  const envelope = result.envelope();
  return { ...result, envelope, data: envelope.data as { mode: string; received: { old: string | null; new: string | null }; rebind: Record<string, unknown> } };
}


describe("on-task, the entry point of the scheduled task", () => {
  it("rebinds the pair of event 1001 (lower-case thumbprints, as the event has them) like rebind --old --new --trigger event", async () => {
    const root = copyOfDemoHost();
    const result = await onTask(root, EVENT_1001);
    const direct = await run(["rebind", "--old", WWW_2025, "--new", WWW_2026, "--dry-run", "--json", "--host-root", demoHost]);
    assert.equal(result.exitCode, 3, "0.0.0.0:443 is refused, as by rebind");
    assert.equal(result.data.mode, "event");
    assert.deepEqual(result.data.received, { old: WWW_2025.toLowerCase(), new: WWW_2026.toLowerCase() });
    const changes = (result.data.rebind["changes"] as { endpoint: string; status: string }[]).map((c) => `${c.endpoint} ${c.status}`);
    const planned = ((direct.envelope().data as Record<string, unknown>)["changes"] as { endpoint: string; status: string }[]).map((c) => `${c.endpoint} ${c.status.replace("planned", "applied")}`);
    assert.deepEqual(changes, planned);
    const [audit] = auditRecords(root);
    assert.equal(audit!["trigger"], "event");
    assert.equal(audit!["old"], WWW_2025);
  });

  it("never overrides the host-name check: neither --allow-name-mismatch nor --force is an option of on-task", async () => {
    for (const option of ["--allow-name-mismatch", "--force"]) {
      const result = await onTask(copyOfDemoHost(), [option, ...EVENT_1001]);
      assert.equal(result.exitCode, 2, option);
      assert.equal(result.envelope.errors[0]!.code, "CR2000");
    }
  });

  for (const [name, args] of [
    ["unsubstituted placeholders (the 1006 and daily triggers)", NOT_SUBSTITUTED],
    ["empty values", EMPTY],
    ["no values at all", []],
  ] as const) {
    it(`runs the successor scan for ${name}, like rebind --auto --trigger auto`, async () => {
      const root = copyOfDemoHost();
      const result = await onTask(root, [...args]);
      assert.equal(result.data.mode, "auto");
      assert.equal(result.data.rebind["days"], 30);
      assert.ok(Array.isArray(result.data.rebind["successors"]));
      assert.equal(auditRecords(root)[0]!["trigger"], "auto");
    });
  }

  it("passes --days and --dry-run to the scan, and a dry run writes nothing", async () => {
    const root = copyOfDemoHost();
    const before = treeHash(root);
    const result = await onTask(root, [...NOT_SUBSTITUTED, "--days", "60", "--dry-run"]);
    assert.equal(result.data.rebind["days"], 60);
    assert.equal(result.data.rebind["dryRun"], true);
    assert.deepEqual(treeHash(root), before);
  });

  it("runs the scan, with a warning, when only one thumbprint arrives", async () => {
    const result = await onTask(demoHost, ["--dry-run", "--old", WWW_2025, "--new", "$(NewCertHash)"]);
    assert.equal(result.data.mode, "auto");
    assert.ok(result.envelope.warnings[0]!.startsWith(`The task passed only the old thumbprint (${WWW_2025}); without a pair, the successor scan runs instead.`));
  });

  const refused: [string, string[], string][] = [
    ["a malformed thumbprint", ["--old", "zz", "--new", WWW_2026], "CR2001"],
    ["a malformed lone value (the scan does not run on it)", ["--old", "zz", "--new", ""], "CR2001"],
    ["a $(…) that is not one of the task's placeholders", ["--old", "$(calc)", "--new", "$(NewCertHash)"], "CR2001"],
    ["an option given twice", ["--old", WWW_2025, "--old", WWW_2025, "--new", WWW_2026], "CR2000"],
    ["arguments between the values (a quote in a value broke out)", ["--old", WWW_2025, "--host-root", "/", "--new", WWW_2026], "CR2000"],
    ["arguments after the values", ["--old", WWW_2025, "--new", WWW_2026, "--wait", "0"], "CR2000"],
    ["only one of the options, with a value", ["--new", WWW_2026], "CR2000"],
    ["days out of range", [...EMPTY, "--days", "-1"], "CR2000"],
    ["a wait out of range", [...EMPTY, "--wait", "99999"], "CR2000"],
  ];
  for (const [name, args, code] of refused) {
    it(`exits 2 with ${code} for ${name}, writing nothing`, async () => {
      const root = copyOfDemoHost();
      const before = treeHash(root);
      const result = await onTask(root, args);
      assert.equal(result.exitCode, 2);
      assert.equal(result.envelope.errors[0]!.code, code);
      assert.deepEqual(treeHash(root), before);
    });
  }
});
