import type { RecordsJsonEntry } from "./httpsys-records-json.js";
import { recordsLayout } from "./records-json-layout.js";
import { recordsOfValue } from "./records-json-values.js";

/**
 * The entries read by JSON.parse and one pass that finds where the edited values stand, when that reading is
 * certainly the strict one's (records-json-values.ts, records-json-layout.ts); null otherwise.
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
  const layout = recordsLayout(text, from);
  if (layout.otherNumbers || layout.members !== read.members || layout.records.length !== read.records.length) return null;
  const entries: RecordsJsonEntry[] = [];
  for (let i = 0; i < read.records.length; i++) {
    const { line, hash, storeName } = layout.records[i]!;
    if (hash === null || storeName === null) return null;
    entries.push({ record: read.records[i]!, line, hash, storeName });
  }
  return entries;
}

