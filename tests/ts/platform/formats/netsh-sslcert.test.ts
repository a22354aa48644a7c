import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import type { HttpSysRecord } from "../../../../ts-src/core/model.js";
import { parseSslCertDocument } from "../../../../ts-src/platform/formats/netsh-sslcert.js";
import { parseSslCertOutput, printSslCertDocument, recordLines, withRebinds, withThumbprint } from "../../support/netsh-sslcert-document.js";

const FIXTURES = join(import.meta.dirname, "../../../fixtures/netsh");
const read = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const FIXTURE_FILES = readdirSync(FIXTURES).filter((name) => name.endsWith(".txt"));

const IIS = "{4dc3e181-e14b-4a21-b022-59fc669b0914}";
/** The shape of a record's lines after its key: `-` a line before any heading, `#k` the k-th heading, `k` a line under it. */
const OLD_LAYOUT = "-".repeat(12);
const NEWER_LAYOUT = "-".repeat(24);
const EXTENDED = "#1 1 1 #2 2 2 2".replaceAll(" ", "");

type Summary = Pick<HttpSysRecord, "kind" | "endpoint" | "thumbprint" | "appId" | "storeName"> & { shape: string };
const shapeOf = (text: string, name = "f") => {
  const document = parseSslCertDocument(text, name);
  return document.entries.map((entry) => recordLines(document, entry).map((l) => (l.heading ? `#${l.block}` : l.block === 0 ? "-" : String(l.block))).join(""));
};
const summaries = (text: string, name: string): Summary[] => {
  const shapes = shapeOf(text, name);
  return parseSslCertOutput(text, name).map((record, i) => {
    assert.equal(record.settings, null, "a record read from netsh text has no settings");
    const { kind, endpoint, thumbprint, appId, storeName } = record;
    return { kind, endpoint, thumbprint, appId, storeName, shape: shapes[i]! };
  });
};

const EXPECTED: Record<string, Summary[]> = {
  "azure-pipelines-extensions-140.txt": [
    { kind: "ipport", endpoint: "0.0.0.0:443", thumbprint: "5226DC6C54559761CD471B86EB51C096252C90F2", appId: IIS, storeName: null, shape: OLD_LAYOUT },
  ],
  "german-reconstructed.txt": [
    { kind: "ipport", endpoint: "0.0.0.0:443", thumbprint: "5226DC6C54559761CD471B86EB51C096252C90F2", appId: IIS, storeName: null, shape: OLD_LAYOUT },
  ],
  "adfsanalyzer-41.txt": [
    {
      kind: "hostnameport",
      endpoint: "sts.margiestravel.com:443",
      thumbprint: "2D125F4D735DEF823178E8F17E6579D04FB97B7A",
      appId: "{5d89a20c-beab-4389-9447-324788eb944a}",
      storeName: "my",
      shape: OLD_LAYOUT,
    },
  ],
  "server2022-extended-properties.txt": [
    {
      kind: "ipport",
      endpoint: "0.0.0.0:443",
      thumbprint: "8E5D1C7B2F0A4E3D9C6B5A4F3E2D1C0B9A887766",
      appId: "{00000000-0000-0000-0000-000000000000}",
      storeName: "MY",
      shape: NEWER_LAYOUT + EXTENDED,
    },
  ],
  "dotfiles-ipport-newer-layout.txt": [
    {
      kind: "ipport",
      endpoint: "0.0.0.0:44307",
      thumbprint: "61D34F532DA121BBAB64723C4871E72C92F03735",
      appId: "{214124cd-d05b-4309-9af9-9caa44b2b74a}",
      storeName: "MY",
      shape: "-".repeat(22) + EXTENDED,
    },
  ],
  "dotfiles-ipport-after-update.txt": [
    {
      kind: "ipport",
      endpoint: "0.0.0.0:44307",
      thumbprint: "61D34F532DA121BBAB64723C4871E72C92F03735",
      appId: "{214124cd-d05b-4309-9af9-9caa44b2b74a}",
      storeName: "MY",
      // The published text skips two flags: what a line means cannot be told from its position.
      shape: "-".repeat(19),
    },
  ],
  "ccs-reconstructed.txt": [{ kind: "ccs", endpoint: "443", thumbprint: null, appId: IIS, storeName: null, shape: OLD_LAYOUT }],
  "mixed-kinds-crlf.txt": [
    { kind: "ipport", endpoint: "0.0.0.0:443", thumbprint: "1".repeat(40), appId: IIS, storeName: "MY", shape: OLD_LAYOUT },
    { kind: "ipport", endpoint: "10.0.0.5:8443", thumbprint: "A".repeat(40), appId: IIS, storeName: "My", shape: OLD_LAYOUT },
    { kind: "ipport", endpoint: "[::]:443", thumbprint: "1".repeat(40), appId: IIS, storeName: "MY", shape: OLD_LAYOUT },
    {
      kind: "ipport",
      endpoint: "[fe80::1]:443",
      thumbprint: "2".repeat(40),
      appId: "{afebb9ad-9b97-4a91-9ab5-daf4d59122f6}",
      storeName: null,
      shape: OLD_LAYOUT,
    },
    { kind: "hostnameport", endpoint: "www.contoso.com:443", thumbprint: "3".repeat(40), appId: IIS, storeName: "WebHosting", shape: OLD_LAYOUT },
    { kind: "ccs", endpoint: "443", thumbprint: null, appId: IIS, storeName: null, shape: OLD_LAYOUT },
  ],
  "scopedccs-reconstructed.txt": [
    { kind: "hostnameport", endpoint: "www.contoso.com:443", thumbprint: "3".repeat(40), appId: IIS, storeName: "WebHosting", shape: OLD_LAYOUT },
    { kind: "scopedccs", endpoint: "www.contoso.com:443", thumbprint: null, appId: IIS, storeName: null, shape: OLD_LAYOUT },
  ],
};

describe("parseSslCertOutput", () => {
  it("has an expectation for every fixture", () => {
    assert.deepEqual(FIXTURE_FILES.sort(), Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`parses ${name}`, () => {
      assert.deepEqual(summaries(read(name), name), expected);
    });
  }

  it("gives each line after the key with its label as printed and (null) and empty as null", () => {
    const document = parseSslCertDocument(read("adfsanalyzer-41.txt"), "f");
    assert.deepEqual(recordLines(document, document.entries[0]!).slice(8, 10), [
      { label: "Ctl Identifier", value: null, heading: false, block: 0 },
      { label: "Ctl Store Name", value: "adfstrusteddevices", heading: false, block: 0 },
    ]);
  });

  it("gives the Extended Properties sub-blocks with their labels", () => {
    const document = parseSslCertDocument(read("server2022-extended-properties.txt"), "f");
    assert.deepEqual(recordLines(document, document.entries[0]!).slice(-4), [
      { label: "Extended Properties", value: null, heading: true, block: 2 },
      { label: "PropertyId", value: "1", heading: false, block: 2 },
      { label: "Max Settings Per Frame", value: "2796202", heading: false, block: 2 },
      { label: "Max Settings Per Minute", value: "4294967295", heading: false, block: 2 },
    ]);
  });

  it("tells a scoped-CCS record from an SNI record of the same host:port by its key label only", () => {
    const text = read("scopedccs-reconstructed.txt");
    assert.deepEqual(parseSslCertOutput(text, "f").map((r) => r.kind), ["hostnameport", "scopedccs"]);
    const document = parseSslCertDocument(text, "f");
    assert.deepEqual(document.warnings, [], "a scoped-CCS record has no hash to warn about");
    assert.throws(() => withThumbprint(document, { kind: "scopedccs", endpoint: "www.contoso.com:443" }, "A".repeat(40)), /scopedccs record .* carries no certificate hash/);
    const sniOnly = text.replace("Scoped CCS:port   ", "Hostname:port     ");
    assert.deepEqual(parseSslCertOutput(sniOnly, "f").map((r) => r.kind), ["hostnameport", "hostnameport"]);
  });

  const server2022 = read("server2022-extended-properties.txt");
  const shapes = [
    {
      name: "keeps a line past the known ones",
      text: server2022.replace(" Extended Properties:", "    Some Future Flag             : Not Set\n Extended Properties:"),
      expected: `${NEWER_LAYOUT}-${EXTENDED}`,
    },
    {
      // INFERRED: a translation may put a space before the colon, as French typography does.
      name: "takes a less indented line without value as a heading even with a space before the colon",
      text: server2022.replaceAll(" Extended Properties:", " Propriétés étendues :"),
      expected: NEWER_LAYOUT + EXTENDED,
    },
    {
      name: "keeps a heading after a blank line with the record before it",
      text: server2022.replace("Not Set\n Extended Properties:", "Not Set\n\n Extended Properties:"),
      expected: NEWER_LAYOUT + EXTENDED,
    },
  ];
  for (const { name, text, expected } of shapes) {
    it(name, () => {
      assert.deepEqual(shapeOf(text), [expected]);
      assert.equal(printSslCertDocument(parseSslCertDocument(text, "f")), text);
    });
  }

  it("gives the same records for the German output as for the English one", () => {
    assert.deepEqual(parseSslCertOutput(read("german-reconstructed.txt"), "de"), parseSslCertOutput(read("azure-pipelines-extensions-140.txt"), "en"));
  });

  it("reads LF and CRLF alike", () => {
    const crlf = read("mixed-kinds-crlf.txt");
    assert.deepEqual(parseSslCertOutput(crlf.replaceAll("\r\n", "\n"), "f"), parseSslCertOutput(crlf, "f"));
  });

  it("accepts a BOM, trailing white space and output without any record", () => {
    const text = read("adfsanalyzer-41.txt");
    const spaced = text.replaceAll("\n", "   \t\n");
    for (const variant of [`\uFEFF${text}`, spaced, `\uFEFF${spaced}`]) {
      assert.deepEqual(parseSslCertOutput(variant, "f"), parseSslCertOutput(text, "f"));
    }
    for (const empty of ["", "\r\n", "\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n"]) {
      assert.deepEqual(parseSslCertOutput(empty, "f"), []);
    }
  });

  it("warns about a non-ccs record without a hash", () => {
    const text = read("mixed-kinds-crlf.txt").replace("1".repeat(40), "(null)");
    const document = parseSslCertDocument(text, "sslcert.txt");
    assert.equal(document.entries[0]!.record.thumbprint, null);
    assert.deepEqual(document.warnings, ["sslcert.txt, line 5: the ipport record 0.0.0.0:443 has no certificate hash."]);
    assert.deepEqual(parseSslCertDocument(read("mixed-kinds-crlf.txt"), "f").warnings, []);
  });
});

describe("parseSslCertOutput on malformed text", () => {
  const record = (key: string, hash = "5226dc6c54559761cd471b86eb51c096252c90f2", appId = IIS) =>
    [
      `    ${key}`,
      `    Certificate Hash             : ${hash}`,
      `    Application ID               : ${appId}`,
      "    Certificate Store Name       : MY",
    ].join("\n");
  const header = "SSL Certificate bindings:\n-------------------------\n\n";
  const cases: { name: string; text: string; line: number; says: RegExp }[] = [
    { name: "a hash that is not hex", text: header + record("IP:port : 0.0.0.0:443", "5226dc6c54559761cd471b86eb51c096252c90zz"), line: 5, says: /40 hexadecimal digits.*5226dc6c/ },
    { name: "a hash of the wrong length", text: header + record("IP:port : 0.0.0.0:443", "5226dc6c"), line: 5, says: /found '5226dc6c'/ },
    { name: "an application id that is not a GUID", text: header + record("IP:port : 0.0.0.0:443", undefined, "4dc3e181"), line: 6, says: /application ID.*found '4dc3e181'/ },
    { name: "a key without an endpoint", text: header + record("IP:port : (null)"), line: 4, says: /record key.*found 'IP:port : \(null\)'/ },
    { name: "a key with an impossible IPv4 address", text: header + record("IP:port : 300.1.1.1:443"), line: 4, says: /300\.1\.1\.1:443/ },
    { name: "a key with an unbracketed IPv6 address", text: header + record("IP:port : fe80::1:443"), line: 4, says: /record key/ },
    { name: "a key without a port", text: header + record("Hostname:port : www.contoso.com"), line: 4, says: /record key/ },
    { name: "a line without the label/value shape", text: `${header}${record("IP:port : 0.0.0.0:443")}\n    something else\n`, line: 8, says: /'<label> : <value>'.*found 'something else'/ },
    { name: "a record cut short", text: `${header}    IP:port : 0.0.0.0:443\n    Certificate Hash : 5226dc6c54559761cd471b86eb51c096252c90f2\n`, line: 4, says: /has 1 of the 3 lines/ },
    { name: "a second block that is not a record", text: `${header}${record("IP:port : 0.0.0.0:443")}\n\n    Usage Check : Enabled\n`, line: 9, says: /record key.*Usage Check/ },
    { name: "two lines of unexpected text", text: "The following command was not found\nplease check\n", line: 2, says: /record key.*please check/ },
  ];
  for (const { name, text, line, says } of cases) {
    it(`rejects ${name} with CR2003 at line ${line}`, () => {
      assert.throws(
        () => parseSslCertOutput(text, "sslcert.txt"),
        (error: unknown) =>
          error instanceof CertRebindError &&
          error.code === "CR2003" &&
          error.message.startsWith(`sslcert.txt, line ${line}: `) &&
          says.test(error.message),
      );
    });
  }
  it("also rejects them in CRLF text with the same line numbers", () => {
    for (const { text, line } of cases) {
      assert.throws(() => parseSslCertOutput(text.replaceAll("\n", "\r\n"), "f"), new RegExp(`^.*f, line ${line}: `));
    }
  });
});

describe("printSslCertDocument", () => {
  for (const name of FIXTURE_FILES) {
    it(`prints ${name} back byte for byte`, () => {
      const text = read(name);
      assert.equal(printSslCertDocument(parseSslCertDocument(text, name)), text);
      assert.equal(printSslCertDocument(parseSslCertDocument(`\uFEFF${text}  `, name)), `\uFEFF${text}  `);
    });
  }
});

describe("withThumbprint", () => {
  const NEW = "ABCDEF0123456789ABCDEF0123456789ABCDEF01";
  const changedLines = (before: string, after: string) => {
    const a = before.split("\n");
    const b = after.split("\n");
    assert.equal(a.length, b.length);
    return a.flatMap((line, index): [string, string][] => (line === b[index] ? [] : [[line, b[index]!]]));
  };

  for (const name of FIXTURE_FILES) {
    const document = parseSslCertDocument(read(name), name);
    for (const { record } of document.entries.filter((entry) => entry.record.kind !== "ccs" && entry.record.kind !== "scopedccs")) {
      it(`changes only the hash of ${record.endpoint} in ${name}`, () => {
        const changed = withThumbprint(document, record, NEW);
        const changes = changedLines(read(name), printSslCertDocument(changed));
        assert.equal(changes.length, 1);
        const [before, after] = changes[0]!;
        assert.equal(after, before.replace(/[0-9a-f]{40}/, NEW.toLowerCase()));
        const target = (other: HttpSysRecord) => other.kind === record.kind && other.endpoint === record.endpoint;
        assert.deepEqual(
          changed.entries.map((entry) => entry.record),
          parseSslCertOutput(read(name), name).map((other) =>
            target(other) ? { ...other, thumbprint: NEW } : other,
          ),
        );
      });
    }
  }

  it("fills a hash that was (null) or empty, keeping the line ending", () => {
    for (const before of ["(null)", ""]) {
      const text = read("mixed-kinds-crlf.txt").replace("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", before);
      const changed = withThumbprint(parseSslCertDocument(text, "f"), { kind: "ipport", endpoint: "10.0.0.5:8443" }, NEW);
      assert.equal(printSslCertDocument(changed), read("mixed-kinds-crlf.txt").replace("a".repeat(40), NEW.toLowerCase()));
    }
  });

  it("finds a host name in any case and accepts a lower-case thumbprint", () => {
    const document = parseSslCertDocument(read("mixed-kinds-crlf.txt"), "f");
    const changed = withThumbprint(document, { kind: "hostnameport", endpoint: "WWW.Contoso.com:443" }, NEW.toLowerCase());
    assert.equal(changed.entries[4]!.record.thumbprint, NEW);
  });

  it("refuses a ccs record, a missing record and a value that is not a thumbprint", () => {
    const document = parseSslCertDocument(read("mixed-kinds-crlf.txt"), "f");
    assert.throws(() => withThumbprint(document, { kind: "ccs", endpoint: "443" }, NEW), /ccs record 443/);
    assert.throws(() => withThumbprint(document, { kind: "ipport", endpoint: "0.0.0.0:8443" }, NEW), /no ipport record 0\.0\.0\.0:8443/);
    assert.throws(() => withThumbprint(document, { kind: "hostnameport", endpoint: "0.0.0.0:443" }, NEW), /no hostnameport record/);
    assert.throws(() => withThumbprint(document, { kind: "ipport", endpoint: "0.0.0.0:443" }, "1234"), /not a 40-hex-digit/);
  });
});

// Regressions found by netsh-sslcert.property.test.ts.
describe("netsh-sslcert regressions", () => {
  const NEW = "ABCDEF0123456789ABCDEF0123456789ABCDEF01";
  const record = (hashLine: string, storeLine: string) =>
    `    IP:port                      : 0.0.0.0:443\n${hashLine}\n    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\n${storeLine}\n`;

  it("writes a hash or store name that was empty before white space ending in a tab where it is read back", () => {
    const text = record("    Certificate Hash             :\t  ", "    Certificate Store Name       : \t");
    const document = parseSslCertDocument(text, "f");
    const changed = withRebinds(document, [{ key: { kind: "ipport", endpoint: "0.0.0.0:443" }, thumbprint: NEW, storeName: "WebHosting" }]);
    assert.equal(
      printSslCertDocument(changed),
      record(`    Certificate Hash             : ${NEW.toLowerCase()}\t  `, "    Certificate Store Name       : WebHosting\t"),
    );
    assert.equal(changed.entries[0]!.record.thumbprint, NEW);
    assert.equal(changed.entries[0]!.record.storeName, "WebHosting");
  });

  it("reads lines with long runs of white space or carriage returns in linear time", () => {
    for (const filler of [" ", "\r", " :"]) {
      const text = `${record(`    Certificate Hash             : ${NEW}`, "    Certificate Store Name       : MY")}    Some${filler.repeat(200_000)}x : 1\n`;
      const start = performance.now();
      try {
        parseSslCertDocument(text, "f");
      } catch (error) {
        assert.ok(error instanceof CertRebindError);
      }
      assert.ok(performance.now() - start < 5000, `${JSON.stringify(filler)}: ${performance.now() - start} ms`);
    }
  });
});
