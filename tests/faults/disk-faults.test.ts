import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { auditRecords, checkCase, FaultHost, faultHost, faultShim, onLinux, reportedErrors, runSync, Tally } from "./support/fault-case.js";
import { tempDir } from "../ts/support/temp-dir.js";

// Each write of a rebind (every open to write, write, flush, rename, hard link and new folder below the host)
// fails in turn, as a full disk (ENOSPC) and a broken one (EIO) make it fail, through an LD_PRELOAD library.
const shim = onLinux ? faultShim() : null;
const skip = !onLinux ? "the fault library is Linux-only" : shim === null ? "no C compiler (gcc) to build the fault library" : false;

/** The counted calls of an uninterrupted rebind: "N kind path". */
function writePoints(host: FaultHost = faultHost()): { n: number; kind: string; path: string }[] {
  const root = host.fresh();
  const log = join(tempDir("certrebind-points-"), "calls");
  const result = runSync(host.rebindArgs(root), { env: { LD_PRELOAD: shim!, FAULT_ROOT: root, FAULT_LOG: log } });
  assert.equal(result.status, 0, result.stderr);
  return readFileSync(log, "utf8").trim().split("\n").map((line) => {
    const [n, kind, ...path] = line.split(" ");
    return { n: Number(n), kind: kind!, path: path.join(" ").slice(root.length + 1) };
  });
}

/** The state folder and the lock are made before the run holds the lock: a failure there is not a run's. */
const beforeTheLock = (path: string) => path === "state" || /^state\/lock(\.|$)/.test(path);

for (const errno of ["ENOSPC", "EIO"]) {
  test(`${errno} at each write of a rebind, in turn: the host is before or after, the exit code says which, one audit record`, { skip }, (t) => {
    const host = faultHost();
    const points = writePoints();
    assert.ok(points.length >= 20, `a rebind makes at least 20 writes (${points.length})`);
    const tally = new Tally();
    for (const point of points) {
      const root = host.fresh();
      const result = runSync(host.rebindArgs(root), { env: { LD_PRELOAD: shim!, FAULT_ROOT: root, FAULT_AT: String(point.n), FAULT_ERRNO: errno } });
      const label = `${errno} at call ${point.n} (${point.kind} ${point.path})`;
      const outcome = checkCase(root, result, label, { beforeTheLock: beforeTheLock(point.path) });
      if (outcome.state === "before") {
        assert.equal(outcome.exitCode, 4, `${label}: an environment error is exit 4\n${result.stdout}${result.stderr}`);
        const error = reportedErrors(result).find((e) => e.code === "CR4009");
        assert.match(error?.message ?? "", new RegExp(`^${root}/\\S+: .* \\(${errno}\\); .+`), `${label}: CR4009 names the path, the error and what to do`);
      }
      tally.add(outcome);
    }
    t.diagnostic(`${errno}: ${points.length} write points; ${tally}`);
  });
}

// The demo host: every kind's file, the key grant's sidecar and services.json are written too, each journaled; a
// failure at any write of its whole rebind leaves every file as before or as after, byte for byte.
const demo = onLinux && shim !== null ? FaultHost.demo() : null;
for (const errno of ["ENOSPC", "EIO"]) {
  test(`${errno} at each write of a whole rebind of the demo host (every kind), in turn: the host is before or after, byte for byte`, { skip }, (t) => {
    const host = demo!;
    const points = writePoints(host);
    for (const file of ["sqlserver/instances.json", "certs/My/www-2026.json", "rdp/listeners.json", "rdgateway/settings.json", "winrm/listeners.json"]) {
      assert.ok(points.some((p) => p.kind === "rename" && p.path === file), `a write of ${file}: ${points.map((p) => p.path).join(", ")}`);
    }
    const tally = new Tally();
    for (const point of points) {
      const root = host.fresh();
      const result = runSync(host.rebindArgs(root), { env: { LD_PRELOAD: shim!, FAULT_ROOT: root, FAULT_AT: String(point.n), FAULT_ERRNO: errno } });
      const label = `${errno} at call ${point.n} (${point.kind} ${point.path})`;
      const outcome = checkCase(root, result, label, { beforeTheLock: beforeTheLock(point.path), host });
      if (outcome.state === "before") assert.equal(outcome.exitCode, 4, `${label}: an environment error is exit 4\n${result.stdout}${result.stderr}`);
      tally.add(outcome);
    }
    t.diagnostic(`demo host, ${errno}: ${points.length} write points; ${tally}`);
    assert.ok(tally.toString().includes("before/") && tally.toString().includes("after/"), tally.toString());
  });
}

test("a short write of the audit record, then ENOSPC: the record is cut back to nothing, the run's outcome stands", { skip }, () => {
  const host = faultHost();
  const root = host.fresh();
  const result = runSync(host.rebindArgs(root), {
    env: { LD_PRELOAD: shim!, FAULT_ROOT: root, FAULT_ONLY: "write", FAULT_AT: "1", FAULT_ERRNO: "ENOSPC", FAULT_PARTIAL: "1", FAULT_MATCH: "audit.jsonl" },
  });
  const outcome = checkCase(root, result, "short audit write");
  assert.equal(outcome.state, "after");
  assert.equal(result.status, 0, "a failed audit write never replaces the run's outcome");
  assert.match(JSON.parse(result.stdout).warnings.join(" "), /audit record of run .* could not be written: .*audit\.jsonl: the file system is full \(ENOSPC\)/);
  assert.equal(readFileSync(join(root, "state", "audit.jsonl"), "utf8"), "", "no half record is left");
});

test("an audit log that does not end in a newline is repaired before the next record", { skip: !onLinux && "Linux exe" }, () => {
  const host = faultHost();
  const root = host.fresh();
  const torn = '{"time":"2026-11-26T00:00:00.000Z","runId":"torn","comm';
  mkdirSync(join(root, "state"));
  writeFileSync(join(root, "state", "audit.jsonl"), torn, { flag: "wx" });
  const result = runSync(host.rebindArgs(root));
  assert.equal(result.status, 0, result.stderr);
  const lines = readFileSync(join(root, "state", "audit.jsonl"), "utf8").split("\n");
  assert.equal(lines[0], torn, "the torn line is kept as it was, on a line of its own");
  assert.equal(JSON.parse(lines[1]!).command, "rebind", "the new record starts a line of its own");
  assert.equal(lines[2], "");
});

test("no hard links on the state folder's file system: exit 4, CR4009 names the lock and what to do; nothing changed", { skip }, () => {
  const host = faultHost();
  const root = host.fresh();
  const result = runSync(host.rebindArgs(root), { env: { LD_PRELOAD: shim!, FAULT_ROOT: root, FAULT_ONLY: "link", FAULT_AT: "1", FAULT_ERRNO: "EPERM" } });
  const outcome = checkCase(root, result, "no hard links", { beforeTheLock: true });
  assert.equal(outcome.state, "before");
  assert.equal(result.status, 4);
  assert.match(result.stderr, /CR4009: .*state\/lock.*does not support hard links \(EPERM\).*keep the state folder on a file system that has them/);
  assert.equal(existsSync(join(root, "state", "audit.jsonl")), false);
  assert.deepEqual(auditRecords(root), []);
});

for (const errno of ["EDQUOT", "EACCES", "EPERM", "EROFS"]) {
  test(`${errno} writing records.json: exit 4, CR4009 names the file and what to do; everything restored, audited once`, { skip }, () => {
    const host = faultHost();
    const root = host.fresh();
    const env = { LD_PRELOAD: shim!, FAULT_ROOT: root, FAULT_ONLY: "open", FAULT_MATCH: "/.records.json.certrebind-", FAULT_AT: "1", FAULT_ERRNO: errno };
    const result = runSync(host.rebindArgs(root), { env });
    const outcome = checkCase(root, result, `${errno} on records.json`);
    assert.equal(outcome.state, "before");
    assert.equal(result.status, 4, result.stdout);
    const error = reportedErrors(result).find((e) => e.code === "CR4009");
    assert.match(error?.message ?? "", new RegExp(`^${root}/httpsys/records\\.json: .* \\(${errno}\\); .+ Everything the run had changed was restored\\.$`));
    assert.equal(auditRecords(root).at(-1)!.exitCode, 4, "the audit record has the run's exit code");
  });
}

test("a disk full while undoing an interrupted run: CR4009, the journal stays, and the next run finishes the undoing", { skip }, () => {
  const host = faultHost();
  // Killed after the durable write that rewrote applicationHost.config: both host files have changed (they are as
  // after the run), the journal is open. Found by trying each write in turn, since the journal's own writes count.
  let root = "";
  for (let k = 1; k <= 20 && root === ""; k++) {
    const candidate = host.fresh();
    runSync(host.rebindArgs(candidate), { env: { CERTREBIND_TEST_KILL_AFTER_WRITE: String(k) } });
    if (existsSync(join(candidate, "state", "journal.json")) && host.endState(candidate) === "after") root = candidate;
  }
  assert.ok(root !== "", "a kill point leaves both files rewritten with the journal open");
  const env = { LD_PRELOAD: shim!, FAULT_ROOT: root, FAULT_ONLY: "open", FAULT_MATCH: "/.applicationHost.config.certrebind-", FAULT_AT: "1", FAULT_ERRNO: "ENOSPC" };
  const failed = runSync(host.rebindArgs(root), { env });
  assert.equal(failed.status, 4, failed.stdout + failed.stderr);
  const error = reportedErrors(failed).find((e) => e.code === "CR4009");
  assert.match(error?.message ?? "", /applicationHost\.config: the file system is full \(ENOSPC\); free space on it, then run again\. The interrupted run \S+ could not be undone yet; its journal stays/);
  assert.doesNotMatch(failed.stdout + failed.stderr, /CR1000|CR1002|CR1004/);
  assert.ok(existsSync(join(root, "state", "journal.json")), "the journal stays for the next command");
  const next = runSync(host.rebindArgs(root));
  assert.equal(next.status, 0, next.stdout + next.stderr);
  assert.equal(host.endState(root), "after");
  assert.equal(auditRecords(root).filter((r) => r.command === "recover").length, 1, "the recovery is audited once, when it is done");
});
