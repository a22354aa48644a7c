import { test } from "node:test";
import assert from "node:assert/strict";
import type { Certificate } from "../../../../ts-src/core/certificate.js";
import type { PlanRequest } from "../../../../ts-src/core/rebind/plan.js";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import type { WinrmListener, WinrmState } from "../../../../ts-src/kinds/winrm/model.js";
import { winrmKind } from "../../../../ts-src/kinds/winrm/index.js";

const OLD = "A".repeat(40) as Thumbprint;
const NEW = "B".repeat(40) as Thumbprint;
const NOW = new Date("2026-12-20T00:00:00Z");

function certificate(overrides: Partial<Certificate> = {}): Certificate {
  return {
    thumbprint: NEW,
    subject: "CN=winrm.contoso.com",
    issuer: "CN=Test CA",
    dnsNames: ["winrm.contoso.com"],
    notBefore: new Date("2026-12-01T00:00:00Z"),
    notAfter: new Date("2027-12-01T00:00:00Z"),
    hasPrivateKey: true,
    store: "My",
    archived: false,
    friendlyName: null,
    renewalThumbprint: null,
    ekus: null,
    ...overrides,
  } as Certificate;
}

const listener = (overrides: Partial<WinrmListener> = {}): WinrmListener => ({
  address: "*",
  transport: "HTTPS",
  port: "5986",
  hostname: "winrm.contoso.com",
  enabled: "true",
  certificateThumbprint: OLD,
  ...overrides,
});

const state = (listeners: WinrmListener[], records = [{ key: { kind: "ipport" as const, endpoint: "0.0.0.0:5986" }, thumbprint: OLD }]): WinrmState => ({ listeners, records, unreadable: null, warnings: [] });
const request = (overrides: Partial<PlanRequest> = {}): PlanRequest => ({ oldThumbprint: OLD, newCertificates: [certificate()], now: NOW, force: false, ...overrides });

test("a listener on the old certificate is planned by its selector, for the service WinRM, with no restart, and names the record WinRM moves", () => {
  const { changes, informational } = winrmKind.plan(state([listener()]), request());
  assert.equal(informational.length, 0);
  assert.equal(changes.length, 1);
  const [{ view, target }] = changes as [(typeof changes)[0]];
  assert.deepEqual([view.kind, view.endpoint, view.status, view.from, view.to, view.service, view.restartRequired], ["winrm", "Address=*+Transport=HTTPS", "planned", OLD, NEW, "WinRM", false]);
  assert.deepEqual(view.hostnames, ["winrm.contoso.com"]);
  assert.deepEqual(view.storeName, { from: "My", to: "My" });
  assert.deepEqual(target, { address: "*", from: OLD, record: { kind: "ipport", endpoint: "0.0.0.0:5986" } });
  assert.ok(view.notes.some((n) => /WinRM moves its HTTP\.sys record 0\.0\.0\.0:5986/.test(n)));
  assert.ok(view.notes.some((n) => /WinRM is not restarted/.test(n)));
  assert.ok(view.kept.includes("Hostname: winrm.contoso.com"));
});

test("a new certificate that does not cover the listener's Hostname is refused with CR3016 (the remedy names --allow-name-mismatch), never CR3005", () => {
  const [change] = winrmKind.plan(state([listener()]), request({ newCertificates: [certificate({ dnsNames: ["www.contoso.com"] })] })).changes;
  assert.equal(change!.view.status, "refused");
  assert.equal(change!.view.code, "CR3016");
  assert.match(change!.view.reason!, /does not cover the listener's Hostname winrm\.contoso\.com .*never rewrites the Hostname/);
  assert.deepEqual(change!.view.remedy?.options, ["--allow-name-mismatch"]);
});

test("--allow-name-mismatch plans it anyway, with a note that WinRM may still refuse it", () => {
  const [change] = winrmKind.plan(state([listener()]), request({ force: true, newCertificates: [certificate({ dnsNames: ["www.contoso.com"] })] })).changes;
  assert.equal(change!.view.status, "planned");
  assert.ok(change!.view.notes.some((n) => /host-name check was overridden: .*winrm\.contoso\.com\. WinRM may still refuse it/.test(n)));
});

test("a wildcard covers the Hostname; a listener without a Hostname has no name to check", () => {
  const wildcard = winrmKind.plan(state([listener()]), request({ newCertificates: [certificate({ dnsNames: ["*.contoso.com"] })] })).changes;
  assert.equal(wildcard[0]!.view.status, "planned");
  const none = winrmKind.plan(state([listener({ hostname: "" })]), request({ newCertificates: [certificate({ dnsNames: ["other.example"] })] })).changes;
  assert.equal(none[0]!.view.status, "planned");
  assert.deepEqual(none[0]!.view.hostnames, []);
});

test("a new certificate only in another store than My is refused with CR3016: WinRM takes its certificates from My", () => {
  const [change] = winrmKind.plan(state([listener()]), request({ newCertificates: [certificate({ store: "WebHosting" })] })).changes;
  assert.equal(change!.view.code, "CR3016");
  assert.match(change!.view.reason!, /not in LocalMachine\\My \(it is in WebHosting\)/);
});

test("an Address or Port of a form WinRM does not document is refused with CR3016 and never reaches a script", () => {
  for (const bad of [listener({ address: "*';Remove-Item C:\\" }), listener({ address: "IP:10.0.0.1'" }), listener({ port: "59a6" }), listener({ port: "70000" })]) {
    const [change] = winrmKind.plan(state([bad]), request()).changes;
    assert.equal(change!.view.code, "CR3016", JSON.stringify(bad));
    assert.match(change!.view.reason!, /not of a form WinRM documents/);
  }
});

test("the shared checks still apply first (an expired new certificate is CR3003), and a listener already on the new one is unchanged", () => {
  const expired = winrmKind.plan(state([listener()]), request({ newCertificates: [certificate({ notAfter: new Date("2026-12-10T00:00:00Z") })] })).changes;
  assert.equal(expired[0]!.view.code, "CR3003");
  const done = winrmKind.plan(state([listener({ certificateThumbprint: NEW.toLowerCase() })]), request()).changes;
  assert.equal(done[0]!.view.status, "unchanged");
});

test("HTTP listeners, listeners on other certificates and listeners without a thumbprint are not planned", () => {
  const listeners = [listener({ transport: "HTTP", port: "5985" }), listener({ certificateThumbprint: "C".repeat(40) }), listener({ address: "IP:10.0.0.1", certificateThumbprint: "" })];
  assert.deepEqual(winrmKind.plan(state(listeners), request()).changes, []);
});

test("inventory: each HTTPS listener pinned to its certificate in My, owner and service WinRM; an empty thumbprint is self-selecting; a bad one a warning", () => {
  const inventory = winrmKind.inventory(
    state([listener(), listener({ transport: "HTTP", port: "5985", certificateThumbprint: "" }), listener({ address: "IP:10.0.0.1", certificateThumbprint: "" }), listener({ address: "IP:10.0.0.2", certificateThumbprint: "not-a-thumbprint" })]),
  );
  assert.deepEqual(
    inventory.bindings.map((b) => [b.kind, b.endpoint, b.thumbprint, b.storeName, b.selection, b.owner, b.service, b.hostnames]),
    [
      ["winrm", "Address=*+Transport=HTTPS", OLD, "My", "pinned", "WinRM", "WinRM", ["winrm.contoso.com"]],
      ["winrm", "Address=IP:10.0.0.1+Transport=HTTPS", null, "My", "self-selecting", "WinRM", "WinRM", ["winrm.contoso.com"]],
    ],
  );
  assert.deepEqual(inventory.warnings, ["The WinRM listener Address=IP:10.0.0.2+Transport=HTTPS: CertificateThumbprint 'not-a-thumbprint' is not a thumbprint; it is ignored."]);
});

test("listeners that could not be read: no bindings, a warning saying why and that WinRM's record stays refused (CR3007), and no claim", () => {
  const unread: WinrmState = { listeners: [], records: [], unreadable: "the WinRM service is stopped", warnings: [] };
  const inventory = winrmKind.inventory(unread);
  assert.deepEqual(inventory.bindings, []);
  assert.match(inventory.warnings[0]!, /WinRM's listeners could not be read \(the WinRM service is stopped\).*CR3007/);
  assert.deepEqual(winrmKind.claims!(unread), []);
});

test("claims: the HTTP.sys record of each HTTPS listener that names a certificate (0.0.0.0:<port> for *, <ip>:<port> for IP:, none for MAC:)", () => {
  const claims = winrmKind.claims!(
    state([
      listener(),
      listener({ address: "IP:10.0.0.10", port: "5987" }),
      listener({ address: "IP:FE80::1", port: "5988" }),
      listener({ address: "MAC:00-15-5D-01-02-03" }),
      listener({ address: "IP:10.0.0.11", certificateThumbprint: "" }),
      listener({ transport: "HTTP", port: "5985" }),
    ]),
  );
  assert.deepEqual(
    claims.map((c) => [c.kind, c.endpoint, c.by]),
    [
      ["ipport", "0.0.0.0:5986", "the WinRM listener Address=*+Transport=HTTPS"],
      ["ipport", "10.0.0.10:5987", "the WinRM listener Address=IP:10.0.0.10+Transport=HTTPS"],
      ["ipport", "[fe80::1]:5988", "the WinRM listener Address=IP:FE80::1+Transport=HTTPS"],
    ],
  );
});
