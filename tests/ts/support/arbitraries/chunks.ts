import fc from "fast-check";
import { at, fraction } from "./positions.js";

/** Up to 30 places to cut a text (or bytes) at. */
export const splitPoints = fc.array(fraction, { maxLength: 30 });

/** A text (or bytes) cut at these fractions of its length into chunks, in order; empty chunks included. */
export function chunksOf<T extends string | Buffer>(whole: T, fractions: readonly number[]): T[] {
  const cut = (from: number, to: number) => (typeof whole === "string" ? whole.slice(from, to) : whole.subarray(from, to)) as T;
  const cuts = [...new Set(fractions.map((f) => at(f, whole.length)))].sort((a, b) => a - b);
  const chunks: T[] = [];
  let last = 0;
  for (const point of [...cuts, whole.length]) {
    chunks.push(cut(last, point));
    last = point;
  }
  return chunks;
}
