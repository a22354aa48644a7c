/*
 * A cheaper proof than the layout pass (records-json-layout.ts) that JSON.parse's tree of a records.json text is the
 * strict reading's: no backslash anywhere (so no escape, and no string holds a quote), every key written once (the
 * colons that follow a closing quote are as many as the members JSON.parse gave), and every number written as digits
 * alone. One native search per colon, no pass over every character. False means "not proved": the caller then
 * takes the layout pass, which decides.
 */

/** Whether `text` from `from`, which JSON.parse accepted and whose objects have `members` members, is written plainly. */
export function writtenPlainly(text: string, from: number, members: number): boolean {
  if (text.indexOf("\\", from) >= 0) return false;
  let keys = 0;
  for (let colon = text.indexOf(":", from); colon >= 0; colon = text.indexOf(":", colon + 1)) {
    if (text.charCodeAt(skipWhitespace(text, colon - 1, -1)) !== 0x22) continue;
    keys++;
    // Where JSON.parse's tree has records, every number is a member's value (no list holds numbers).
    if (!digitsAlone(text, skipWhitespace(text, colon + 1, 1))) return false;
  }
  // A colon inside a string may follow its opening quote: counted as a key, it makes the count too high, never too low.
  return keys === members;
}

/** The first offset from `at`, stepping by `step`, that holds no JSON white space. */
function skipWhitespace(text: string, at: number, step: 1 | -1): number {
  let c = text.charCodeAt(at);
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt((at += step));
  return at;
}

/** False when a number may start at `at` with a sign, or digits go on with a fraction or an exponent (JSON.parse reads 1.0 and 1e0 as 1). */
function digitsAlone(text: string, at: number): boolean {
  const start = at;
  let c = text.charCodeAt(at);
  if (c === 0x2d) return false;
  while (c >= 0x30 && c <= 0x39) c = text.charCodeAt(++at);
  return at === start || (c !== 0x2e && c !== 0x65 && c !== 0x45);
}
