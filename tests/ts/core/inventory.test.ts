import { test } from "node:test";
import assert from "node:assert/strict";
import { certificateFromStore, type Certificate } from "../../../ts-src/core/certificate.js";
import { ftpSiteKind } from "../../../ts-src/kinds/ftp-site/index.js";
import { httpsysRecordKind } from "../../../ts-src/kinds/httpsys-record/index.js";
import { inventoryOf } from "../../../ts-src/providers/read-inventory.js";
import type { HttpSysRecord, IisConfiguration, IisSite } from "../../../ts-src/core/model.js";
import { parseBindingInformation } from "../../../ts-src/platform/formats/application-host.js";
import { testCertificate } from "../support/certs.js";

/** The inventory of a host with these HTTP.sys records and this IIS configuration (the two kinds that read them). */
const buildInventory = (records: HttpSysRecord[], config: IisConfiguration | null, certificates: Certificate[], now: Date) =>
  inventoryOf({ kinds: [{ kind: httpsysRecordKind, state: { records, config, sitesUnknown: null } }, ...(config ? [{ kind: ftpSiteKind, state: { config } }] : [])], certificates }, now);

const IIS = "{4dc3e181-e14b-4a21-b022-59fc669b0914}";
const A = "A".repeat(40);
const B = "B".repeat(40);
const NOW = new Date("2026-11-27T00:00:00Z");

const record = (kind: HttpSysRecord["kind"], endpoint: string, thumbprint: string | null = A, extra: Partial<HttpSysRecord> = {}): HttpSysRecord => ({
  kind, endpoint, thumbprint, appId: IIS, storeName: "My", settings: null, ...extra,
});

const site = (name: string, bindings: [string, string, number?][], ftpSsl: IisSite["ftpSsl"] = null): IisSite => ({
  name,
  id: null,
  bindings: bindings.map(([protocol, info, sslFlags = 0]) => ({ protocol, bindingInformation: info, sslFlags, endpoint: parseBindingInformation(info)! })),
  ftpSsl,
});

const config = (sites: IisSite[], siteDefaultsFtpSsl: IisConfiguration["siteDefaultsFtpSsl"] = null): IisConfiguration => ({
  path: "applicationHost.config", redirected: false, sites, siteDefaultsFtpSsl,
});

const joinCases: { name: string; records: HttpSysRecord[]; sites: IisSite[]; expect: Record<string, string[]>; missing?: string[] }[] = [
  {
    name: "two sites share one 0.0.0.0 record: one binding, both sites, their host headers",
    records: [record("ipport", "0.0.0.0:443")],
    sites: [site("Default", [["https", "*:443:"], ["http", "*:80:"]]), site("Legacy", [["https", "*:443:Legacy.Contoso.com"]])],
    expect: { "0.0.0.0:443": ["Default", "Legacy", "|legacy.contoso.com"] },
  },
  {
    name: "a specific IP with its own record uses it, not the 0.0.0.0 record",
    records: [record("ipport", "0.0.0.0:443"), record("ipport", "10.0.0.10:443")],
    sites: [site("Shop", [["https", "10.0.0.10:443:shop.contoso.com"]])],
    expect: { "0.0.0.0:443": [], "10.0.0.10:443": ["Shop", "|shop.contoso.com"] },
  },
  {
    name: "a specific IP without a record of its own is served by the 0.0.0.0 record",
    records: [record("ipport", "0.0.0.0:443")],
    sites: [site("Shop", [["https", "10.0.0.11:443:"]])],
    expect: { "0.0.0.0:443": ["Shop"] },
  },
  {
    name: "an IPv6 address falls back to [::] before 0.0.0.0",
    records: [record("ipport", "0.0.0.0:443"), record("ipport", "[::]:443")],
    sites: [site("V6", [["https", "[2001:db8::1]:443:"]])],
    expect: { "0.0.0.0:443": [], "[::]:443": ["V6"] },
  },
  {
    name: "an IPv6 address without a [::] record is served by 0.0.0.0; its own record matches whatever the case",
    records: [record("ipport", "0.0.0.0:443"), record("ipport", "[2001:DB8::2]:443")],
    sites: [site("V6", [["https", "[2001:db8::1]:443:"]]), site("Own", [["https", "[2001:db8::2]:443:"]])],
    expect: { "0.0.0.0:443": ["V6"], "[2001:DB8::2]:443": ["Own"] },
  },
  {
    name: "an SNI binding without its hostnameport record is missing, though a 0.0.0.0 record serves its port",
    records: [record("ipport", "0.0.0.0:443")],
    sites: [site("Sni", [["https", "*:443:sni.contoso.com", 1]])],
    expect: { "0.0.0.0:443": [] },
    missing: ["Sni|*:443:sni.contoso.com|hostnameport|sni.contoso.com:443"],
  },
  {
    name: "SNI bindings find their hostnameport record whatever the case or IP",
    records: [record("hostnameport", "www.contoso.com:443"), record("ipport", "0.0.0.0:443")],
    sites: [site("WWW", [["https", "10.0.0.10:443:WWW.contoso.com", 1]])],
    expect: { "www.contoso.com:443": ["WWW", "|www.contoso.com"], "0.0.0.0:443": [] },
  },
  {
    name: "CCS bindings (sslFlags 2 or 3) use the port's ccs record",
    records: [record("ccs", "443", null)],
    sites: [site("Static", [["https", "*:443:static.contoso.com", 3]]), site("Other", [["https", "*:443:other.contoso.com", 2]])],
    expect: { "443": ["Static", "Other", "|static.contoso.com", "|other.contoso.com"] },
  },
  {
    name: "a record many bindings use lists each site and host name once, in the order of the bindings",
    records: [record("ipport", "0.0.0.0:443")],
    sites: Array.from({ length: 13 }, (_, i) => site(`S${i % 10}`, [["https", `*:443:h${i % 9}.contoso.com`], ["https", `*:443:H${i % 9}.Contoso.com`]])),
    expect: {
      "0.0.0.0:443": [...Array.from({ length: 10 }, (_, i) => `S${i}`), ...Array.from({ length: 9 }, (_, i) => `|h${i}.contoso.com`)],
    },
  },
  {
    name: "records whose keys differ only in case both show the sites that use that key",
    records: [record("hostnameport", "www.contoso.com:443"), record("hostnameport", "WWW.Contoso.com:443")],
    sites: [site("WWW", [["https", "*:443:www.contoso.com", 1]])],
    expect: { "www.contoso.com:443": ["WWW", "|www.contoso.com"], "WWW.Contoso.com:443": ["WWW", "|www.contoso.com"] },
  },
  {
    name: "https bindings with no record are reported as missing; http and net.tcp are ignored",
    records: [],
    sites: [site("Blog", [["https", "*:443:blog.contoso.com", 1], ["https", "*:8443:", 0], ["https", "*:443:c.contoso.com", 2], ["http", "*:80:"]])],
    expect: {},
    missing: ["Blog|*:443:blog.contoso.com|hostnameport|blog.contoso.com:443", "Blog|*:8443:|ipport|0.0.0.0:8443", "Blog|*:443:c.contoso.com|ccs|443"],
  },
];

for (const c of joinCases) {
  test(`buildInventory: ${c.name}`, () => {
    const inventory = buildInventory(c.records, config(c.sites), [], NOW);
    const got = Object.fromEntries(inventory.bindings.map((b) => [b.endpoint, [...b.sites, ...b.hostnames.map((h) => `|${h}`)]]));
    assert.deepEqual(got, c.expect);
    assert.deepEqual(
      inventory.missingRecords.map((m) => `${m.site}|${m.bindingInformation}|${m.expectedKind}|${m.expectedEndpoint}`),
      c.missing ?? [],
    );
  });
}

test("records no site uses are listed with their owner from the appid", () => {
  const records = [
    record("ipport", "0.0.0.0:5986", A, { appId: "{AFEBB9AD-9B97-4A91-9AB5-DAF4D59122F6}" }),
    record("hostnameport", "sts.contoso.com:443", A, { appId: "{5d89a20c-beab-4389-9447-324788eb944a}" }),
    record("ipport", "0.0.0.0:8443", A, { appId: "{12345678-aaaa-bbbb-cccc-1234567890ab}" }),
    record("ipport", "0.0.0.0:9443", A),
  ];
  const inventory = buildInventory(records, null, [], NOW);
  assert.deepEqual(inventory.bindings.map((b) => [b.endpoint, b.owner, b.sites.length]), [
    ["0.0.0.0:5986", "WinRM", 0],
    ["sts.contoso.com:443", "AD FS", 0],
    ["0.0.0.0:8443", "Unknown", 0],
    ["0.0.0.0:9443", "IIS", 0],
  ]);
});

test("FTP: a site's own serverCertHash, and siteDefaults with the FTP sites that inherit it", () => {
  const sites = [
    site("Own", [["ftp", "*:21:"]], { serverCertHash: B.toLowerCase(), serverCertStoreName: "WebHosting" }),
    site("Inherits", [["ftp", "*:2121:ftp.contoso.com"]]),
    site("Web", [["http", "*:80:"]]),
  ];
  const inventory = buildInventory([], config(sites, { serverCertHash: A, serverCertStoreName: null }), [], NOW);
  assert.deepEqual(
    inventory.bindings.map((b) => ({ kind: b.kind, endpoint: b.endpoint, thumbprint: b.thumbprint, store: b.storeName, sites: b.sites, hostnames: b.hostnames })),
    [
      { kind: "ftp", endpoint: "*:21:", thumbprint: B, store: "WebHosting", sites: ["Own"], hostnames: [] },
      { kind: "ftp", endpoint: "siteDefaults", thumbprint: A, store: "MY", sites: ["Inherits"], hostnames: ["ftp.contoso.com"] },
    ],
  );
});

test("FTP: a serverCertHash that is not a thumbprint is reported, not bound", () => {
  const sites = [site("Bad", [["ftp", "*:21:"]], { serverCertHash: "not-a-hash", serverCertStoreName: null })];
  const inventory = buildInventory([], config(sites), [], NOW);
  assert.equal(inventory.bindings.length, 0);
  assert.match(inventory.warnings[0]!, /serverCertHash 'not-a-hash' of site 'Bad' is not a thumbprint/);
});

test("each binding shows its certificate from the record's store, or null when no store has it", () => {
  const der = testCertificate({ notAfter: new Date("2026-12-20T00:00:00Z") }).der;
  const inMy: Certificate = certificateFromStore({ store: "My", der, hasPrivateKey: false, archived: false, friendlyName: null, renewalThumbprint: null, source: "a" });
  const inWebHosting: Certificate = { ...inMy, store: "WebHosting", hasPrivateKey: true };
  const records = [
    record("hostnameport", "a.contoso.com:443", inMy.thumbprint, { storeName: "webhosting" }),
    record("hostnameport", "b.contoso.com:443", inMy.thumbprint, { storeName: null }),
    record("hostnameport", "c.contoso.com:443", B),
  ];
  const [a, b, c] = buildInventory(records, null, [inMy, inWebHosting], NOW).bindings;
  assert.equal(a!.certificate!.store, "WebHosting");
  assert.equal(a!.certificate!.hasPrivateKey, true);
  assert.equal(b!.certificate!.store, "My", "a record without a store name uses MY");
  assert.equal(b!.certificate!.state, "expiring");
  assert.equal(b!.certificate!.daysLeft, 23);
  assert.equal(b!.certificate!.notAfter, "2026-12-20T00:00:00.000Z");
  assert.equal(c!.certificate, null);
});
