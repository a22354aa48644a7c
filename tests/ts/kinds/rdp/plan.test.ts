import { test } from "node:test";
import assert from "node:assert/strict";
import type { Certificate } from "../../../../ts-src/core/certificate.js";
import type { PlanRequest } from "../../../../ts-src/core/rebind/plan.js";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import { rdpKind } from "../../../../ts-src/kinds/rdp/index.js";
import type { RdpListener, RdpState } from "../../../../ts-src/kinds/rdp/model.js";

const OLD = "A".repeat(40) as Thumbprint;
const NEW = "B".repeat(40) as Thumbprint;
const NOW = new Date("2026-12-20T00:00:00Z");

function certificate(store: string, options: Partial<Certificate> = {}): Certificate {
  return {
    thumbprint: NEW, subject: "CN=rdp.contoso.com", issuer: "CN=Contoso CA", dnsNames: ["rdp.contoso.com"],
    notBefore: new Date("2026-12-01T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z"), ekus: null, hasPrivateKey: true,
    store, archived: false, friendlyName: null, renewalThumbprint: null, source: `certs/${store}/new.cer`, ...options,
  };
}
const request = (copies: Certificate[] = [certificate("My")], force = false): PlanRequest => ({ oldThumbprint: OLD, newCertificates: copies, now: NOW, force });
const listener = (terminalName: string, thumbprint: string | null, hashType: number | null): RdpListener => ({ terminalName, thumbprint: thumbprint as Thumbprint | null, hashText: thumbprint, hashType });
const state = (...listeners: RdpListener[]): RdpState => ({ listeners, warnings: [] });

test("a pinned listener (type 3) on the old certificate is planned: kind rdp, endpoint its TerminalName, service TermService, no restart", () => {
  const { changes, informational } = rdpKind.plan(state(listener("RDP-Tcp", OLD, 3)), request());
  assert.deepEqual(informational, []);
  assert.equal(changes.length, 1);
  const { view, target } = changes[0]!;
  assert.deepEqual(
    { kind: view.kind, endpoint: view.endpoint, from: view.from, to: view.to, status: view.status, code: view.code, service: view.service, restartRequired: view.restartRequired, storeName: view.storeName, notes: view.notes, hostnames: view.hostnames },
    { kind: "rdp", endpoint: "RDP-Tcp", from: OLD, to: NEW, status: "planned", code: null, service: "TermService", restartRequired: false, storeName: { from: "My", to: "My" }, notes: [], hostnames: [] },
  );
  assert.deepEqual(target, { terminalName: "RDP-Tcp", before: OLD });
});

test("a listener that chooses its certificate itself (type 2: group policy template; type 1: self-signed; others) is informational CR3012, never a change", () => {
  const { changes, informational } = rdpKind.plan(state(listener("RDP-Tcp", OLD, 2), listener("RDP-Self", OLD, 1), listener("RDP-Zero", OLD, 0), listener("RDP-Other", NEW, 2)), request());
  assert.deepEqual(changes, []);
  assert.deepEqual(informational.map((i) => [i.kind, i.endpoint, i.code]), [["rdp", "RDP-Tcp", "CR3012"], ["rdp", "RDP-Self", "CR3012"], ["rdp", "RDP-Zero", "CR3012"]]);
  assert.match(informational[0]!.reason, /group policy's certificate template \(SSLCertificateSHA1HashType 2\).*Not changed\./);
  assert.match(informational[1]!.reason, /self-signed certificate .*\(SSLCertificateSHA1HashType 1\)/);
  assert.match(informational[2]!.reason, /SSLCertificateSHA1HashType is 0, not 3/);
  const inventory = rdpKind.inventory(state(listener("RDP-Tcp", OLD, 2), listener("RDP-Self", OLD, 1), listener("RDP-Pinned", OLD, 3), listener("RDP-None", null, 3)));
  assert.deepEqual(inventory.bindings.map((b) => [b.endpoint, b.selection, b.storeName, b.owner, b.service]), [
    ["RDP-Tcp", "self-selecting", "My", "Remote Desktop", "TermService"],
    ["RDP-Self", "self-selecting", "Remote Desktop", "Remote Desktop", "TermService"],
    ["RDP-Pinned", "pinned", "My", "Remote Desktop", "TermService"],
  ]);
  assert.deepEqual(rdpKind.storesNamed(state(listener("RDP-Tcp", OLD, 2), listener("RDP-Self", OLD, 1), listener("RDP-Pinned", OLD, 3))), ["My", "Remote Desktop"]);
});

test("a listener already on the new certificate is unchanged; one on another certificate is not in the plan", () => {
  const { changes } = rdpKind.plan(state(listener("RDP-Tcp", NEW, 3), listener("RDP-Else", "C".repeat(40), 3)), request());
  assert.deepEqual(changes.map((c) => [c.view.endpoint, c.view.status]), [["RDP-Tcp", "unchanged"]]);
});

test("CR3014: the new certificate has no copy in LocalMachine\\My (the listener takes none from elsewhere), naming where it is and what to do", () => {
  const { changes } = rdpKind.plan(state(listener("RDP-Tcp", OLD, 3)), request([certificate("WebHosting")]));
  const view = changes[0]!.view;
  assert.equal(view.status, "refused");
  assert.equal(view.code, "CR3014");
  assert.match(view.reason!, /LocalMachine\\My only .*"Invalid Parameter", KB 3042780.*the new certificate is in LocalMachine\\WebHosting\. Import it with its private key into LocalMachine\\My/);
  assert.deepEqual(view.notes, [], "no note of a store change that cannot be made");
  // A copy in My as well: that copy is used.
  const both = rdpKind.plan(state(listener("RDP-Tcp", OLD, 3)), request([certificate("WebHosting"), certificate("MY")])).changes[0]!.view;
  assert.equal(both.status, "planned");
  assert.deepEqual(both.storeName, { from: "My", to: "My" });
});

test("CR3014: a listener name that is not safe to pass to CIM is refused; the shared checks (key, validity) refuse as for every kind", () => {
  const odd = rdpKind.plan(state(listener("RDP'Tcp", OLD, 3)), request()).changes[0]!.view;
  assert.deepEqual([odd.status, odd.code], ["refused", "CR3014"]);
  assert.match(odd.reason!, /RDP'Tcp.*letters, digits, -, _ and \. only/);
  const noKey = rdpKind.plan(state(listener("RDP-Tcp", OLD, 3)), request([certificate("My", { hasPrivateKey: false })])).changes[0]!.view;
  assert.equal(noKey.status, "refused");
  assert.notEqual(noKey.code, "CR3014");
  const expired = rdpKind.plan(state(listener("RDP-Tcp", OLD, 3)), request([certificate("My", { notAfter: new Date("2026-12-10T00:00:00Z") })])).changes[0]!.view;
  assert.equal(expired.status, "refused");
});
