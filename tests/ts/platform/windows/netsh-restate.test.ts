import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  RestateError,
  checkRestatable,
  readNetshRecords,
  restateCommands,
  type NetshRecord,
} from "../../../../ts-src/platform/windows/netsh-restate.js";

const FIXTURES = join(import.meta.dirname, "../../../fixtures/netsh");
const recordsOf = (file: string) => readNetshRecords(readFileSync(join(FIXTURES, file), "utf8"), file);
const recordOf = (file: string, endpoint?: string) => {
  const record = recordsOf(file).find((candidate) => endpoint === undefined || candidate.endpoint === endpoint);
  assert.ok(record, `${file} has ${endpoint}`);
  return record;
};
/** The record with one positional field's value (or label) replaced. */
const withField = (record: NetshRecord, name: string, value: string | null, label?: string): NetshRecord => ({
  ...record,
  fields: record.fields!.map((field) => (field.name === name ? { ...field, value, label: label ?? field.label } : field)),
});

const NEW = "ABCDEF0123456789ABCDEF0123456789ABCDEF01";
const NEW_LOWER = NEW.toLowerCase();
const BASE_13 =
  "verifyclientcertrevocation=enable verifyrevocationwithcachedclientcertonly=disable usagecheck=enable " +
  "revocationfreshnesstime=0 urlretrievaltimeout=0";

describe("restateCommands", () => {
  const cases = [
    {
      name: "a 13-line ipport record with store (null): no certstorename",
      record: () => recordOf("azure-pipelines-extensions-140.txt"),
      line: `http update sslcert ipport=0.0.0.0:443 certhash=${NEW_LOWER} appid={4dc3e181-e14b-4a21-b022-59fc669b0914} ${BASE_13} dsmapperusage=disable clientcertnegotiation=disable`,
    },
    {
      name: "the AD FS hostnameport record: store `my` and CTL store kept as written",
      record: () => recordOf("adfsanalyzer-41.txt"),
      line: `http update sslcert hostnameport=sts.margiestravel.com:443 certhash=${NEW_LOWER} appid={5d89a20c-beab-4389-9447-324788eb944a} certstorename=my ${BASE_13} sslctlstorename=adfstrusteddevices dsmapperusage=disable clientcertnegotiation=disable`,
    },
    {
      name: "the Server 2022 layout: Reject restated, Not Set flags and default Extended Properties left alone",
      record: () => recordOf("server2022-extended-properties.txt"),
      line: `http update sslcert ipport=0.0.0.0:443 certhash=${NEW_LOWER} appid={00000000-0000-0000-0000-000000000000} certstorename=MY ${BASE_13} dsmapperusage=disable clientcertnegotiation=disable reject=disable`,
    },
    {
      name: "the dotfiles capture of the newer layout",
      record: () => recordOf("dotfiles-ipport-newer-layout.txt"),
      line: `http update sslcert ipport=0.0.0.0:44307 certhash=${NEW_LOWER} appid={214124cd-d05b-4309-9af9-9caa44b2b74a} certstorename=MY ${BASE_13} dsmapperusage=disable clientcertnegotiation=disable reject=disable`,
    },
    {
      name: "the German record: Aktiviert/Deaktiviert mapped",
      record: () => recordOf("german-reconstructed.txt"),
      line: `http update sslcert ipport=0.0.0.0:443 certhash=${NEW_LOWER} appid={4dc3e181-e14b-4a21-b022-59fc669b0914} ${BASE_13} dsmapperusage=disable clientcertnegotiation=disable`,
    },
    {
      name: "an IPv6 WinRM record with an empty Ctl Identifier",
      record: () => recordOf("mixed-kinds-crlf.txt", "[fe80::1]:443"),
      line: `http update sslcert ipport=[fe80::1]:443 certhash=${NEW_LOWER} appid={afebb9ad-9b97-4a91-9ab5-daf4d59122f6} ${BASE_13} dsmapperusage=disable clientcertnegotiation=disable`,
    },
    {
      name: "a hostnameport record in WebHosting",
      record: () => recordOf("mixed-kinds-crlf.txt", "www.contoso.com:443"),
      line: `http update sslcert hostnameport=www.contoso.com:443 certhash=${NEW_LOWER} appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=WebHosting ${BASE_13} dsmapperusage=disable clientcertnegotiation=disable`,
    },
  ];
  for (const { name, record, line } of cases) {
    it(`restates ${name}`, () => {
      assert.deepEqual(restateCommands(record(), "update", { thumbprint: NEW, storeName: null }), [line.split(" ")]);
    });
  }

  it("restates every setting that differs from its default, whatever the values", () => {
    const flipped: Record<string, [string, string]> = {
      verifyRevocation: ["Disabled", "verifyclientcertrevocation=disable"],
      revocationCachedOnly: ["Enabled", "verifyrevocationwithcachedclientcertonly=enable"],
      usageCheck: ["Disabled", "usagecheck=disable"],
      revocationFreshnessTime: ["3600", "revocationfreshnesstime=3600"],
      urlRetrievalTimeout: ["15000", "urlretrievaltimeout=15000"],
      ctlIdentifier: ["ClientAuthIssuers", "sslctlidentifier=ClientAuthIssuers"],
      ctlStoreName: ["ClientAuthIssuers", "sslctlstorename=ClientAuthIssuers"],
      dsMapperUsage: ["Enabled", "dsmapperusage=enable"],
      negotiateClientCert: ["Enabled", "clientcertnegotiation=enable"],
      rejectConnections: ["Enabled", "reject=enable"],
      disableHttp2: ["Set", "disablehttp2=enable"],
      disableQuic: ["Set", "disablequic=enable"],
      disableTls12: ["Set", "disabletls12=enable"],
      disableTls13: ["Set", "disabletls13=enable"],
      disableOcspStapling: ["Set", "disableocspstapling=enable"],
      enableTokenBinding: ["Set", "enabletokenbinding=enable"],
      logExtendedEvents: ["Set", "logextendedevents=enable"],
      disableLegacyTls: ["Set", "disablelegacytls=enable"],
      enableSessionTicket: ["Set", "enablesessionticket=enable"],
      disableSessionId: ["Set", "disablesessionid=enable"],
    };
    let record = recordOf("server2022-extended-properties.txt");
    for (const [name, [value]] of Object.entries(flipped)) record = withField(record, name, value);
    const [args] = restateCommands(record, "update");
    assert.deepEqual(args!.slice(7), Object.values(flipped).map(([, option]) => option));
    assert.equal(args![4], "certhash=8e5d1c7b2f0a4e3d9c6b5a4f3e2d1c0b9a887766");
  });

  const flags = [
    { value: "Enabled", option: "clientcertnegotiation=enable" },
    { value: "Enable", option: "clientcertnegotiation=enable" },
    { value: "Set", option: "clientcertnegotiation=enable" },
    { value: "Aktiviert", option: "clientcertnegotiation=enable" },
    { value: "Disabled", option: "clientcertnegotiation=disable" },
    { value: "Disable", option: "clientcertnegotiation=disable" },
    { value: "Deaktiviert", option: "clientcertnegotiation=disable" },
    { value: "Not Set", option: null },
    { value: null, option: null },
  ];
  for (const { value, option } of flags) {
    it(`maps the flag value ${JSON.stringify(value)} to ${option ?? "no option"}`, () => {
      const record = withField(recordOf("azure-pipelines-extensions-140.txt"), "negotiateClientCert", value);
      const [args] = restateCommands(record, "update");
      assert.equal(args!.at(-1), option ?? "dsmapperusage=disable");
    });
  }

  it("writes delete then add before Windows 10, the key alone on the delete", () => {
    const record = recordOf("mixed-kinds-crlf.txt", "www.contoso.com:443");
    const [update] = restateCommands(record, "update", { thumbprint: NEW, storeName: "My" });
    const [remove, add] = restateCommands(record, "delete-add", { thumbprint: NEW, storeName: "My" });
    assert.deepEqual(remove, ["http", "delete", "sslcert", "hostnameport=www.contoso.com:443"]);
    assert.deepEqual(add, ["http", "add", ...update!.slice(2)]);
    assert.deepEqual(restateCommands(record, "add", { thumbprint: NEW, storeName: "My" }), [add]);
  });

  it("changes the store only when one is given, and restates the old record without a change", () => {
    const record = recordOf("mixed-kinds-crlf.txt", "www.contoso.com:443");
    const option = (change: Parameters<typeof restateCommands>[2]) =>
      restateCommands(record, "update", change)[0]!.filter((arg) => /^(certhash|certstorename)=/.test(arg));
    assert.deepEqual(option({ thumbprint: NEW, storeName: "My" }), [`certhash=${NEW_LOWER}`, "certstorename=My"]);
    assert.deepEqual(option({ thumbprint: NEW, storeName: null }), [`certhash=${NEW_LOWER}`, "certstorename=WebHosting"]);
    assert.deepEqual(option(null), ["certhash=3333333333333333333333333333333333333333", "certstorename=WebHosting"]);
  });

  it("accepts wildcard and punycode host names", () => {
    const record = recordOf("adfsanalyzer-41.txt");
    for (const endpoint of ["*.contoso.com:443", "*:443", "xn--bcher-kva.example:8443"]) {
      assert.equal(checkRestatable({ ...record, endpoint }), null, endpoint);
    }
  });
});

describe("refusals (CR3006)", () => {
  const server2022 = () => recordOf("server2022-extended-properties.txt");
  const azure = () => recordOf("azure-pipelines-extensions-140.txt");
  const sni = () => recordOf("adfsanalyzer-41.txt");
  const extendedLine = (record: NetshRecord, name: string, value: string) => withField(record, name, value);
  const cases: { name: string; record: () => NetshRecord; store?: string; restore?: true; reason: RegExp }[] = [
    { name: "an unknown translation of a flag", record: () => withField(azure(), "usageCheck", "Activé"), reason: /Usage Check 'Activé' is not a value this tool knows for a flag/ },
    { name: "a number where a flag belongs (a shifted list)", record: () => withField(azure(), "dsMapperUsage", "0"), reason: /DS Mapper Usage '0' is not a value/ },
    { name: "a word where a number belongs", record: () => withField(azure(), "urlRetrievalTimeout", "Disabled"), reason: /is not a whole number/ },
    { name: "a number above 32 bits", record: () => withField(azure(), "revocationFreshnessTime", "4294967296"), reason: /is not a whole number/ },
    { name: "Enable Caching Client Hello set (no netsh option)", record: () => withField(server2022(), "enableCachingClientHello", "Set"), reason: /Enable Caching Client Hello 'Set' is set, and netsh has no option/ },
    { name: "a line past the known order that is set", record: () => ({ ...server2022(), fields: [...server2022().fields!.slice(0, 24), { name: "field24", label: "Enable Client Correlation", value: "Set" }] }), reason: /Enable Client Correlation 'Set' is set, and netsh has no option/ },
    { name: "an Extended Property other than its default", record: () => extendedLine(server2022(), "extended.0.1", "65535"), reason: /Receive Window '65535' is an Extended Property other than its default/ },
    { name: "an Extended Property block of unknown id", record: () => extendedLine(server2022(), "extended.1.0", "2"), reason: /PropertyId '2' is an Extended Property/ },
    { name: "the shifted dotfiles capture (English label of another position)", record: () => recordOf("dotfiles-ipport-after-update.txt"), reason: /Disable Legacy TLS Versions 'Not Set' stands where 'Enable Token Binding' belongs/ },
    { name: "an unknown English label at a known position", record: () => withField(server2022(), "disableHttp2", "Not Set", "Enable Client Correlation"), reason: /Enable Client Correlation 'Not Set' stands where 'Disable HTTP2' belongs/ },
    { name: "a Ctl Identifier with a space", record: () => withField(azure(), "ctlIdentifier", "My CTL"), reason: /Ctl Identifier 'My CTL' contains characters/ },
    { name: "a Ctl Identifier with a quote", record: () => withField(azure(), "ctlIdentifier", 'a"b'), reason: /contains characters/ },
    { name: "a Ctl Identifier with =", record: () => withField(azure(), "ctlIdentifier", "a=b"), reason: /contains characters/ },
    { name: "a Ctl Store Name with a space", record: () => withField(azure(), "ctlStoreName", "Trusted People"), reason: /Ctl Store Name 'Trusted People' is not a store name .* no spaces/ },
    { name: "a record store with a space", record: () => ({ ...sni(), storeName: "Remote Desktop" }), reason: /certificate store name 'Remote Desktop' is not a store name/ },
    { name: "a new store with a space", record: sni, store: "Remote Desktop", reason: /certificate store name 'Remote Desktop'/ },
    { name: "a host name with &", record: () => ({ ...sni(), endpoint: "a&b.contoso.com:443" }), reason: /Hostname:port 'a&b.contoso.com:443' is not a host name/ },
    { name: "a host name with a quote", record: () => ({ ...sni(), endpoint: 'a".contoso.com:443' }), reason: /is not a host name/ },
    { name: "a host name with a space", record: () => ({ ...sni(), endpoint: "a b.contoso.com:443" }), reason: /is not a host name/ },
    { name: "a host name with a newline", record: () => ({ ...sni(), endpoint: "a\nhttp delete sslcert ipport=0.0.0.0:443 b:443" }), reason: /Hostname:port 'a\\nhttp delete sslcert ipport=0\.0\.0\.0:443 b:443' is not an address or host name/ },
    { name: "a host name with an underscore (GUESS: refused)", record: () => ({ ...sni(), endpoint: "a_b.contoso.com:443" }), reason: /is not a host name/ },
    { name: "an ipport that is no IP address", record: () => ({ ...azure(), endpoint: "999.0.0.1:443" }), reason: /is not an IPv4:port or \[IPv6\]:port/ },
    { name: "an IPv6 zone id", record: () => ({ ...azure(), endpoint: "[fe80::1%12]:443" }), reason: /is not an IPv4:port/ },
    { name: "port 0", record: () => ({ ...azure(), endpoint: "0.0.0.0:0" }), reason: /a port from 1 to 65535/ },
    { name: "port 70000", record: () => ({ ...azure(), endpoint: "0.0.0.0:70000" }), reason: /a port from 1 to 65535/ },
    { name: "an appid that is not a GUID", record: () => ({ ...azure(), appId: "{4dc3e181} & calc" }), reason: /is not an application ID/ },
    { name: "no appid", record: () => ({ ...azure(), appId: null }), reason: /is not an application ID/ },
    { name: "a record without hash (its rollback)", record: () => ({ ...azure(), thumbprint: null }), restore: true, reason: /certificate hash is not 40 hexadecimal digits/ },
    { name: "a ccs record", record: () => recordOf("ccs-reconstructed.txt"), reason: /is a ccs record/ },
  ];
  for (const { name, record, store, restore, reason } of cases) {
    it(`refuses ${name}`, () => {
      const built = record();
      assert.match(checkRestatable(built, store ?? null) ?? "null", reason);
      assert.throws(
        () => restateCommands(built, "update", restore ? null : { thumbprint: NEW, storeName: store ?? null }),
        (error: unknown) =>
          error instanceof RestateError && error.code === "CR3006" && error.exitCode === 3 && error.target === built.endpoint && reason.test(error.message),
      );
    });
  }

  for (const thumbprint of [`${NEW.slice(0, 39)};`, NEW.slice(0, 39), `${NEW} `, "g".repeat(40)]) {
    it(`refuses the new thumbprint ${JSON.stringify(thumbprint)}`, () => {
      assert.throws(() => restateCommands(azure(), "update", { thumbprint, storeName: null }), /certificate hash .* is not 40 hexadecimal digits/);
    });
  }

  it("accepts every real capture but the shifted one, and the German reconstruction", () => {
    const verdicts = [
      "adfsanalyzer-41.txt",
      "azure-pipelines-extensions-140.txt",
      "dotfiles-ipport-after-update.txt",
      "dotfiles-ipport-newer-layout.txt",
      "german-reconstructed.txt",
      "server2022-extended-properties.txt",
    ].map((file) => [file, recordsOf(file).map((record) => checkRestatable(record) === null)]);
    assert.deepEqual(verdicts, [
      ["adfsanalyzer-41.txt", [true]],
      ["azure-pipelines-extensions-140.txt", [true]],
      ["dotfiles-ipport-after-update.txt", [false]],
      ["dotfiles-ipport-newer-layout.txt", [true]],
      ["german-reconstructed.txt", [true]],
      ["server2022-extended-properties.txt", [true]],
    ]);
  });
});

