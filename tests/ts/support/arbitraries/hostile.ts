import fc from "fast-check";
import { afterAnchor, fraction, inStartTag, replaceAt } from "./positions.js";

/** Repeated pieces that make a backtracking or quadratic parser slow: runs of white space, many attributes, tags. */
const HOSTILE_PIECES: readonly ((i: number) => string)[] = [
  () => " ",
  () => "\t",
  () => "\r",
  () => "\n",
  () => " :",
  () => "a",
  (i) => ` a${i}=""`,
  (i) => ` x:a${i}='1'`,
  () => "<!---->",
  () => "&amp;",
  () => "<a>",
  () => "<a/>",
  () => "</a>",
];

/** `base` with 10 000 to 60 000 repetitions of one hostile piece: in a start tag, where a value starts, or anywhere. */
export function hostileText(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const place = fc.constantFrom(inStartTag, afterAnchor, (position: number, by: string) => replaceAt(position, 0, by));
  return fc
    .tuple(base, fc.constantFrom(...HOSTILE_PIECES), fc.integer({ min: 10_000, max: 60_000 }), fraction, place)
    .map(([text, piece, count, position, insert]) => insert(position, Array.from({ length: count }, (_, i) => piece(i)).join(""))(text));
}
