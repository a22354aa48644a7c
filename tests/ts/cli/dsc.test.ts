/*
 * `certrebind dsc get | test | set --resource CertBindingsCurrent | CertAutoRebind`: the desired state as JSON on
 * stdin, the state as one JSON line on stdout, DSC trace lines on stderr; every state valid against the instance
 * schema its manifest embeds (dsc/*.dsc.resource.json).
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { AutoRebindState } from "../../../ts-src/core/dsc/auto-rebind-state.js";
import type { BindingsCurrentState } from "../../../ts-src/core/dsc/bindings-state.js";
import { decodeTaskXml, encodeTaskXml } from "../../../ts-src/task/auto-rebind-task.js";
import { withSettingsEnabled } from "../../../ts-src/task/task-definition.js";
import { instanceErrors, withKeylessRenewal, withoutIntranetRecord, withoutLegacyBinding } from "../dsc/support.js";
import { run } from "../support/run.js";
import { auditRecords, copyOfDemoHost, testDir } from "../support/snapshot.js";
import { treeHash } from "../support/tree-hash.js";
import { WWW_2025, WWW_2026 } from "./rebind/support.js";

type Resource = "CertBindingsCurrent" | "CertAutoRebind";
const LEGACY = "FF68DD73E9231C4C92BF0554927AF9A048BD18F5";
const TASK_FILE = "tasks/CertRebind/AutoRebind.xml";
const BUILTIN_FILE = "tasks/Microsoft/Windows/CertificateServicesClient/IIS-AutoCertRebind.xml";
const IIS_TASK_BYTES = readFileSync(join(import.meta.dirname, "../../fixtures/tasks/IIS-AutoCertRebind.xml"));

/** Runs `dsc <operation>` as DSC does (no --json), and parses what it printed. */
async function dsc<S>(root: string, operation: "get" | "test" | "set", resource: Resource, input: object | string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const stdin = typeof input === "string" ? input : JSON.stringify(input);
  const result = await run(["dsc", operation, "--resource", resource, "--host-root", root, ...extra], env, stdin);
  const lines = result.stdout.split("\n").filter((l) => l !== "");
  // DSC trace lines; an error that stops the command before it starts (bad input, environment) is a plain line.
  const traces = result.stderr.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { warn?: string; error?: string; scope?: string });
  return { ...result, lines, state: (lines.length ? JSON.parse(lines[0]!) : null) as S, traces };
}

const bindings = (root: string, operation: "get" | "test" | "set", input: object = { name: "Web", days: 30 }) => dsc<BindingsCurrentState>(root, operation, "CertBindingsCurrent", input);

const PENDING_SIX = ["Pending", "Pending", "Pending", "Pending", "Pending", "Pending"];
const reasonCodes = (state: { reasons: { code: string }[] }) => state.reasons.map((r) => r.code.split(":").pop());
const boundTo = (state: BindingsCurrentState) => Object.fromEntries(state.bindings.map((b) => [b.endpoint, b.thumbprint]));

describe("dsc --resource CertBindingsCurrent on the demo host (a pending renewal; Legacy's host name not covered)", () => {
  it("get reports the bindings, what would move and why, and changes nothing", async () => {
    const root = copyOfDemoHost();
    const before = treeHash(root);
    const result = await bindings(root, "get");
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.lines.length, 1, "one JSON line on stdout");
    assert.deepEqual(instanceErrors("CertBindingsCurrent", result.state), []);
    assert.equal("_inDesiredState" in result.state, false, "only test reports _inDesiredState");
    assert.equal(result.state.name, "Web");
    assert.equal(result.state.days, 30);
    assert.equal(result.state.bindings.length, 16, "9 HTTP.sys records (with [::]:443, a scopedccs record and WinRM's), 2 FTP bindings, SQL Server, 2 RDP listeners, RD Gateway, WinRM");
    assert.equal(boundTo(result.state)["www.contoso.com:443"], WWW_2025);
    assert.deepEqual(
      result.state.changes.map((c) => `${c.status} ${c.endpoint}`),
      [
        "planned 10.0.0.10:443", "planned www.contoso.com:443", "planned *:21:", "planned siteDefaults",
        "planned MSSQLSERVER", "planned RDP-Tcp", "refused TSGateway", "planned Address=*+Transport=HTTPS",
      ],
    );
    assert.deepEqual(reasonCodes(result.state), [...PENDING_SIX, "CR3005", "Pending", "NoSuccessor"]);
    assert.match(result.state.reasons[8]!.phrase, new RegExp(`^ipport 0\\.0\\.0\\.0:8443 is bound to ${LEGACY}, which has expired, and it has no successor: No renewal link`));
    assert.deepEqual(
      result.state.withoutSuccessor.map((w) => [w.thumbprint, w.why, w.notAfter, w.endpoints]),
      [[LEGACY, "expired", "2025-01-01T00:00:00.000Z", ["ipport 0.0.0.0:8443"]]],
    );
    assert.match(result.state.reasons[6]!.phrase, /^rdgateway TSGateway is bound to 0F70C94C\w+, which expires within 30 days, and cannot move to its successor FAC2BE39\w+: It also moves the ipport binding 0\.0\.0\.0:443, which cannot move: The new certificate does not cover legacy\.contoso\.com/);
    assert.match(result.state.reasons[1]!.phrase, /^hostnameport www\.contoso\.com:443 \(Contoso WWW\) is bound to .*; it should move to its successor FAC2BE39\w+: Windows links .* to its renewal/);
    assert.deepEqual(result.traces, [
      { warn: `${LEGACY} has expired and has no successor: ${result.traces[0]!.warn!.split(": ").slice(1).join(": ")}` },
      { warn: "The planned changes take effect only when the service MSSQLSERVER starts again. Restart them yourself, or rebind with --restart-services to have them restarted." },
    ]);
    assert.deepEqual(treeHash(root), before);
  });

  it("test answers false, with the same reasons", async () => {
    const result = await bindings(copyOfDemoHost(), "test");
    assert.equal(result.exitCode, 0);
    assert.deepEqual(instanceErrors("CertBindingsCurrent", result.state), []);
    assert.equal(result.state._inDesiredState, false);
    assert.deepEqual(reasonCodes(result.state), [...PENDING_SIX, "CR3005", "Pending", "NoSuccessor"]);
  });

  it("set moves what it can, exits 3 with the refusal as a DSC error line with its scope, and test stays false", async () => {
    const root = copyOfDemoHost();
    const result = await bindings(root, "set");
    assert.equal(result.exitCode, 3);
    assert.deepEqual(instanceErrors("CertBindingsCurrent", result.state), []);
    const bound = boundTo(result.state);
    const moved = ["10.0.0.10:443", "www.contoso.com:443", "*:21:", "siteDefaults", "MSSQLSERVER", "RDP-Tcp", "Address=*+Transport=HTTPS", "0.0.0.0:5986"];
    for (const endpoint of moved) assert.equal(bound[endpoint], WWW_2026, endpoint);
    assert.equal(bound["0.0.0.0:443"], WWW_2025);
    assert.equal(bound["TSGateway"], WWW_2025);
    assert.equal(bound["RDP-Tcp-3390"], WWW_2025, "the template-selected RDP listener is Remote Desktop's to renew");
    assert.deepEqual(result.state.changes.map((c) => `${c.status} ${c.endpoint}`), ["refused TSGateway"]);
    const errors = result.traces.filter((t) => t.error);
    assert.deepEqual(errors.map((t) => Object.keys(t)), [["error", "scope"]]);
    assert.equal(errors[0]!.scope, "target");
    assert.match(errors[0]!.error!, /^CR3005 \(scope: target\): It also moves the ipport binding 0\.0\.0\.0:443, which cannot move: The new certificate does not cover legacy\.contoso\.com.* \(TSGateway\)$/);
    assert.ok(result.traces.some((t) => t.warn === "7 binding(s) moved to their successors; the refused ones kept their certificates (see the errors)."));
    const audit = auditRecords(root);
    assert.deepEqual(audit.map((r) => [r.command, r.trigger, r.exitCode]), [["rebind", "dsc", 3]]);
    assert.deepEqual((audit[0]!.errors as { code: string; scope: string }[]).map((e) => [e.code, e.scope]), [["CR3005", "target"]]);

    const after = await bindings(root, "test");
    assert.equal(after.state._inDesiredState, false);
    assert.deepEqual(reasonCodes(after.state), ["CR3005", "NoSuccessor"]);
  });
});

describe("dsc --resource CertBindingsCurrent on the demo host without Legacy's binding and the expired intranet record (set can finish)", () => {
  it("test is false, set moves every binding and exits 0, test is then true, and set again changes nothing", async () => {
    const root = withoutIntranetRecord(withoutLegacyBinding(copyOfDemoHost()));
    const before = await bindings(root, "test");
    assert.equal(before.state._inDesiredState, false);
    assert.deepEqual(reasonCodes(before.state), [...PENDING_SIX, "Pending", "Pending"]);

    const set = await bindings(root, "set");
    assert.equal(set.exitCode, 0, set.stderr);
    assert.deepEqual(instanceErrors("CertBindingsCurrent", set.state), []);
    assert.deepEqual(set.state.changes, []);
    assert.deepEqual(set.state.reasons, []);
    // Only the listener whose certificate a template chooses stays: it is Remote Desktop's to renew, not a reason.
    assert.deepEqual(Object.entries(boundTo(set.state)).filter(([, t]) => t === WWW_2025), [["RDP-Tcp-3390", WWW_2025]]);
    assert.ok(readFileSync(join(root, "inetsrv/applicationHost.config"), "utf8").includes(`serverCertHash="${WWW_2026.toLowerCase()}"`));

    const after = await bindings(root, "test");
    assert.equal(after.exitCode, 0);
    assert.equal(after.state._inDesiredState, true);
    assert.deepEqual(after.state.reasons, []);

    const files = treeHash(root, { exclude: (p) => p.startsWith("state") });
    const again = await bindings(root, "set");
    assert.equal(again.exitCode, 0);
    assert.deepEqual(treeHash(root, { exclude: (p) => p.startsWith("state") }), files);
  });
});

describe("dsc --resource CertBindingsCurrent with nothing due", () => {
  it("is not in the desired state with an expired bound certificate that has no successor, though nothing can move", async () => {
    const root = copyOfDemoHost();
    const result = await dsc<BindingsCurrentState>(root, "test", "CertBindingsCurrent", { days: 14 });
    assert.equal(result.state._inDesiredState, false);
    assert.deepEqual(result.state.changes, []);
    assert.deepEqual(reasonCodes(result.state), ["NoSuccessor"]);
    assert.equal(result.state.days, 14);
    assert.equal("name" in result.state, false, "no name given, none echoed");
    assert.equal(result.traces.length, 1, "the expired certificate without a successor is a warning too");
  });

  it("is in the desired state when no bound certificate expires within days and none has expired", async () => {
    const root = withoutIntranetRecord(copyOfDemoHost());
    const result = await dsc<BindingsCurrentState>(root, "test", "CertBindingsCurrent", { days: 14 });
    assert.deepEqual(instanceErrors("CertBindingsCurrent", result.state), []);
    assert.equal(result.state._inDesiredState, true);
    assert.deepEqual(result.state.reasons, []);
    assert.deepEqual(result.state.withoutSuccessor, []);
    assert.deepEqual(result.traces, []);
  });

  it("is not in the desired state when a bound certificate expires within days and its would-be renewal has no private key", async () => {
    const root = withKeylessRenewal(withoutIntranetRecord(copyOfDemoHost()));
    const result = await dsc<BindingsCurrentState>(root, "test", "CertBindingsCurrent", { days: 30 });
    assert.deepEqual(instanceErrors("CertBindingsCurrent", result.state), []);
    assert.equal(result.state._inDesiredState, false);
    assert.deepEqual(reasonCodes(result.state), ["NoSuccessor"]);
    const [without] = result.state.withoutSuccessor;
    assert.equal(without!.thumbprint, WWW_2025);
    assert.equal(without!.why, "expiring");
    assert.deepEqual(without!.nearMisses.map((m) => [m.thumbprint, m.rejections.map((r) => r.check)]), [[WWW_2026, ["private-key"]]]);
    assert.match(result.state.reasons[0]!.phrase, /which expires within 30 days, and it has no successor: .*One certificate comes close but does not qualify: FAC2BE39\w+ \(it has no private key\)/);
    assert.doesNotMatch(result.state.reasons[0]!.phrase, /has not arrived/);
  });

  it("reads {} (or no input) as days 30", async () => {
    const root = copyOfDemoHost();
    for (const input of ["", "{}"]) {
      const result = await dsc<BindingsCurrentState>(root, "get", "CertBindingsCurrent", input);
      assert.equal(result.exitCode, 0);
      assert.equal(result.state.days, 30);
    }
  });
});

describe("dsc with --json", () => {
  it("prints the envelope of the command dsc, its data the state, warnings and errors in it, nothing on stderr", async () => {
    const root = copyOfDemoHost();
    const result = await run(["dsc", "test", "--resource", "CertBindingsCurrent", "--host-root", root, "--json"], {}, '{"days":30}');
    assert.equal(result.exitCode, 0);
    const envelope = result.envelope();
    assert.equal(envelope.command, "dsc");
    assert.equal((envelope.data as BindingsCurrentState)._inDesiredState, false);
    assert.equal(envelope.warnings.length, 2, "the certificate without a successor; SQL Server to restart");
    assert.equal(result.stderr, "");

    const set = await run(["dsc", "set", "--resource", "CertBindingsCurrent", "--host-root", root, "--json"], {}, "{}");
    assert.equal(set.exitCode, 3);
    assert.deepEqual(set.envelope().errors.map((e) => [e.code, e.target]), [["CR3005", "TSGateway"]]);
  });
});

describe("dsc --resource CertAutoRebind", () => {
  /** A demo host copy and a stand-in exe to install (the tests run from source). */
  function setUp() {
    const root = copyOfDemoHost();
    const exe = join(testDir({ "certrebind.exe": "certrebind exe bytes" }), "certrebind.exe");
    const auto = (operation: "get" | "test" | "set", input: object) => dsc<AutoRebindState>(root, operation, "CertAutoRebind", input, ["--exe-path", exe]);
    return { root, auto };
  }

  it("reports no task, registers it with set, is then in the desired state, and set again changes nothing", async () => {
    const { root, auto } = setUp();
    const before = await auto("test", { _exist: true });
    assert.equal(before.exitCode, 0);
    assert.deepEqual(instanceErrors("CertAutoRebind", before.state), []);
    assert.equal(before.state._exist, false);
    assert.equal(before.state._inDesiredState, false);
    assert.deepEqual(reasonCodes(before.state), ["TaskMissing"]);

    const set = await auto("set", { _exist: true });
    assert.equal(set.exitCode, 0, set.stderr);
    assert.deepEqual(instanceErrors("CertAutoRebind", set.state), []);
    assert.equal(set.state._exist, true);
    assert.equal(set.state.enabled, true);
    assert.equal(set.state.dailyAt, "03:30");
    assert.deepEqual(set.state.reasons, []);
    assert.deepEqual(auditRecords(root).map((r) => r.command), ["task enable"]);

    const after = await auto("test", { _exist: true });
    assert.equal(after.state._inDesiredState, true);
    assert.equal(after.state.exeCurrent, true);

    const files = treeHash(root);
    const again = await auto("set", { _exist: true });
    assert.equal(again.exitCode, 0);
    assert.deepEqual(treeHash(root), files, "nothing to do: not even an audit record");
  });

  it("moves the daily scan to dailyAt, and replaces IIS's own task when asked", async () => {
    const { root, auto } = setUp();
    mkdirSync(join(root, BUILTIN_FILE, ".."), { recursive: true });
    writeFileSync(join(root, BUILTIN_FILE), IIS_TASK_BYTES);
    await auto("set", { _exist: true });

    const wanted = { _exist: true, dailyAt: "4:15", replaceBuiltIn: true };
    const before = await auto("test", wanted);
    assert.deepEqual(reasonCodes(before.state), ["DailyAt", "BuiltInTaskEnabled"]);
    assert.equal(before.state.replaceBuiltIn, false);

    const set = await auto("set", wanted);
    assert.equal(set.exitCode, 0, set.stderr);
    assert.equal(set.state.dailyAt, "04:15");
    assert.equal(set.state.builtinTaskEnabled, false);
    assert.equal(set.state.replaceBuiltIn, true);
    assert.equal((await auto("test", wanted)).state._inDesiredState, true);
    assert.equal((await auto("test", { _exist: true })).state._inDesiredState, true, "no dailyAt wanted: any time will do");
  });

  it("re-enables a disabled task", async () => {
    const { root, auto } = setUp();
    await auto("set", {});
    const path = join(root, TASK_FILE);
    writeFileSync(path, encodeTaskXml(withSettingsEnabled(decodeTaskXml(readFileSync(path)), false)));

    const before = await auto("test", {});
    assert.equal(before.state.enabled, false);
    assert.deepEqual(reasonCodes(before.state), ["TaskDisabled"]);
    const set = await auto("set", {});
    assert.equal(set.state.enabled, true);
    assert.equal((await auto("test", {})).state._inDesiredState, true);
  });

  it("deletes the task for _exist false, and is then in that desired state", async () => {
    const { root, auto } = setUp();
    await auto("set", {});
    const before = await auto("test", { _exist: false });
    assert.deepEqual(reasonCodes(before.state), ["TaskPresent"]);
    const set = await auto("set", { _exist: false });
    assert.equal(set.exitCode, 0, set.stderr);
    assert.equal(set.state._exist, false);
    assert.deepEqual(readFileSync(join(root, "state/audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l).command), ["task enable", "task disable"]);
    const after = await auto("test", { _exist: false });
    assert.equal(after.state._inDesiredState, true);
    assert.deepEqual(instanceErrors("CertAutoRebind", after.state), []);
  });

  it("cannot install an exe when it runs from source without --exe-path (CR2000), and changes nothing", async () => {
    const root = copyOfDemoHost();
    const before = treeHash(root);
    const result = await dsc<AutoRebindState>(root, "set", "CertAutoRebind", {});
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /CR2000: task enable copies the running certrebind exe/);
    assert.deepEqual(treeHash(root), before);
  });
});

describe("dsc input and usage errors", () => {
  const inputCases: [string, Resource, string, RegExp][] = [
    ["text that is not JSON", "CertBindingsCurrent", "days: 30", /is not JSON/],
    ["an unknown property", "CertBindingsCurrent", '{"Days":30}', /the property 'Days' is not one of/],
    ["days out of range", "CertBindingsCurrent", '{"days":5000}', /'days' must be a whole number/],
    ["a dailyAt that is no time", "CertAutoRebind", '{"dailyAt":"noon"}', /'dailyAt' must be a time of day/],
  ];
  for (const [name, resource, input, message] of inputCases) {
    for (const operation of ["get", "test", "set"] as const) {
      it(`${operation}: ${name} is exit 2, CR2005, and nothing is read or written`, async () => {
        const root = copyOfDemoHost();
        const before = treeHash(root);
        const result = await run(["dsc", operation, "--resource", resource, "--host-root", root, "--json"], {}, input);
        assert.equal(result.exitCode, 2);
        const error = result.envelope().errors[0]!;
        assert.equal(error.code, "CR2005");
        assert.match(error.message, message);
        assert.deepEqual(treeHash(root), before);
      });
    }
  }

  it("refuses bad input before it looks at the host", async () => {
    const result = await run(["dsc", "get", "--resource", "CertBindingsCurrent", "--host-root", join(testDir(), "nowhere"), "--json"], {}, "[1]");
    assert.equal(result.envelope().errors[0]!.code, "CR2005");
  });

  const usageCases: [string, string[], RegExp][] = [
    ["no --resource", ["dsc", "get"], /Missing required argument: resource/],
    ["a resource certrebind does not have", ["dsc", "get", "--resource", "CertBinding"], /Invalid values:[\s\S]*resource/],
    ["an operation DSC resources do not have here", ["dsc", "export", "--resource", "CertBindingsCurrent"], /Invalid values:[\s\S]*operation/],
    ["no operation", ["dsc"], /Not enough non-option arguments|operation/],
  ];
  for (const [name, argv, message] of usageCases) {
    it(`${name} is a usage error (CR2000, exit 2)`, async () => {
      const result = await run([...argv, "--json", "--host-root", copyOfDemoHost()], {}, "{}");
      assert.equal(result.exitCode, 2);
      assert.equal(result.envelope().errors[0]!.code, "CR2000");
      assert.match(result.envelope().errors[0]!.message, message);
    });
  }

  it("reads no input when there is none to read (a terminal): the defaults", async () => {
    const result = await run(["dsc", "test", "--resource", "CertBindingsCurrent", "--host-root", copyOfDemoHost()]);
    assert.equal(result.exitCode, 0);
    assert.equal((JSON.parse(result.stdout) as BindingsCurrentState).days, 30);
  });
});
