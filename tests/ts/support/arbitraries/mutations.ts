import fc from "fast-check";
import { afterAnchor, at, fraction, replaceAt, type TextEdit } from "./positions.js";

/*
 * Mutations of a valid input, as a fuzzer makes them: characters or bytes changed, lines deleted, duplicated or
 * swapped, the text cut short, garbage or format tokens inserted (anywhere, or where a value or content starts),
 * and long runs of one character or token.
 */

/** Characters that mean something to the parsers, and some that should mean nothing. */
const SPECIAL = ["<", ">", "&", '"', "'", ":", ";", "=", "/", "!", "?", "[", "]", "-", " ", "\t", "\r", "\n", "\0", "\uFEFF", "\uD800", "\u2028", "é", "0", "x", "#"];
const character = fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));

function onLines(change: (lines: string[], index: number, other: number) => void, first: number, second: number): TextEdit {
  return (text) => {
    const lines = text.split(/(?<=\n)/);
    const index = Math.min(lines.length - 1, Math.floor(first * lines.length));
    const other = Math.min(lines.length - 1, Math.floor(second * lines.length));
    change(lines, index, other);
    return lines.join("");
  };
}

function textMutation(tokens: readonly string[]): fc.Arbitrary<TextEdit> {
  const token = tokens.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...tokens) }, { weight: 1, arbitrary: character }) : character;
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fraction, character).map(([p, c]) => replaceAt(p, 1, c)) },
    { weight: 3, arbitrary: fc.tuple(fraction, token).map(([p, t]) => replaceAt(p, 0, t)) },
    { weight: 4, arbitrary: fc.tuple(fraction, token).map(([p, t]) => afterAnchor(p, t)) },
    { weight: 2, arbitrary: fc.tuple(fraction, fc.string({ unit: "binary", maxLength: 40 })).map(([p, s]) => replaceAt(p, 0, s)) },
    { weight: 2, arbitrary: fc.tuple(fraction, fc.integer({ min: 1, max: 200 })).map(([p, n]) => replaceAt(p, n, "")) },
    { weight: 2, arbitrary: fc.tuple(fraction, fraction).map(([a, b]) => onLines((lines, i) => lines.splice(i, 1), a, b)) },
    { weight: 2, arbitrary: fc.tuple(fraction, fraction).map(([a, b]) => onLines((lines, i) => lines.splice(i, 0, lines[i]!), a, b)) },
    { weight: 1, arbitrary: fc.tuple(fraction, fraction).map(([a, b]) => onLines((lines, i, j) => ([lines[i], lines[j]] = [lines[j]!, lines[i]!]), a, b)) },
    { weight: 2, arbitrary: fraction.map((p) => (text: string) => text.slice(0, at(p, text.length))) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fraction, token, fc.integer({ min: 1000, max: 40_000 }))
        .map(([p, t, n]) => replaceAt(p, 0, t.repeat(Math.ceil(n / t.length)))),
    },
  );
}

/** `base` with one to four mutations; `tokens` are pieces of the format worth inserting (`<!--`, ` : `, `&amp;`…). */
export function mutatedText(base: fc.Arbitrary<string>, tokens: readonly string[] = []): fc.Arbitrary<string> {
  return fc
    .tuple(base, fc.array(textMutation(tokens), { minLength: 1, maxLength: 4 }))
    .map(([text, mutations]) => mutations.reduce((current, mutate) => mutate(current), text));
}

type ByteMutation = (bytes: Buffer) => Buffer;

/** The byte a fraction stands for, or -1 in no bytes. */
const byteAt = (position: number, bytes: Buffer) => Math.min(bytes.length - 1, Math.floor(position * bytes.length));

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.tuple(fraction, fc.integer({ min: 0, max: 7 })).map(([p, bit]) => (bytes: Buffer) => {
    const copy = Buffer.from(bytes);
    const i = byteAt(p, copy);
    if (i >= 0) copy[i]! ^= 1 << bit;
    return copy;
  }),
  fc.tuple(fraction, fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0xff)).map(([p, value]) => (bytes: Buffer) => {
    const copy = Buffer.from(bytes);
    const i = byteAt(p, copy);
    if (i >= 0) copy[i] = value;
    return copy;
  }),
  fc.tuple(fraction, fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([p, inserted]) => (bytes: Buffer) => {
    const i = at(p, bytes.length);
    return Buffer.concat([bytes.subarray(0, i), inserted, bytes.subarray(i)]);
  }),
  fc.tuple(fraction, fc.integer({ min: 1, max: 64 })).map(([p, n]) => (bytes: Buffer) => {
    const i = at(p, bytes.length);
    return Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + n)]);
  }),
  fc.tuple(fraction, fc.integer({ min: 1, max: 64 })).map(([p, n]) => (bytes: Buffer) => {
    const i = at(p, bytes.length);
    return Buffer.concat([bytes.subarray(0, i + n), bytes.subarray(i)]);
  }),
  fraction.map((p) => (bytes: Buffer) => bytes.subarray(0, at(p, bytes.length))),
);

/** `base` with one to three byte-level mutations: bits flipped, bytes set, inserted, deleted, repeated, cut off. */
export function mutatedBytes(base: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  return fc
    .tuple(base, fc.array(byteMutation, { minLength: 1, maxLength: 3 }))
    .map(([bytes, mutations]) => mutations.reduce((current, mutate) => mutate(current), bytes));
}
