import { test } from "node:test";
import assert from "node:assert/strict";
import type { Certificate } from "../../../../ts-src/core/certificate.js";
import { findSuccessors, type BoundCertificate } from "../../../../ts-src/core/rebind/successor.js";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";

const NOW = new Date("2026-11-27T00:00:00Z");
const t = (c: string) => c.repeat(40) as Thumbprint;

function cert(id: string, options: Partial<Certificate> = {}): Certificate {
  return {
    thumbprint: t(id),
    subject: `CN=${id}`,
    issuer: "CN=CA",
    dnsNames: ["www.contoso.com"],
    notBefore: new Date("2026-01-01T00:00:00Z"),
    notAfter: new Date("2027-06-01T00:00:00Z"),
    ekus: null,
    hasPrivateKey: true,
    store: "My",
    archived: false,
    friendlyName: null,
    renewalThumbprint: null,
    source: id,
    ...options,
  };
}
const expiring = { notBefore: new Date("2025-12-01T00:00:00Z"), notAfter: new Date("2026-12-10T00:00:00Z") };
const bound = (id: string, hostnames = ["www.contoso.com"], stores = ["My"]): BoundCertificate => ({ thumbprint: t(id), hostnames, stores });
const summary = (decisions: ReturnType<typeof findSuccessors>) =>
  decisions.map((d) => `${d.thumbprint[0]} ${d.why} -> ${d.successor?.[0] ?? "-"} ${d.how ?? "-"} ${d.refusal?.code ?? ""}`.trim());

test("nothing to do: every bound certificate is valid beyond the window", () => {
  assert.deepEqual(findSuccessors([bound("A")], [cert("A"), cert("B")], NOW, 30), []);
});

test("an autoenrollment renewal chain A→B→C is followed to its end", () => {
  const certs = [cert("A", { ...expiring, renewalThumbprint: t("B") }), cert("B", { renewalThumbprint: t("C") }), cert("C", { notAfter: new Date("2027-12-01T00:00:00Z") })];
  const [d] = findSuccessors([bound("A")], certs, NOW, 30);
  assert.deepEqual(summary([d!]), ["A expiring -> C renewal-link"]);
  assert.match(d!.reason, /2 links to the end of the chain/);
});

test("an ACME-style import with no link is found by its names, key, validity and later expiry", () => {
  const certs = [cert("A", expiring), cert("B", { notBefore: new Date("2026-11-20T00:00:00Z"), notAfter: new Date("2027-02-18T00:00:00Z") }), cert("X", { dnsNames: ["other.contoso.com"] })];
  const [d] = findSuccessors([bound("A")], certs, NOW, 30);
  assert.deepEqual(summary([d!]), ["A expiring -> B match"]);
  assert.match(d!.reason, /only certificate with a private key, valid now, for server authentication, covering www\.contoso\.com, expiring after 2026-12-10/);
});

test("two certificates from one template renewing at once: each goes to the one that covers its sites", () => {
  const certs = [
    cert("A", { ...expiring, dnsNames: ["a.contoso.com"] }),
    cert("B", { ...expiring, dnsNames: ["b.contoso.com"] }),
    cert("C", { dnsNames: ["a.contoso.com"], notBefore: new Date("2026-11-25T00:00:00Z") }),
    cert("D", { dnsNames: ["b.contoso.com"], notBefore: new Date("2026-11-25T00:00:00Z") }),
  ];
  const decisions = findSuccessors([bound("A", ["a.contoso.com"]), bound("B", ["b.contoso.com"])], certs, NOW, 30);
  assert.deepEqual(summary(decisions), ["A expiring -> C match", "B expiring -> D match"]);
});

test("an ambiguous pair: neither candidate both expires last and was issued last, so nothing is chosen", () => {
  const certs = [
    cert("A", expiring),
    cert("B", { notBefore: new Date("2026-11-01T00:00:00Z"), notAfter: new Date("2027-11-01T00:00:00Z") }),
    cert("C", { notBefore: new Date("2026-11-20T00:00:00Z"), notAfter: new Date("2027-10-01T00:00:00Z") }),
  ];
  const [d] = findSuccessors([bound("A")], certs, NOW, 30);
  assert.deepEqual(summary([d!]), ["A expiring -> - - CR3008"]);
  assert.deepEqual(d!.candidates, [t("B"), t("C")]);
});

test("a candidate that is newer in both ways dominates the others", () => {
  const certs = [cert("A", expiring), cert("B", { notBefore: new Date("2026-10-01T00:00:00Z"), notAfter: new Date("2027-10-01T00:00:00Z") }), cert("C", { notBefore: new Date("2026-11-20T00:00:00Z"), notAfter: new Date("2027-11-20T00:00:00Z") })];
  assert.deepEqual(summary(findSuccessors([bound("A")], certs, NOW, 30)), ["A expiring -> C match"]);
});

// The bound certificate serves two names; each would-be successor below is a renewal that fails one test.
const twoNames = ["www.contoso.com", "shop.contoso.com"];
const excluded: [string, Partial<Certificate>, string, RegExp][] = [
  ["without a private key", { hasPrivateKey: false }, "private-key", /it has no private key/],
  ["that lacks one bound host name", { dnsNames: ["www.contoso.com"] }, "names", /it does not cover shop\.contoso\.com/],
  ["not valid yet", { notBefore: new Date("2026-12-01T00:00:00Z") }, "not-yet-valid", /it is not valid before 2026-12-01/],
  ["for client authentication only", { ekus: ["1.3.6.1.5.5.7.3.2"] }, "server-auth", /does not include server authentication/],
  ["in another store", { store: "WebHosting" }, "store", /it is in store WebHosting, not My/],
  ["that expires before the old one", { notAfter: new Date("2026-12-05T00:00:00Z"), notBefore: new Date("2026-11-01T00:00:00Z") }, "expires-earlier", /not after the bound certificate/],
  ["archived", { archived: true }, "archived", /it is archived/],
];
for (const [name, options, check, why] of excluded) {
  test(`a would-be successor ${name} is not matched, and is named as a near miss with why (not "has not arrived")`, () => {
    const certs = [cert("A", { ...expiring, dnsNames: twoNames }), cert("B", { dnsNames: twoNames, ...options })];
    const [d] = findSuccessors([bound("A", twoNames)], certs, NOW, 30);
    assert.deepEqual(summary([d!]), ["A expiring -> - -"]);
    assert.doesNotMatch(d!.reason, /has not arrived/);
    assert.deepEqual(
      d!.nearMisses.map((m) => [m.thumbprint, m.rejections.map((r) => r.check)]),
      [[t("B"), [check]]],
    );
    assert.match(d!.nearMisses[0]!.rejections[0]!.reason, why);
    assert.match(d!.reason, new RegExp(`One certificate comes close but does not qualify: ${t("B")} \\(`));
  });
}

test("a near miss lists every test it fails", () => {
  const certs = [cert("A", expiring), cert("B", { hasPrivateKey: false, ekus: ["1.3.6.1.5.5.7.3.2"] })];
  const [d] = findSuccessors([bound("A")], certs, NOW, 30);
  assert.deepEqual(d!.nearMisses[0]!.rejections.map((r) => r.check), ["private-key", "server-auth"]);
});

test("the renewal has not arrived when no certificate shares a name with the bound one; older generations are no near misses", () => {
  const older = cert("C", { notBefore: new Date("2024-12-01T00:00:00Z"), notAfter: new Date("2025-12-10T00:00:00Z") });
  const certs = [cert("A", expiring), cert("X", { dnsNames: ["other.contoso.com"] }), older];
  const [d] = findSuccessors([bound("A")], certs, NOW, 30);
  assert.deepEqual(d!.nearMisses, []);
  assert.match(d!.reason, /the renewal has not arrived yet/);
});

test("at most 10 near misses are named, the newest issued first", () => {
  const misses = Array.from({ length: 12 }, (_, i) =>
    cert((i + 1).toString(16).toUpperCase(), { hasPrivateKey: false, notBefore: new Date(Date.UTC(2026, 0, 1 + i)) }),
  );
  const [d] = findSuccessors([bound("0")], [cert("0", expiring), ...misses], NOW, 30);
  assert.equal(d!.nearMisses.length, 10);
  assert.equal(d!.nearMisses[0]!.thumbprint, t("C"));
});

test("a linked successor without a private key is still the successor (the rebind then refuses it with a reason)", () => {
  const [d] = findSuccessors([bound("A")], [cert("A", { ...expiring, renewalThumbprint: t("B") }), cert("B", { hasPrivateKey: false })], NOW, 30);
  assert.deepEqual(summary([d!]), ["A expiring -> B renewal-link"]);
});

test("renewal links that loop, or run longer than 20, are refused with CR3009", () => {
  const loop = [cert("A", { ...expiring, renewalThumbprint: t("B") }), cert("B", { renewalThumbprint: t("A") })];
  assert.deepEqual(summary(findSuccessors([bound("A")], loop, NOW, 30)), ["A expiring -> - - CR3009"]);
  const ids = "ABCDEFGHIJKLMNOPQRSTUVW".split(""); // 23 certificates: 22 links
  const chain = ids.map((id, i) => cert(id, { ...(i === 0 ? expiring : {}), renewalThumbprint: i + 1 < ids.length ? t(ids[i + 1]!) : null }));
  const [d] = findSuccessors([bound("A")], chain, NOW, 30);
  assert.deepEqual(summary([d!]), ["A expiring -> - - CR3009"]);
  assert.match(d!.reason, /more than 20 certificates/);
  const twenty = chain.slice(0, 21).map((c, i) => (i === 20 ? { ...c, renewalThumbprint: null } : c));
  assert.deepEqual(summary(findSuccessors([bound("A")], twenty, NOW, 30)), ["A expiring -> U renewal-link"], "20 links are followed");
});

test("expired, archived and missing bound certificates need a successor too; a valid one beyond the window does not", () => {
  const certs = [
    cert("A", { notBefore: new Date("2025-01-01T00:00:00Z"), notAfter: new Date("2026-01-01T00:00:00Z") }),
    cert("B", { archived: true }),
    cert("C", { notAfter: new Date("2027-01-30T00:00:00Z") }),
    cert("E", { notBefore: new Date("2026-11-20T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z") }),
  ];
  const decisions = findSuccessors([bound("A"), bound("B"), bound("C"), bound("D")], certs, NOW, 30);
  assert.deepEqual(decisions.map((d) => `${d.thumbprint[0]} ${d.why} -> ${d.successor?.[0] ?? "-"}`), ["A expired -> E", "B archived -> E", "D missing -> E"]);
  assert.equal(findSuccessors([bound("C")], certs, NOW, 90)[0]!.why, "expiring", "--days widens the window");
});

test("a bound host the old certificate never covered is not asked of the successor", () => {
  const certs = [cert("A", { ...expiring, dnsNames: ["www.contoso.com"] }), cert("B", { dnsNames: ["www.contoso.com"], notBefore: new Date("2026-11-20T00:00:00Z") })];
  const [d] = findSuccessors([bound("A", ["www.contoso.com", "legacy.contoso.com"])], certs, NOW, 30);
  assert.deepEqual(summary([d!]), ["A expiring -> B match"]);
});

test("with no host name behind the bindings, the successor must carry every name of the old certificate", () => {
  const certs = [cert("A", { ...expiring, dnsNames: ["www.contoso.com", "contoso.com"] }), cert("B", { dnsNames: ["www.contoso.com"] }), cert("C", { dnsNames: ["contoso.com", "www.contoso.com"], notBefore: new Date("2026-11-20T00:00:00Z") })];
  assert.deepEqual(summary(findSuccessors([bound("A", [])], certs, NOW, 30)), ["A expiring -> C match"]);
});

test("a certificate with no name to recognise its renewal by (in no store, no host name behind its record) gets no successor", () => {
  const certs = [cert("B", { notBefore: new Date("2026-11-20T00:00:00Z"), notAfter: new Date("2027-12-01T00:00:00Z") })];
  const [missing] = findSuccessors([bound("D", [])], certs, NOW, 30);
  assert.deepEqual(summary([missing!]), ["D missing -> - -"]);
  assert.deepEqual(missing!.candidates, []);
  assert.match(missing!.reason, /nothing to recognise its renewal by: no certificate store holds it/);
  const [nameless] = findSuccessors([bound("A", [])], [cert("A", { ...expiring, dnsNames: [] }), ...certs], NOW, 30);
  assert.deepEqual(summary([nameless!]), ["A expiring -> - -"]);
  assert.match(nameless!.reason, /the certificate names no host/);
});
