/*
 * Where the values a rebind edits stand in a records.json text that JSON.parse has accepted: one pass over the
 * characters (strings skipped with indexOf), no value decoded. It also counts the members of every object and notes
 * any number written otherwise than as digits alone, so that the caller can tell that JSON.parse's tree is the
 * strict reading's (JSON.parse keeps the last of a key given twice, and reads 1.0 and 1e0 as 1).
 */

export interface RecordLayout {
  /** Offset of the record's `{`, and its 1-based line. */
  start: number;
  line: number;
  hash: { start: number; end: number } | null;
  storeName: { start: number; end: number } | null;
}

export interface RecordsLayout {
  records: RecordLayout[];
  /** Members of every object of the text, the duplicates of a key included. */
  members: number;
  /** A number with a sign, a fraction or an exponent somewhere in the text. */
  otherNumbers: boolean;
}

const OBJECT = 1;
const ARRAY = 2;

/** The layout of `text` from `from`; the text must be one JSON value (JSON.parse accepted it). */
export function recordsLayout(text: string, from: number): RecordsLayout {
  const layout: RecordsLayout = { records: [], members: 0, otherNumbers: false };
  const stack: number[] = [];
  let recordsDepth = -1;
  let expectKey = false;
  let key = "";
  let edited: "hash" | "storeName" | null = null;
  let line = 1; // `from` skips a BOM at most
  const valueAt = (start: number, end: number) => {
    const record = layout.records[layout.records.length - 1];
    if (edited !== null && record !== undefined && stack.length === recordsDepth + 1) record[edited] = { start, end };
    edited = null;
  };
  for (let i = from; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      // A third of a printed file: the indentation, passed before any other test.
      i++;
    } else if (c === 0x22) {
      const end = stringEnd(text, i);
      if (expectKey) {
        layout.members++;
        expectKey = false;
        key = stack.length === 1 || stack.length === recordsDepth + 1 ? text.slice(i + 1, end - 1) : "";
        edited = stack.length === recordsDepth + 1 && (key === "hash" || key === "storeName") ? key : null;
      } else {
        valueAt(i, end);
      }
      i = end;
    } else if (c === 0x7b) {
      if (stack.length === recordsDepth) layout.records.push({ start: i, line, hash: null, storeName: null });
      edited = null;
      stack.push(OBJECT);
      expectKey = true;
      i++;
    } else if (c === 0x5b) {
      if (stack.length === 1 && key === "records" && recordsDepth === -1) recordsDepth = stack.length + 1;
      edited = null;
      stack.push(ARRAY);
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      i++;
    } else if (c === 0x2c) {
      expectKey = stack[stack.length - 1] === OBJECT;
      i++;
    } else if (c === 0x6e || c === 0x74 || c === 0x66) {
      const end = i + (c === 0x66 ? 5 : 4);
      valueAt(i, end);
      i = end;
    } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
      edited = null;
      i = numberEnd(text, i, layout);
    } else {
      if (c === 0x0a) line++;
      i++;
    }
  }
  return layout;
}

/** The offset after the number at `start`; notes in `layout` a number with a sign, a fraction or an exponent. */
function numberEnd(text: string, start: number, layout: RecordsLayout): number {
  let end = start;
  for (; end < text.length; end++) {
    const d = text.charCodeAt(end);
    if (d >= 0x30 && d <= 0x39) continue;
    if (d === 0x2d || d === 0x2b || d === 0x2e || d === 0x65 || d === 0x45) layout.otherNumbers = true;
    else break;
  }
  return end;
}

/** The offset after the closing quote of the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return end + 1;
    end = text.indexOf('"', end + 1);
  }
}
