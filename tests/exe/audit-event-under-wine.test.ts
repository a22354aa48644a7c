import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { requireBuilt, runToFiles, windowsExe, wine64 } from "./support.js";
import { seedCertStoresOnce } from "./seed-cert-stores.js";
import { installStandin, newStandinStore, resetStandinState, standinChildren, standinSkip, writeStandinStore } from "./standin.js";
import { generateStandinRecords, NEW_THUMBPRINT, OLD_THUMBPRINT, standinDemoCertificates } from "./standin-records.js";

// The real certrebind.exe under wine writes its audit event through advapi32's event log API, and its arguments
// are checked. Wine's RegisterEventSourceW, ReportEventW and DeregisterEventSource are stubs that print their
// arguments on the `fixme` class of the `advapi` debug channel, and ReportEventW prints each insertion string on
// the `eventlog` channel: `trace` for information, `warn` for warning, `err` for error events (wine's
// dlls/advapi32/eventlog.c). A stand-in DLL is not possible here: the functions are exports of advapi32.dll,
// which every process (and koffi's module) loads, and Microsoft documents no other DLL that exports them. So the
// check reads wine's trace: the handle, type, category, event ID, SID, number of strings, data size and raw data
// pointer in full, each string as wine prints it (in full up to about 290 characters, then cut with "...").
// The registration of the source is real registry work under wine, read back with wine's reg.exe.

const WINEDEBUG = "-all,fixme+advapi,trace+eventlog,warn+eventlog,err+eventlog";
const SOURCE_KEY = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\CertRebind";

before(() => {
  if (!standinSkip) requireBuilt(windowsExe);
});

interface Traced {
  register: { server: string; source: string }[];
  report: { handle: string; type: number; category: number; id: number; sid: string; strings: number; dataSize: number; rawData: string }[];
  deregister: string[];
  /** Each insertion string as wine printed it, with the class of its line. */
  strings: { level: string; text: string; cut: boolean }[];
  order: string[];
}

/** Wine's debugstr_w: L"…" with \\, \", \n, \r, \t and \xxxx escapes, "..." after the quote when it was cut. */
function undebugstr(quoted: string): { text: string; cut: boolean } {
  const match = /^L"((?:[^"\\]|\\.)*)"(\.\.\.)?$/.exec(quoted);
  assert.ok(match, `not a wine debug string: ${quoted.slice(0, 200)}`);
  const text = match[1]!.replace(/\\(x[0-9a-f]{4}|[0-9a-f]{4}|.)/g, (_, e: string) => {
    if (/^x?[0-9a-f]{4}$/.test(e)) return String.fromCharCode(parseInt(e.replace("x", ""), 16));
    return ({ n: "\n", r: "\r", t: "\t" } as Record<string, string>)[e] ?? e;
  });
  return { text, cut: match[2] !== undefined };
}

function traced(stderr: string): Traced {
  const result: Traced = { register: [], report: [], deregister: [], strings: [], order: [] };
  for (const line of stderr.split("\n")) {
    let m = /:fixme:advapi:RegisterEventSourceW \(\(null\),(L".*")\): stub$/.exec(line);
    if (m) {
      result.register.push({ server: "(null)", source: undebugstr(m[1]!).text });
      result.order.push("RegisterEventSourceW");
      continue;
    }
    m = /:fixme:advapi:ReportEventW \(([0-9A-F]+),0x([0-9a-f]{4}),0x([0-9a-f]{4}),0x([0-9a-f]{8}),([0-9A-F]+),0x([0-9a-f]{4}),0x([0-9a-f]{8}),[0-9A-F]+,([0-9A-F]+)\): stub$/.exec(line);
    if (m) {
      const [, handle, type, category, id, sid, strings, dataSize, rawData] = m;
      result.report.push({ handle: handle!, type: parseInt(type!, 16), category: parseInt(category!, 16), id: parseInt(id!, 16), sid: sid!, strings: parseInt(strings!, 16), dataSize: parseInt(dataSize!, 16), rawData: rawData! });
      result.order.push("ReportEventW");
      continue;
    }
    m = /:fixme:advapi:DeregisterEventSource \(([0-9A-F]+)\) stub$/.exec(line);
    if (m) {
      result.deregister.push(m[1]!);
      result.order.push("DeregisterEventSource");
      continue;
    }
    m = /:(trace|warn|err):eventlog:ReportEventW (L".*)$/.exec(line);
    if (m) result.strings.push({ level: m[1]!, ...undebugstr(m[2]!) });
  }
  return result;
}

/** `registered`: the source's key as an earlier eventcreate left it; otherwise no key. */
function runRebind(records: number, extraEnv: NodeJS.ProcessEnv = {}, registered: string | null = null) {
  const { env, prefix } = installStandin("with-update");
  seedCertStoresOnce(prefix, env(), standinDemoCertificates);
  resetStandinState(prefix);
  const store = newStandinStore();
  const certificates = standinChildren(store.dir);
  writeStandinStore(store.store, generateStandinRecords(records));
  const wineEnv = env({ ...store.env, ...certificates.env, CERTREBIND_NOW: "2026-11-27T00:00:00Z" });
  // Unregistered first (another test's run may have registered it): the run must register it.
  runToFiles(wine64, ["reg", "delete", SOURCE_KEY, "/f"], wineEnv);
  if (registered !== null) {
    const added = runToFiles(wine64, ["reg", "add", SOURCE_KEY, "/v", "EventMessageFile", "/t", "REG_EXPAND_SZ", "/d", registered, "/f"], wineEnv);
    assert.equal(added.status, 0, added.stderr);
  }
  const result = runToFiles(wine64, [windowsExe, "rebind", "--json", "--old", OLD_THUMBPRINT, "--new", NEW_THUMBPRINT, "--force"], { ...wineEnv, WINEDEBUG, ...extraEnv });
  const auditLog = readFileSync(join(prefix, "drive_c/ProgramData/CertRebind/state/audit.jsonl"), "utf8").trim().split("\n");
  const registry = runToFiles(wine64, ["reg", "query", SOURCE_KEY], wineEnv);
  return { result, traced: traced(result.stderr), record: auditLog.at(-1)!, registry: registry.stdout };
}

/** The one event of the run: registered, reported and deregistered once each, in that order, on one handle. */
function assertOneEvent(run: ReturnType<typeof runRebind>, expected: { type: number; id: number; level: string; sentence: RegExp }): void {
  const { traced: t, record } = run;
  assert.deepEqual(t.order, ["RegisterEventSourceW", "ReportEventW", "DeregisterEventSource"], run.result.stderr.slice(-3000));
  assert.deepEqual(t.register, [{ server: "(null)", source: "CertRebind" }]);
  const [report] = t.report;
  assert.deepEqual(
    { type: report!.type, category: report!.category, id: report!.id, sid: report!.sid, strings: report!.strings, dataSize: report!.dataSize, rawData: report!.rawData },
    { type: expected.type, category: 0, id: expected.id, sid: "0000000000000000", strings: 2, dataSize: 0, rawData: "0000000000000000" },
  );
  assert.deepEqual(t.deregister, [report!.handle], "the handle ReportEventW used is deregistered");
  assert.equal(t.strings.length, 2);
  assert.ok(t.strings.every((s) => s.level === expected.level), `strings on the ${expected.level} class: ${t.strings.map((s) => s.level)}`);
  const [sentence, json] = t.strings;
  const audit = JSON.parse(record) as { runId: string; user: string; computer: string; exitCode: number };
  assert.equal(sentence!.cut, false);
  assert.match(sentence!.text, expected.sentence);
  assert.ok(sentence!.text.startsWith(`CertRebind rebind (manual) run ${audit.runId} by ${audit.user} on ${audit.computer}: exit code ${audit.exitCode}, `), sentence!.text);
  // The second string is the audit log's record, as wine prints it: whole, or its beginning followed by "...".
  assert.ok(json!.cut ? record.startsWith(json!.text) && json!.text.length > 200 : json!.text === record, `${json!.text.slice(0, 300)}\n${record.slice(0, 300)}`);
}

function assertRegistered(registry: string): void {
  assert.match(registry, /^\s*EventMessageFile\s+REG_EXPAND_SZ\s+%SystemRoot%\\Microsoft\.NET\\Framework64\\v4\.0\.30319\\EventLogMessages\.dll\s*$/m, registry);
  assert.match(registry, /^\s*TypesSupported\s+REG_DWORD\s+0x7\s*$/m, registry);
}

test("a rebind under wine writes one Information event 100 through RegisterEventSourceW, ReportEventW and DeregisterEventSource, and registers the source", { skip: standinSkip }, () => {
  const run = runRebind(20);
  assert.equal(run.result.status, 0, run.result.stdout.slice(0, 2000));
  const envelope = JSON.parse(run.result.stdout);
  assert.ok(!envelope.warnings.some((w: string) => /event log|event source/.test(w)), envelope.warnings.join("\n"));
  assertOneEvent(run, { type: 0x4, id: 100, level: "trace", sentence: /: exit code 0, done\.$/ });
  assertRegistered(run.registry);
});

test("a rebind under wine that fails and is rolled back writes one Error event 101 with its record", { skip: standinSkip }, () => {
  const run = runRebind(20, { CERTREBIND_STANDIN_FAIL_UPDATE_AT: "2" });
  assert.equal(run.result.status, 1, run.result.stdout.slice(0, 2000));
  assert.equal(JSON.parse(run.record).exitCode, 1);
  assertOneEvent(run, { type: 0x1, id: 101, level: "err", sentence: /: exit code 1, failed; everything it had changed was restored\.$/ });
  assertRegistered(run.registry);
});

test("a rebind under wine leaves a source registered before (by eventcreate) as it was", { skip: standinSkip }, () => {
  const run = runRebind(5, {}, "%SystemRoot%\\System32\\EventCreate.exe");
  assert.equal(run.result.status, 0, run.result.stdout.slice(0, 2000));
  assertOneEvent(run, { type: 0x4, id: 100, level: "trace", sentence: /: exit code 0, done\.$/ });
  assert.match(run.registry, /^\s*EventMessageFile\s+REG_EXPAND_SZ\s+%SystemRoot%\\System32\\EventCreate\.exe\s*$/m, run.registry);
  assert.doesNotMatch(run.registry, /TypesSupported/, run.registry);
});
