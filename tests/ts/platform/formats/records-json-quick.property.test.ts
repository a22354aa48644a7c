import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { HttpSysRecord } from "../../../../ts-src/core/model.js";
import { parseRecordsJson, printRecordsJson, type RecordsJsonDocument } from "../../../../ts-src/platform/formats/httpsys-records-json.js";
import { writtenPlainly } from "../../../../ts-src/platform/formats/records-json-plain.js";
import { quickRecordsJsonEntries } from "../../../../ts-src/platform/formats/records-json-quick.js";
import { recordsOfValue } from "../../../../ts-src/platform/formats/records-json-values.js";
import { recordsArbitrary } from "../../support/arbitraries/httpsys-records.js";
import { mutatedText } from "../../support/arbitraries/mutations.js";
import { at, fraction } from "../../support/arbitraries/positions.js";
import { checkProperty, timed, type Outcome } from "../../support/property.js";

/*
 * The quick reading of records.json (JSON.parse, then the proof that the text is written plainly, or the layout pass)
 * must give what the strict scanner gives, or give way to it: the same entries (records, lines, value positions) and
 * warnings, or the same refusal. Half the valid files have no backslash in any string, so that the proof without the
 * layout pass (records-json-plain.ts) is what decides.
 */

const FILE = "records.json";
const DEMO = readFileSync(join(import.meta.dirname, "../../../../examples/demo-host/httpsys/records.json"), "utf8");

/** The forms a valid file may be written in: as printed, on one line, with CRLF line ends, after a BOM. */
const layouts: readonly ((records: HttpSysRecord[]) => string)[] = [
  (records) => printRecordsJson(records),
  (records) => JSON.stringify(JSON.parse(printRecordsJson(records))),
  (records) => printRecordsJson(records).replace(/\n/g, "\r\n"),
  (records) => `\uFEFF${printRecordsJson(records)}`,
  (records) => printRecordsJson(records).replace(/": /g, '"\t : '),
];

/** Changes that leave JSON that JSON.parse reads but the strict reader may refuse, or read otherwise than the text says. */
const jsonEdits: readonly [RegExp, string][] = [
  [/: 0(?=[,\n])/g, ": 0.0"],
  [/: 0(?=[,\n])/g, ": 0e0"],
  [/: 0(?=[,\n])/g, ": -0"],
  [/: (\d+)(?=[,\n])/g, ": $1E0"],
  [/"version": 1/g, '"version": 1.0'],
  [/"hash": /g, '"hash": null, "hash": '],
  [/"hash": /g, '"hash" : null, "hash": '],
  [/"storeName": /g, '"storeName"\n: "My", "storeName": '],
  [/"endpoint": "/g, '"endpoint": ":'],
  [/"endpoint": "/g, '"endpoint": " :'],
  [/"storeName": /g, '"storeName": "My", "storeName": '],
  [/"hash"/g, '"h\\u0061sh"'],
  [/"storeName"/g, '"st\\u006freName"'],
  [/"kind"/g, '"__proto__": null, "kind"'],
  [/"endpoint": "/g, '"endpoint": "\\u0041'],
  [/"storeName": "/g, '"storeName": "\\"'],
  [/"flags": "0"/g, '"flags": "\\u0030"'],
  [/\{/g, '{"extra": [1, {"hash": null}], '],
  [/"records": \[/g, '"records": [{}, '],
  [/"type": 0/g, '"type": 3'],
  [/null/g, '"null"'],
];

/** One of jsonEdits, at one of its matches (or all of them). */
const jsonEdit = fc.tuple(fc.constantFrom(...jsonEdits), fraction, fc.boolean()).map(([[pattern, replacement], position, every]) => (text: string) => {
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return text;
  if (every) return text.replace(pattern, replacement);
  const match = matches[Math.min(matches.length - 1, at(position, matches.length))]!;
  return text.slice(0, match.index) + match[0].replace(new RegExp(pattern.source), replacement) + text.slice(match.index + match[0].length);
});

/** Records whose strings print without a backslash: no quote, backslash, control character or surrogate in them. */
const plainRecords = recordsArbitrary.map((records) => JSON.parse(JSON.stringify(records), (_key, value: unknown) => (typeof value === "string" ? value.replace(/[\\"\u0000-\u001f\ud800-\udfff]/g, "_") : value)) as HttpSysRecord[]);

const plainText = fc.tuple(plainRecords, fc.constantFrom(...layouts)).map(([records, layout]) => layout(records));

const validText = fc.oneof(fc.tuple(recordsArbitrary, fc.constantFrom(...layouts)).map(([records, layout]) => layout(records)), plainText);

const texts = fc.oneof(
  validText,
  fc.tuple(validText, fc.array(jsonEdit, { minLength: 1, maxLength: 3 })).map(([text, edits]) => edits.reduce((t, edit) => edit(t), text)),
  mutatedText(validText, ["0.0", "1e3", "-1", '"hash": null,', '"\\u0041"', "\\", "{}", "[]", ",", ":", "null"]),
);

/** A document's entries as plain objects: the quick reading's line and places are read when asked for. */
function asRead(document: RecordsJsonDocument): unknown {
  return { ...document, entries: document.entries.map(({ record, line, hash, storeName }) => ({ record, line, hash, storeName })) };
}

function sameOutcome(quick: Outcome<RecordsJsonDocument>, strict: Outcome<RecordsJsonDocument>): void {
  if (strict.ok) {
    assert.ok(quick.ok, `the quick reading refused what the strict one read: ${quick.ok ? "" : String(quick.error)}`);
    assert.deepEqual(asRead(quick.value), asRead(strict.value));
  } else {
    assert.ok(!quick.ok, "the quick reading read what the strict one refused");
    assert.equal(String(quick.error), String(strict.error));
  }
}

describe("records.json: the quick reading against the strict one", () => {
  it("reads valid files in every layout quickly, as the strict scanner reads them", async (t) => {
    assert.ok(quickRecordsJsonEntries(DEMO) !== null, "the demo host's records are read quickly");
    await checkProperty(
      t,
      fc.property(validText, (text) => {
        assert.ok(quickRecordsJsonEntries(text) !== null, "a valid file is read quickly");
        sameOutcome(timed("quick", () => parseRecordsJson(text, FILE)), timed("strict", () => parseRecordsJson(text, FILE, { strict: true })));
      }),
      100,
    );
  });

  it("proves a valid file without a backslash plain, without the layout pass", async (t) => {
    await checkProperty(
      t,
      fc.property(plainText, (text) => {
        const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
        const read = recordsOfValue(JSON.parse(text.slice(from)));
        assert.ok(read !== null);
        assert.ok(writtenPlainly(text, from, read.members), "a plain valid file is proved plain");
      }),
      100,
    );
  });

  it("gives the strict reading's entries, warnings or refusal on edited and mutated files", async (t) => {
    await checkProperty(
      t,
      fc.property(texts, (text) => {
        sameOutcome(timed("quick", () => parseRecordsJson(text, FILE)), timed("strict", () => parseRecordsJson(text, FILE, { strict: true })));
      }),
      600,
    );
  });
});
