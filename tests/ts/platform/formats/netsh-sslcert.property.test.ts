import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { HttpSysRecord } from "../../../../ts-src/core/model.js";
import { parseSslCertDocument, type SslCertDocument } from "../../../../ts-src/platform/formats/netsh-sslcert.js";
import type { SslCertEdit } from "../../../../ts-src/platform/formats/netsh-sslcert-rebind.js";
import { printSslCertDocument, printWithRebinds, recordLines } from "../../support/netsh-sslcert-document.js";
import { hostileText } from "../../support/arbitraries/hostile.js";
import { mutatedText } from "../../support/arbitraries/mutations.js";
import { generatedSslCert, nullable, value, type GeneratedSslCert } from "../../support/arbitraries/netsh-sslcert.js";
import { assertHostFileError, checkProperty, lineCount, timed, valueOf } from "../../support/property.js";

const FILE = "sslcert.txt";
const FIXTURES = join(import.meta.dirname, "../../../fixtures/netsh");
const CAPTURES = readdirSync(FIXTURES)
  .filter((name) => name.endsWith(".txt"))
  .sort()
  .map((name) => readFileSync(join(FIXTURES, name), "utf8"));
const TOKENS = [" : ", ":", "(null)", "\r\n", "\n\n", "    IP:port                      : 0.0.0.0:443\n", " Extended Properties:\n", "[::1]:443", "{4dc3e181-e14b-4a21-b022-59fc669b0914}", "-----"];

const parse = (text: string) => valueOf(timed("parseSslCertDocument", () => parseSslCertDocument(text, FILE)));
const linesOf = (text: string) => text.split(/(?<=\n)/);

describe("parseSslCertDocument on generated captures", () => {
  it("reads the records of any generated capture and prints it back byte for byte", async (t) => {
    await checkProperty(
      t,
      fc.property(generatedSslCert, ({ text, records, lines, hashLines }) => {
        const document = parse(text);
        assert.deepEqual(document.entries.map((e) => e.record), records);
        assert.deepEqual(document.entries.map((e) => recordLines(document, e)), lines);
        assert.deepEqual(document.entries.map((e) => e.hashLine), hashLines);
        assert.equal(printSslCertDocument(document), text);
        assert.equal(document.warnings.length, records.filter((r) => (r.kind === "ipport" || r.kind === "hostnameport") && r.thumbprint === null).length);
      }),
      200,
    );
  });
});

interface PlannedEdit {
  index: number;
  edit: SslCertEdit;
}

const hex40 = fc.stringMatching(/^[0-9a-fA-F]{40}$/);
const storeName = fc.option(value.filter((v) => nullable(v) !== null), { nil: null });

function editsFor(generated: GeneratedSslCert): fc.Arbitrary<PlannedEdit[]> {
  const targets = generated.records.flatMap((r, index) => (r.kind === "ccs" || r.kind === "scopedccs" ? [] : [index]));
  return fc.shuffledSubarray(targets).chain((chosen) =>
    fc.tuple(
      ...chosen.map((index) =>
        fc.record({ thumbprint: hex40, storeName: fc.option(storeName, { nil: undefined }), upper: fc.boolean() }).map(({ thumbprint, storeName, upper }): PlannedEdit => {
          const { kind, endpoint } = generated.records[index]!;
          return { index, edit: { key: { kind, endpoint: upper ? endpoint.toUpperCase() : endpoint }, thumbprint, storeName } };
        }),
      ),
    ),
  );
}

/** The line with its value replaced: the label, the colon and the line end stay. */
function assertValueLine(before: string, after: string, expected: string): void {
  const colon = /^\s*\S.*?\s+:/.exec(before)![0].length;
  assert.equal(after.slice(0, colon), before.slice(0, colon));
  assert.equal(/\r?\n?$/.exec(after)![0], /\r?\n?$/.exec(before)![0]);
  assert.equal(after.slice(colon).trim(), expected);
}

function edited(record: HttpSysRecord, { thumbprint, storeName }: SslCertEdit): HttpSysRecord {
  const store = storeName === undefined ? record.storeName : storeName;
  return { ...record, thumbprint: thumbprint.toUpperCase(), storeName: store };
}

describe("printWithRebinds", () => {
  it("changes the hash and store name lines of the records it is asked to change, and nothing else", async (t) => {
    await checkProperty(
      t,
      fc.property(
        generatedSslCert.chain((generated) => fc.tuple(fc.constant(generated), editsFor(generated))),
        ([generated, planned]) => {
          const document = parse(generated.text);
          const text = valueOf(timed("printWithRebinds", () => printWithRebinds(document, planned.map((p) => p.edit))));
          const before = linesOf(generated.text);
          const after = linesOf(text);
          assert.equal(after.length, before.length);
          const changed = new Map<number, string>();
          for (const { index, edit } of planned) {
            const hashLine = generated.hashLines[index]!;
            changed.set(hashLine, edit.thumbprint.toLowerCase());
            if (edit.storeName !== undefined) changed.set(hashLine + 2, edit.storeName ?? "(null)");
          }
          before.forEach((line, i) => {
            const expected = changed.get(i);
            if (expected === undefined) assert.equal(after[i], line, `line ${i + 1} changed`);
            else assertValueLine(line, after[i]!, expected);
          });
          const records = generated.records.map((r, i) => {
            const edit = planned.find((p) => p.index === i);
            return edit ? edited(r, edit.edit) : r;
          });
          assert.deepEqual(parse(text).entries.map((e) => e.record), records);
        },
      ),
      200,
    );
  });
});

/** Every record whose key is unique gets a new hash and store name; the text must read back with them. */
function assertRebindsReadBack(document: SslCertDocument, thumbprint: string): void {
  const keys = document.entries.map((e) => `${e.record.kind}|${e.record.endpoint.toLowerCase()}`);
  const edits: SslCertEdit[] = document.entries
    .filter((e, i) => e.record.kind !== "ccs" && e.record.kind !== "scopedccs" && keys.indexOf(keys[i]!) === keys.lastIndexOf(keys[i]!))
    .map((e) => ({ key: e.record, thumbprint, storeName: "WebHosting" }));
  const text = valueOf(timed("printWithRebinds", () => printWithRebinds(document, edits)));
  const reread = valueOf(timed("parseSslCertDocument", () => parseSslCertDocument(text, FILE)));
  for (const { key } of edits) {
    const record = reread.entries.find((e) => e.record.kind === key.kind && e.record.endpoint === key.endpoint)?.record;
    assert.equal(record?.thumbprint, thumbprint.toUpperCase(), `${key.kind} ${key.endpoint}`);
    assert.equal(record?.storeName, "WebHosting", `${key.kind} ${key.endpoint}`);
  }
}

describe("parseSslCertDocument on mutated captures", () => {
  const base = fc.oneof(fc.constantFrom(...CAPTURES), generatedSslCert.map((g) => g.text));

  it("returns records that print back byte for byte, or refuses the text with CR2003 and the line", async (t) => {
    await checkProperty(
      t,
      fc.property(mutatedText(base, TOKENS), hex40, (text, thumbprint) => {
        const outcome = timed("parseSslCertDocument", () => parseSslCertDocument(text, FILE));
        if (!outcome.ok) {
          assertHostFileError(outcome.error, FILE, lineCount(text));
          return;
        }
        assert.equal(printSslCertDocument(outcome.value), text);
        assertRebindsReadBack(outcome.value, thumbprint);
      }),
      300,
    );
  });

  it("reads or refuses hostile input (long runs of white space, colons, line breaks) within the time limit", async (t) => {
    await checkProperty(
      t,
      fc.property(hostileText(base), hex40, (text, thumbprint) => {
        const outcome = timed("parseSslCertDocument", () => parseSslCertDocument(text, FILE));
        if (!outcome.ok) {
          assertHostFileError(outcome.error, FILE, lineCount(text));
          return;
        }
        assertRebindsReadBack(outcome.value, thumbprint);
      }),
      60,
      { shrink: false },
    );
  });
});
