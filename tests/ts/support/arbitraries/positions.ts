import fc from "fast-check";

/*
 * Places in a text, drawn as fractions of its length so that one arbitrary serves texts of any size, and the edits
 * that insert or replace something there.
 */

export type TextEdit = (text: string) => string;

// Uniform over [0, 1). Not fc.double, which spreads its values over the floating-point representations (nearly all
// tiny), nor a biased integer: either would put most edits at the start of a file.
export const fraction = fc.noBias(fc.integer({ min: 0, max: 2 ** 30 - 1 })).map((n) => n / 2 ** 30);

/** The offset a fraction stands for in a text of `length` (0 to `length`). */
export const at = (position: number, length: number) => Math.min(length, Math.floor(position * (length + 1)));

/** Replaces `length` characters at `position` by `by` (inserts when `length` is 0). */
export function replaceAt(position: number, length: number, by: string): TextEdit {
  return (text) => {
    const start = at(position, text.length);
    return text.slice(0, start) + by + text.slice(Math.min(text.length, start + length));
  };
}

const ANCHORS = new Set(['"', "'", ">", ":", "="]);

/** Inserts `by` just after one of the characters that open a value or content (a quote, '>', ':', '='). */
export function afterAnchor(position: number, by: string): TextEdit {
  return (text) => {
    const anchors: number[] = [];
    for (let i = 0; i < text.length; i++) if (ANCHORS.has(text[i]!)) anchors.push(i + 1);
    return insertAtOneOf(anchors, position, by, text);
  };
}

/** Inserts `by` just before the '>' of one start tag (`<a b="c">`, not `-->`, `?>` or `/>`). */
export function inStartTag(position: number, by: string): TextEdit {
  return (text) => {
    const ends: number[] = [];
    for (let i = text.indexOf(">"); i >= 0; i = text.indexOf(">", i + 1)) if (!"-?/".includes(text[i - 1] ?? "-")) ends.push(i);
    return insertAtOneOf(ends, position, by, text);
  };
}

/** At the offset `position` picks among `offsets`, or at the end when there is none. */
function insertAtOneOf(offsets: number[], position: number, by: string, text: string): string {
  if (offsets.length === 0) return text + by;
  const offset = offsets[Math.min(offsets.length - 1, Math.floor(position * offsets.length))]!;
  return text.slice(0, offset) + by + text.slice(offset);
}
