import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateHost } from "../../bench/generate-host.js";
import { auditRecords, demoHost, hostFiles } from "../ts/support/snapshot.js";
import { treeHash } from "../ts/support/tree-hash.js";
import { changeLines, DEMO_HOST_CHANGES, linuxExe, requireBuilt, runToFiles } from "./support.js";
import { tempDir } from "../ts/support/temp-dir.js";

// The crash-safety kill test: a rebind killed (SIGKILL) right after each of its durable writes, and at random
// moments, then the next command; the host must then be byte-identical to before the rebind or to after it.
const NOW = { CERTREBIND_NOW: "2026-11-27T00:00:00Z" };
const RANDOM_KILLS = Number(process.env["CERTREBIND_KILL_RANDOM"] ?? 30);
const SEED = Number(process.env["CERTREBIND_KILL_SEED"] ?? 20261127);

const work = tempDir("certrebind-kill-");
const template = join(work, "template");
const generated = generateHost(template, { sites: 2000, renewedShare: 0.3, certificates: 6 });
const rebindArgs = (root: string) => ["rebind", "--json", "--host-root", root, "--old", generated.renewedOld, "--new", generated.renewedNew, "--wait", "5"];

let copies = 0;
function freshCopy(): string {
  const root = join(work, `host-${++copies}`);
  cpSync(template, root, { recursive: true });
  return root;
}

const before = hostFiles(template);
const afterRun = (() => {
  requireBuilt(linuxExe);
  const root = freshCopy();
  const started = process.hrtime.bigint();
  const result = runToFiles(linuxExe, rebindArgs(root), NOW);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { result, seconds, tree: hostFiles(root), root };
})();

/** Which end state a tree is, or null when it is neither. */
function endState(tree: Record<string, string>): "before" | "after" | null {
  if (JSON.stringify(tree) === JSON.stringify(before)) return "before";
  if (JSON.stringify(tree) === JSON.stringify(afterRun.tree)) return "after";
  return null;
}

/**
 * Runs the next commands on a killed host: a read (`bindings`) must leave everything byte-identical and say what is
 * pending; the next command that changes the host (`task disable`, which has nothing else to do on these hosts) must
 * recover and leave a before-or-after host.
 */
function checkNextCommand(root: string, label: string, stateOf: (tree: Record<string, string>) => "before" | "after" | null = endState): "before" | "after" {
  const hadJournal = existsSync(join(root, "state", "journal.json"));
  const killedTree = treeHash(root);
  const read = runToFiles(linuxExe, ["bindings", "--json", "--host-root", root], NOW);
  assert.equal(read.status, 0, `${label}: the read failed: ${read.stderr}`);
  const readEnvelope = JSON.parse(read.stdout) as { recovery?: unknown; pendingRun?: { nextAction: string }; warnings: string[] };
  assert.equal(readEnvelope.recovery, undefined, `${label}: a read never recovers`);
  assert.equal(readEnvelope.pendingRun !== undefined, hadJournal, `${label}: a read says what is pending, and only then`);
  assert.deepEqual(treeHash(root), killedTree, `${label}: a read writes nothing`);
  const next = runToFiles(linuxExe, ["task", "disable", "--json", "--host-root", root], NOW);
  assert.equal(next.status, 0, `${label}: the next command failed: ${next.stderr}`);
  const envelope = JSON.parse(next.stdout) as { recovery?: { action: string }; warnings: string[] };
  assert.equal(envelope.recovery !== undefined, hadJournal, `${label}: a journal left behind is recovered, and only then`);
  if (hadJournal) {
    assert.match(envelope.warnings[0] ?? "", /was interrupted/, `${label}: the output says so`);
    // A SIGKILL in the middle of the killed run's own audit append (a large record: a write cut short at a page)
    // leaves a torn line, which the next append puts on a line of its own: every line but torn ones is a record.
    const lines = readFileSync(join(root, "state", "audit.jsonl"), "utf8").trimEnd().split("\n");
    const torn = lines.filter((line) => !isRecord(line));
    assert.ok(torn.length <= 1 && isRecord(lines.at(-1)!), `${label}: one torn audit line at most, and never the last: ${torn.map((l) => l.slice(0, 80)).join(" | ")}`);
    assert.equal((JSON.parse(lines.at(-1)!) as Record<string, unknown>)["command"], "recover", `${label}: the recovery is audited`);
  }
  assert.equal(existsSync(join(root, "state", "journal.json")), false, `${label}: the journal is closed`);
  const state = stateOf(hostFiles(root));
  assert.ok(state, `${label}: the host is neither as before nor as after the rebind`);
  return state;
}

/** Whether an audit line is one whole record. */
function isRecord(line: string): boolean {
  try {
    return typeof JSON.parse(line) === "object";
  } catch {
    return false;
  }
}

function runKilledAt(delayMs: number, root: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(linuxExe, rebindArgs(root), { stdio: "ignore", env: { ...process.env, ...NOW } });
    const timer = setTimeout(() => child.kill("SIGKILL"), delayMs);
    child.on("error", reject);
    child.on("exit", (_code, signal) => {
      clearTimeout(timer);
      resolve(signal);
    });
  });
}

test("an uninterrupted rebind of the generated host changes it (the after state of the kill test)", () => {
  assert.ok([0, 3].includes(afterRun.result.status ?? -1), afterRun.result.stderr);
  assert.ok(JSON.parse(afterRun.result.stdout).data.changed > 100);
  assert.equal(endState(afterRun.tree), "after");
  assert.notDeepEqual(afterRun.tree, before);
  assert.equal(existsSync(join(afterRun.root, "state", "journal.json")), false);
});

test("a rebind killed after its k-th durable write, for every k, is undone or closed by the next command", (t) => {
  const outcomes: string[] = [];
  for (let k = 1; ; k++) {
    const root = freshCopy();
    const killed = runToFiles(linuxExe, rebindArgs(root), { ...NOW, CERTREBIND_TEST_KILL_AFTER_WRITE: String(k) });
    if (killed.status !== null) {
      assert.ok(k > 5, `the run has at least five durable writes (it finished at k=${k})`);
      assert.equal(endState(hostFiles(root)), "after", "a run that writes fewer than k times finishes");
      t.diagnostic(`kill points after a write: ${k - 1}; end states: ${outcomes.join(" ")}`);
      break;
    }
    outcomes.push(`${k}:${checkNextCommand(root, `killed after write ${k}`)}`);
    rmSync(root, { recursive: true });
  }
  assert.ok(outcomes.some((o) => o.endsWith("before")) && outcomes.some((o) => o.endsWith("after")), outcomes.join(" "));
});

/** Kills a rebind of a fresh copy once both files are rewritten (the journal says what it wrote of each). */
function killedAfterBothWrites(): string {
  for (let k = 1; k < 20; k++) {
    const root = freshCopy();
    runToFiles(linuxExe, rebindArgs(root), { ...NOW, CERTREBIND_TEST_KILL_AFTER_WRITE: String(k) });
    const journal = existsSync(join(root, "state", "journal.json")) ? JSON.parse(readFileSync(join(root, "state", "journal.json"), "utf8")) : null;
    const tree = hostFiles(root);
    if (journal?.files.length === 2 && tree["httpsys/records.json"] !== before["httpsys/records.json"] && tree["inetsrv/applicationHost.config"] !== before["inetsrv/applicationHost.config"]) return root;
    rmSync(root, { recursive: true });
  }
  throw new Error("no kill point leaves both files rewritten with the journal open");
}

test("a recovery killed after its own first write is finished by the command after it", () => {
  // The journal is open and both files have changed.
  const root = killedAfterBothWrites();
  const recovering = runToFiles(linuxExe, ["task", "disable", "--json", "--host-root", root], { ...NOW, CERTREBIND_TEST_KILL_AFTER_WRITE: "1" });
  assert.equal(recovering.status, null, "the recovering command was killed");
  assert.equal(checkNextCommand(root, "recovery killed"), "before");
});

test("a crash, then an administrator's edit, then any command: the edit survives, CR1004 names both versions", () => {
  const root = killedAfterBothWrites();
  const config = join(root, "inetsrv", "applicationHost.config");
  const edited = readFileSync(config, "utf8").replace("</configuration>", "<!-- edited by an administrator after the crash -->\n</configuration>");
  writeFileSync(config, edited);
  const hostBefore = treeHash(root);
  const read = runToFiles(linuxExe, ["bindings", "--json", "--host-root", root], NOW);
  assert.equal(read.status, 0, read.stderr);
  assert.equal(JSON.parse(read.stdout).pendingRun.nextAction, "refuse");
  assert.deepEqual(treeHash(root), hostBefore, "the read writes nothing");
  for (const args of [["task", "disable", "--json"], rebindArgs(root).filter((a) => a !== "--host-root" && a !== root)]) {
    const next = runToFiles(linuxExe, [...args, "--host-root", root], NOW);
    assert.equal(next.status, 1, next.stderr);
    const error = JSON.parse(next.stdout).errors[0];
    assert.equal(error.code, "CR1004");
    assert.match(error.message, /applicationHost\.config: it now holds bytes with SHA-256 [0-9a-f]{64}, neither its bytes before the run \(SHA-256 [0-9a-f]{64}, backed up in .*\) nor what the run wrote \(the run wrote SHA-256 [0-9a-f]{64}\)/);
    assert.equal(readFileSync(config, "utf8"), edited, "the edit survives");
  }
  assert.deepEqual(auditRecords(root).slice(-2).map((r) => [r["command"], r["action"]]), [["recover", "refused"], ["recover", "refused"]], "each refusal is audited");
});

test(`a rebind killed at ${RANDOM_KILLS} random moments leaves a host the next command brings to before or after`, async (t) => {
  let random = SEED;
  const next = () => ((random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const span = afterRun.seconds * 1000 * 1.2;
  const tally = { killed: 0, finished: 0, before: 0, after: 0 };
  for (let i = 0; i < RANDOM_KILLS; i++) {
    const root = freshCopy();
    const delay = Math.round(next() * span);
    const signal = await runKilledAt(delay, root);
    tally[signal === "SIGKILL" ? "killed" : "finished"] += 1;
    tally[checkNextCommand(root, `killed after ${delay} ms (seed ${SEED}, kill ${i + 1})`)] += 1;
    rmSync(root, { recursive: true });
  }
  t.diagnostic(`seed ${SEED}, delays 0–${Math.round(span)} ms: ${JSON.stringify(tally)}`);
  assert.ok(tally.killed > 0);
});

// The demo host: every binding kind on the expiring certificate, each with its own file (sqlserver/instances.json,
// rdp/listeners.json, rdgateway/settings.json, winrm/listeners.json), SQL Server's key read grant in the renewal's
// sidecar, and services/services.json, which the restarts write. A whole rebind of it (every kind, the gateway's name
// mismatch allowed, the services restarted) killed after each of its durable writes: the next command brings every
// file back byte for byte, from the journal.
const DEMO_ARGS = (root: string) => ["rebind", "--auto", "--json", "--allow-name-mismatch", "--restart-services", "--host-root", root, "--wait", "5"];
const demoBefore = hostFiles(demoHost);
const demoAfter = (() => {
  requireBuilt(linuxExe);
  const root = join(work, "demo-after");
  cpSync(demoHost, root, { recursive: true });
  const result = runToFiles(linuxExe, DEMO_ARGS(root), NOW);
  return { result, tree: hostFiles(root) };
})();
const demoEndState = (tree: Record<string, string>) =>
  JSON.stringify(tree) === JSON.stringify(demoBefore) ? "before" : JSON.stringify(tree) === JSON.stringify(demoAfter.tree) ? "after" : null;
const KIND_FILES = ["sqlserver/instances.json", "certs/My/www-2026.json", "rdp/listeners.json", "rdgateway/settings.json", "winrm/listeners.json"];

test("an uninterrupted whole rebind of the demo host moves every kind and rewrites each kind's file", () => {
  assert.equal(demoAfter.result.status, 0, demoAfter.result.stdout + demoAfter.result.stderr);
  assert.deepEqual(changeLines(JSON.parse(demoAfter.result.stdout).data.changes), DEMO_HOST_CHANGES.map((c) => `${c} applied`));
  for (const file of ["httpsys/records.json", "inetsrv/applicationHost.config", ...KIND_FILES]) {
    assert.notEqual(demoAfter.tree[file], demoBefore[file], `${file} is rewritten`);
  }
});

test("a whole rebind of the demo host killed after its k-th durable write, for every k, is recovered byte for byte", (t) => {
  const outcomes: string[] = [];
  const journaled = new Set<string>();
  for (let k = 1; ; k++) {
    const root = join(work, `demo-${k}`);
    cpSync(demoHost, root, { recursive: true });
    const killed = runToFiles(linuxExe, DEMO_ARGS(root), { ...NOW, CERTREBIND_TEST_KILL_AFTER_WRITE: String(k) });
    if (killed.status !== null) {
      assert.ok(k > 20, `the run has at least twenty durable writes (it finished at k=${k})`);
      assert.equal(demoEndState(hostFiles(root)), "after", "a run that writes fewer than k times finishes");
      t.diagnostic(`demo host: kill points after a write: ${k - 1}; end states: ${outcomes.join(" ")}`);
      break;
    }
    const journal = join(root, "state", "journal.json");
    if (existsSync(journal)) for (const file of (JSON.parse(readFileSync(journal, "utf8")) as { files: { path: string }[] }).files) journaled.add(file.path);
    outcomes.push(`${k}:${checkNextCommand(root, `demo host killed after write ${k}`, demoEndState)}`);
    rmSync(root, { recursive: true });
  }
  assert.ok(outcomes.some((o) => o.endsWith("before")) && outcomes.some((o) => o.endsWith("after")), outcomes.join(" "));
  // Every file the rebind may write is journaled: services.json too, which a restart writes when it changes a
  // service's State (the demo host's services are running, and running again after their restart: the same bytes).
  assert.deepEqual([...journaled].sort(), ["httpsys/records.json", "inetsrv/applicationHost.config", "services/services.json", ...KIND_FILES].sort());
  assert.equal(demoAfter.tree["services/services.json"], demoBefore["services/services.json"], "every service running again");
});

test("a recovery of the demo host killed after each of its own writes is finished by the command after it, byte for byte", (t) => {
  // The first kill point that leaves the journal open with every kind's file rewritten (the run not yet verified): the
  // recovery restores them all.
  let template: string | null = null;
  for (let k = 1; k < 40 && template === null; k++) {
    const root = join(work, `demo-rewritten-${k}`);
    cpSync(demoHost, root, { recursive: true });
    runToFiles(linuxExe, DEMO_ARGS(root), { ...NOW, CERTREBIND_TEST_KILL_AFTER_WRITE: String(k) });
    const tree = hostFiles(root);
    if (existsSync(join(root, "state", "journal.json")) && KIND_FILES.every((file) => tree[file] !== demoBefore[file])) template = root;
    else rmSync(root, { recursive: true });
  }
  assert.ok(template, "no kill point leaves every kind's file rewritten with the journal open");
  const outcomes: string[] = [];
  for (let j = 1; ; j++) {
    const root = join(work, `demo-recovering-${j}`);
    cpSync(template, root, { recursive: true });
    const recovering = runToFiles(linuxExe, ["task", "disable", "--json", "--host-root", root], { ...NOW, CERTREBIND_TEST_KILL_AFTER_WRITE: String(j) });
    if (recovering.status !== null) {
      assert.ok(j > KIND_FILES.length, `the recovery writes each kind's file back (it finished at j=${j})`);
      assert.equal(demoEndState(hostFiles(root)), "before", "the recovery puts every file back");
      break;
    }
    outcomes.push(`${j}:${checkNextCommand(root, `demo recovery killed after its write ${j}`, demoEndState)}`);
    rmSync(root, { recursive: true });
  }
  t.diagnostic(`demo host: recovery kill points: ${outcomes.length}; end states: ${outcomes.join(" ")}`);
  assert.ok(outcomes.length > 0 && outcomes.every((o) => o.endsWith("before")), outcomes.join(" "));
});
