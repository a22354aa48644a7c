import type { RecordsJsonEntry } from "./httpsys-records-json.js";
import type { HttpSysRecord } from "../../core/model.js";
import { recordsLayout, type RecordLayout } from "./records-json-layout.js";
import { writtenPlainly } from "./records-json-plain.js";
import { recordsOfValue } from "./records-json-values.js";

/**
 * The entries read by JSON.parse, when that reading is certainly the strict one's (records-json-values.ts, and
 * records-json-plain.ts or records-json-layout.ts); null otherwise. A text written plainly gets entries whose line
 * and value spans are found by the layout pass only when first asked for (a rebind's edit, a message): reading alone
 * (bindings, a dry run) makes no pass over every character.
 */
export function quickRecordsJsonEntries(text: string): RecordsJsonEntry[] | null {
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let root: unknown;
  try {
    root = JSON.parse(from === 0 ? text : text.slice(from));
  } catch {
    return null;
  }
  const read = recordsOfValue(root);
  if (read === null) return null;
  if (writtenPlainly(text, from, read.members)) return lazyEntries(text, from, read.records);
  const layout = recordsLayout(text, from);
  if (layout.otherNumbers || layout.members !== read.members || !placesAll(layout.records, read.records.length)) return null;
  return read.records.map((record, i) => {
    const { line, hash, storeName } = layout.records[i]!;
    return { record, line, hash: hash!, storeName: storeName! };
  });
}

/** Whether the layout pass found `count` records, each with its hash and store name, as JSON.parse read them. */
function placesAll(records: readonly RecordLayout[], count: number): boolean {
  return records.length === count && records.every((r) => r.hash !== null && r.storeName !== null);
}

/** Entries whose line and spans come from one layout pass of the whole text, made on the first question. */
function lazyEntries(text: string, from: number, records: readonly HttpSysRecord[]): RecordsJsonEntry[] {
  const layout = new LayoutOnDemand(text, from, records.length);
  return records.map((record, index) => new EntryOfPlainText(record, index, layout));
}

class LayoutOnDemand {
  #records: RecordLayout[] | null = null;

  constructor(
    private readonly text: string,
    private readonly from: number,
    private readonly count: number,
  ) {}

  of(index: number): RecordLayout {
    if (this.#records === null) {
      const records = recordsLayout(this.text, this.from).records;
      // A plainly written text has them all: anything else is a fault of the proof, not of the file.
      if (!placesAll(records, this.count)) throw new Error("records.json: the layout pass and JSON.parse disagree");
      this.#records = records;
    }
    return this.#records[index]!;
  }
}

class EntryOfPlainText implements RecordsJsonEntry {
  readonly #index: number;
  readonly #layout: LayoutOnDemand;

  constructor(
    readonly record: HttpSysRecord,
    index: number,
    layout: LayoutOnDemand,
  ) {
    this.#index = index;
    this.#layout = layout;
  }

  get line(): number {
    return this.#layout.of(this.#index).line;
  }

  get hash(): RecordsJsonEntry["hash"] {
    return this.#layout.of(this.#index).hash!;
  }

  get storeName(): RecordsJsonEntry["storeName"] {
    return this.#layout.of(this.#index).storeName!;
  }
}
