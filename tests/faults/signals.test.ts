import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { auditRecords, checkCase, FaultHost, faultHost, onLinux, run, runSync, seeded, Tally, type ExeResult } from "./support/fault-case.js";

// Ctrl-C (SIGINT) and SIGTERM during a rebind: right after each of its durable writes (a test hook sends the
// signal), and at seeded random moments. The run puts back what it changed (or, after its last change was
// verified, keeps it), says so on stderr, audits it once, and its exit code says which.
const skip = !onLinux && "the Linux exe";
const SEED = Number(process.env["CERTREBIND_FAULT_SEED"] ?? 20261202);
const RANDOM = Number(process.env["CERTREBIND_FAULT_RANDOM"] ?? 16);

/** What stderr says about a signal, by end state. */
function checkSaid(result: ExeResult, state: "before" | "after", signal: string, label: string): void {
  if (result.status === 128 + (signal === "SIGINT" ? 2 : 15)) {
    assert.match(result.stderr, new RegExp(`${signal} received; stopped before changing anything`), label);
  } else if (state === "before") {
    assert.equal(result.status, 1, `${label}: an interrupted run that was undone exits 1\n${result.stderr}`);
    assert.match(result.stderr, new RegExp(`${signal}: the run stopped and everything it had changed was restored \\(exit code 1\\)`), label);
    assert.match(JSON.parse(result.stdout).errors.map((e: { message: string }) => e.message).join(" "), new RegExp(`interrupted by ${signal}`), label);
  } else {
    // After the last checkpoint; or after the run had settled its outcome, while it released the lock.
    assert.match(result.stderr, new RegExp(`${signal} came after (the change was complete and verified: it was kept|the run had finished: its outcome stands)`), label);
  }
}

// The generated host (IIS, HTTP.sys, FTP), and the demo host: every binding kind, each with its own file, SQL
// Server's key read grant in the renewal's sidecar, the services restarted (FaultHost.demo).
const hosts = [
  ["", () => faultHost()],
  [" of the demo host (every kind)", () => FaultHost.demo()],
] as const;
for (const [signal, [which, makeHost]] of (["SIGINT", "SIGTERM"] as const).flatMap((signal) => hosts.map((h) => [signal, h] as const))) {
  test(`${signal} right after each durable write of a rebind${which}: undone before, kept after, said and audited once`, { skip }, (t) => {
    const host = makeHost();
    const tally = new Tally();
    for (let k = 1; ; k++) {
      const root = host.fresh();
      const result = runSync(host.rebindArgs(root), { env: { CERTREBIND_TEST_SIGNAL_AFTER_WRITE: `${k}:${signal}` } });
      if (!result.stderr.includes(`${signal} received`)) {
        assert.ok(k > 5, `the run has more than five durable writes (it ended at ${k})`);
        assert.equal(host.endState(root), "after");
        break;
      }
      const label = `${signal} after write ${k}${which}`;
      const outcome = checkCase(root, result, label, { host });
      checkSaid(result, outcome.state, signal, label);
      const record = auditRecords(root).at(-1)!;
      assert.equal(record.exitCode, result.status, `${label}: the audit record has the run's exit code`);
      tally.add(outcome);
    }
    t.diagnostic(`${signal} after each write${which}: ${tally}`);
    assert.ok(tally.toString().includes("before/exit 1") && tally.toString().includes("after/exit 0"), tally.toString());
  });
}

test(`SIGINT and SIGTERM at ${RANDOM} random moments each (seed ${SEED}): before or after, said, audited once`, { skip }, async (t) => {
  const host = faultHost();
  const baseline = runSync(host.rebindArgs(host.fresh()));
  // Before its own code runs (the runtime starting up), a signal kills the exe as it kills any program: moments
  // start where a run that does nothing (`version`) has usually ended.
  const startup = Math.round(runSync(["version"]).ms * 0.8);
  const span = Math.max(startup + 50, baseline.ms * 1.2);
  const random = seeded(SEED);
  const tally = new Tally();
  let beforeHandlers = 0;
  let atExit = 0;
  for (let i = 0; i < RANDOM * 2; i++) {
    const signal = i % 2 === 0 ? "SIGINT" : "SIGTERM";
    const root = host.fresh();
    const ms = Math.round(startup + random() * (span - startup));
    const result = await run(host.rebindArgs(root), { signalAfterMs: { ms, signal } });
    const label = `${signal} after ${ms} ms (seed ${SEED}, case ${i + 1})`;
    if (result.signal !== null && existsSync(join(root, "state"))) {
      // The signal came as the process was exiting, its handlers gone: the run had finished and said so.
      const records = auditRecords(root);
      assert.equal(records.length, 1, `${label}: one audit record`);
      assert.equal(JSON.parse(result.stdout).data.runId, records[0]!.runId, `${label}: the whole envelope was printed`);
      assert.equal(existsSync(join(root, "state", "journal.json")) || existsSync(join(root, "state", "lock")), false, label);
      const state = host.endState(root);
      assert.ok(state === "after" ? [0, 3].includes(records[0]!.exitCode) : state === "before" && records[0]!.exitCode === 1, label);
      atExit += 1;
      continue;
    }
    if (result.signal !== null) {
      // The signal came before the exe had started its own code (its handlers are the first thing it installs).
      assert.equal(host.endState(root), "before", label);
      beforeHandlers += 1;
      continue;
    }
    const outcome = checkCase(root, result, label);
    if (result.stderr.includes(`${signal} `)) checkSaid(result, outcome.state, signal, label);
    tally.add(outcome);
  }
  t.diagnostic(
    `random moments in ${startup}–${Math.round(span)} ms: ${tally}; ${beforeHandlers} ended by the signal before the exe's own code ran, ${atExit} as it exited after printing its outcome`,
  );
});
