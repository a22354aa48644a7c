import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import type { HttpSysRecord } from "../../../../ts-src/core/model.js";
import {
  decodeRecordsJson,
  parseRecordsJson,
  printRecordsJson,
  printWithRecordEdits,
  unappliedRecordEdits,
  type RecordsJsonEdit,
} from "../../../../ts-src/platform/formats/httpsys-records-json.js";
import { JSON_MAX_DEPTH } from "../../../../ts-src/platform/formats/json-scan.js";
import { recordsArbitrary } from "../../support/arbitraries/httpsys-records.js";
import { checkProperty, timed, valueOf } from "../../support/property.js";

const FILE = "records.json";
const DEMO = readFileSync(join(import.meta.dirname, "../../../../examples/demo-host/httpsys/records.json"), "utf8");
const NEW = "AB".repeat(20);
const IIS = "{4dc3e181-e14b-4a21-b022-59fc669b0914}";

const parse = (text: string) => parseRecordsJson(text, FILE);

const base = {
  kind: "ipport",
  endpoint: "0.0.0.0:443",
  hash: "5226DC6C54559761CD471B86EB51C096252C90F2",
  appId: IIS,
  storeName: "MY",
  certCheckMode: 0,
  revocationFreshnessTime: 0,
  revocationUrlRetrievalTimeout: 0,
  sslCtlIdentifier: null,
  sslCtlStoreName: null,
  flags: 0,
  extended: null,
};
const fileWith = (...records: object[]) => JSON.stringify({ version: 1, records }, null, 2);

describe("parseRecordsJson", () => {
  it("reads every field of the demo host's records, kinds, flags and extended parameters as written", () => {
    const { entries, warnings } = parse(DEMO);
    assert.deepEqual(entries.map((e) => `${e.record.kind} ${e.record.endpoint}`), [
      "ipport 0.0.0.0:443",
      "ipport 0.0.0.0:8443",
      "ipport 10.0.0.10:443",
      "ipport [::]:443",
      "ipport 0.0.0.0:5986",
      "hostnameport www.contoso.com:443",
      "hostnameport api.contoso.com:443",
      "ccs 443",
      "scopedccs static.contoso.com:443",
    ]);
    assert.deepEqual(warnings, []);
    const shop = entries[2]!.record;
    assert.deepEqual(shop.settings, {
      certCheckMode: 4,
      revocationFreshnessTime: 86400,
      revocationUrlRetrievalTimeout: 15000,
      sslCtlIdentifier: null,
      sslCtlStoreName: null,
      flags: 0x102000,
      extended: [
        { type: 0, name: "http2Window", flags: "0", receiveWindowSize: 1048576 },
        { type: 3, name: "other", flags: "0" },
        { type: 4, name: "errorHeaders", flags: "0", statusCode: 403, headers: [{ name: "X-Blocked-By", value: "WEB01" }] },
      ],
    });
    assert.equal(entries[1]!.record.settings!.extended, null, "null: the source could not ask for them");
  });

  it("reads a hash in any case as upper-case, accepts a BOM, and warns about an ipport record without a hash", () => {
    const [record] = parse(`\uFEFF${fileWith({ ...base, hash: base.hash.toLowerCase() })}`).entries;
    assert.equal(record!.record.thumbprint, base.hash);
    assert.deepEqual(parse(fileWith({ ...base, hash: null })).warnings, ["records.json, line 4: the ipport record 0.0.0.0:443 has no certificate hash."]);
  });

  const refusals: { name: string; text: string; line: number; says: RegExp }[] = [
    { name: "text that is not JSON", text: '{"version": 1, "records": [}', line: 1, says: /not JSON: expected a JSON value, found '\}'/ },
    { name: "a key given twice", text: '{"version": 1, "records": [], "records": []}', line: 1, says: /the key "records" is given twice/ },
    { name: "another version", text: '{"version": 2, "records": []}', line: 1, says: /"version" must be 1, found 2/ },
    { name: "a field the format does not have", text: fileWith({ ...base, comment: "x" }), line: 17, says: /record 1 \(ipport 0\.0\.0\.0:443\): a record has a field "comment" this format does not have/ },
    { name: "a missing field", text: fileWith({ ...base, flags: undefined }), line: 4, says: /record 1 \(ipport 0\.0\.0\.0:443\): a record lacks "flags"/ },
    { name: "an unknown kind", text: fileWith({ ...base, kind: "sslcert" }), line: 5, says: /record 1: "kind" must be one of ipport, hostnameport, ccs, scopedccs, found "sslcert"/ },
    { name: "a hash of 39 digits", text: fileWith({ ...base, hash: base.hash.slice(1) }), line: 7, says: /"hash" must be 40 hexadecimal digits or null/ },
    { name: "a hash that is not hex", text: fileWith({ ...base, hash: `${base.hash.slice(1)}Z` }), line: 7, says: /"hash" must be 40 hexadecimal digits/ },
    { name: "a ccs record with a hash", text: fileWith({ ...base, kind: "ccs", endpoint: "443" }), line: 7, says: /record 1 \(ccs 443\): a ccs record carries no certificate hash/ },
    { name: "a flags value that is not whole", text: fileWith({ ...base, flags: 1.5 }), line: 15, says: /"flags" must be a whole number from 0 to 4294967295, found 1\.5/ },
    { name: "a negative check mode", text: fileWith({ ...base, certCheckMode: -1 }), line: 10, says: /"certCheckMode" must be a whole number .* found -1/ },
    { name: "a flags value past a DWORD", text: fileWith({ ...base, flags: 4294967296 }), line: 15, says: /found 4294967296/ },
    { name: "a number as a string", text: fileWith({ ...base, revocationFreshnessTime: "0" }), line: 11, says: /"revocationFreshnessTime" must be a whole number/ },
    { name: "an endpoint of the wrong shape for its kind", text: fileWith({ ...base, endpoint: "www.contoso.com:443" }), line: 6, says: /"endpoint" of a ipport record must be an IPv4:port or \[IPv6\]:port/ },
    { name: "a port past 65535", text: fileWith({ ...base, endpoint: "0.0.0.0:70000" }), line: 6, says: /port 0 to 65535/ },
    { name: "an application ID that is not a GUID", text: fileWith({ ...base, appId: "4dc3e181" }), line: 8, says: /"appId" must be a GUID in braces/ },
    {
      name: "a duplicate key, host names compared without case",
      text: fileWith({ ...base, kind: "hostnameport", endpoint: "www.contoso.com:443" }, { ...base, kind: "hostnameport", endpoint: "WWW.Contoso.com:443" }),
      line: 18,
      says: /record 2 \(hostnameport WWW\.Contoso\.com:443\) has the same kind and endpoint as record 1/,
    },
    { name: "two extended parameters of one type", text: fileWith({ ...base, extended: [{ type: 3, name: "other", flags: "0" }, { type: 3, name: "other", flags: "1" }] }), line: 22, says: /two extended parameters of type 3/ },
    { name: "an extended parameter of a known type with another shape", text: fileWith({ ...base, extended: [{ type: 0, name: "other", flags: "0" }] }), line: 17, says: /the extended parameter of type 0 lacks "receiveWindowSize"/ },
    { name: "extended flags past a ULONGLONG", text: fileWith({ ...base, extended: [{ type: 5, name: "other", flags: "18446744073709551616" }] }), line: 20, says: /"flags" of an extended parameter must be a decimal string/ },
    { name: "nesting past the limit", text: `${"[".repeat(JSON_MAX_DEPTH + 2)}${"]".repeat(JSON_MAX_DEPTH + 2)}`, line: 1, says: /nested deeper than 64 levels/ },
  ];
  for (const { name, text, line, says } of refusals) {
    it(`refuses ${name} with CR2003 naming the file, the line and the record`, () => {
      assert.throws(
        () => parse(text),
        (error: unknown) => {
          assert.ok(error instanceof CertRebindError);
          assert.equal(error.code, "CR2003");
          assert.ok(error.message.startsWith(`records.json, line ${line}: `), error.message);
          assert.match(error.message, says);
          return true;
        },
      );
    });
  }

  it("refuses bytes that are not UTF-8 rather than change them when printing back", () => {
    assert.throws(() => decodeRecordsJson(Buffer.from([0x7b, 0xff, 0x7d]), FILE), /records\.json: is not UTF-8 text/);
    assert.equal(decodeRecordsJson(Buffer.from(`\uFEFF{}`, "utf8"), FILE), "\uFEFF{}");
  });
});

describe("printWithRecordEdits", () => {
  it("changes the hash value and the store name value of the edited records and nothing else", () => {
    const document = parse(DEMO);
    const www = document.entries.find((e) => e.record.endpoint === "www.contoso.com:443")!.record;
    const text = printWithRecordEdits(document, [{ key: www, thumbprint: NEW.toLowerCase(), storeName: "WebHosting" }]);
    const at = DEMO.indexOf('"endpoint": "www.contoso.com:443"');
    const expected =
      DEMO.slice(0, at) +
      DEMO.slice(at).replace(`"hash": "${www.thumbprint}",\n      "appId": "${IIS}",\n      "storeName": "My"`, `"hash": "${NEW}",\n      "appId": "${IIS}",\n      "storeName": "WebHosting"`);
    assert.notEqual(expected, DEMO);
    assert.equal(text, expected);
  });

  it("writes a hash in the case of the one it replaces, so that restoring gives the bytes back", () => {
    const original = fileWith({ ...base, hash: base.hash.toLowerCase() });
    const edited = printWithRecordEdits(parse(original), [{ key: { kind: "ipport", endpoint: "0.0.0.0:443" }, thumbprint: NEW, storeName: undefined }]);
    assert.equal(edited, original.replace(base.hash.toLowerCase(), NEW.toLowerCase()));
    assert.equal(printWithRecordEdits(parse(edited), [{ key: { kind: "ipport", endpoint: "0.0.0.0:443" }, thumbprint: base.hash, storeName: undefined }]), original);
  });

  it("refuses a ccs or scopedccs record, a missing record and a value that is not a thumbprint", () => {
    const document = parse(DEMO);
    assert.throws(() => printWithRecordEdits(document, [{ key: { kind: "scopedccs", endpoint: "static.contoso.com:443" }, thumbprint: NEW, storeName: undefined }]), /scopedccs record .* carries no certificate hash/);
    assert.throws(() => printWithRecordEdits(document, [{ key: { kind: "ccs", endpoint: "443" }, thumbprint: NEW, storeName: undefined }]), /ccs record 443/);
    assert.throws(() => printWithRecordEdits(document, [{ key: { kind: "ipport", endpoint: "1.2.3.4:443" }, thumbprint: NEW, storeName: undefined }]), /no ipport record 1\.2\.3\.4:443/);
    assert.throws(() => printWithRecordEdits(document, [{ key: { kind: "ipport", endpoint: "0.0.0.0:443" }, thumbprint: "1234", storeName: undefined }]), /not a 40-hex-digit/);
  });

  it("names the records that do not read back as the edits intended", () => {
    const document = parse(DEMO);
    const [a, b] = document.entries.map((e) => e.record);
    const edits: RecordsJsonEdit[] = [{ key: a!, thumbprint: NEW, storeName: "WebHosting" }];
    const written = printWithRecordEdits(document, edits);
    assert.deepEqual(unappliedRecordEdits(document, written, edits), []);
    assert.deepEqual(unappliedRecordEdits(document, DEMO, edits), [a!.endpoint], "nothing written");
    assert.deepEqual(unappliedRecordEdits(document, written.replace('"WebHosting"', '"WebHostinG"'), edits), [a!.endpoint], "another store name");
    const otherChanged = printWithRecordEdits(document, [...edits, { key: b!, thumbprint: NEW, storeName: undefined }]);
    assert.deepEqual(unappliedRecordEdits(document, otherChanged, edits), [a!.endpoint], "a byte changed elsewhere");
  });
});

describe("records.json round trips on generated records", () => {
  it("prints any records so that they parse back equal, and every edit changes only hash and store values", async (t) => {
    const edited = (records: HttpSysRecord[]) =>
      fc.tuple(
        fc.constant(records),
        fc.subarray(records.filter((r) => r.kind === "ipport" || r.kind === "hostnameport")).chain((targets) =>
          fc.tuple(...targets.map((record) => fc.record({ key: fc.constant(record), thumbprint: fc.stringMatching(/^[0-9a-fA-F]{40}$/), storeName: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }).map((s) => s) }))),
        ),
      );
    await checkProperty(
      t,
      fc.property(recordsArbitrary.chain(edited), ([records, edits]: [HttpSysRecord[], RecordsJsonEdit[]]) => {
        const text = printRecordsJson(records);
        const document = valueOf(timed("parseRecordsJson", () => parse(text)));
        assert.deepEqual(document.entries.map((e) => e.record), records);
        const after = printWithRecordEdits(document, edits);
        const reparsed = parse(after);
        assert.deepEqual(unappliedRecordEdits(document, after, edits), []);
        const intended = new Map(edits.map((e) => [e.key.kind + e.key.endpoint.toLowerCase(), e]));
        assert.deepEqual(
          reparsed.entries.map((e) => e.record),
          records.map((r) => {
            const edit = intended.get(r.kind + r.endpoint.toLowerCase());
            return edit ? { ...r, thumbprint: edit.thumbprint.toUpperCase(), storeName: edit.storeName === undefined ? r.storeName : edit.storeName } : r;
          }),
        );
        // Only the values edited differ: blank them out in both texts and the rest is the same, character for character.
        const blank = (source: string, entries: typeof document.entries, edited: Set<string>) => {
          let out = "";
          let at = 0;
          for (const entry of entries) {
            if (!edited.has(entry.record.endpoint.toLowerCase() + entry.record.kind)) continue;
            for (const span of [entry.hash, entry.storeName].sort((x, y) => x.start - y.start)) {
              out += source.slice(at, span.start) + "<value>";
              at = span.end;
            }
          }
          return out + source.slice(at);
        };
        const keys = new Set(edits.map((e) => e.key.endpoint.toLowerCase() + e.key.kind));
        assert.equal(blank(after, reparsed.entries, keys), blank(text, document.entries, keys));
      }),
      150,
    );
  });
});
