import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { writeJsonPieces } from "../../../ts-src/cli/json-pieces.js";

const joined = (value: unknown, depth?: number) => {
  const pieces: string[] = [];
  writeJsonPieces(value, (piece) => pieces.push(piece), depth);
  return pieces.join("");
};

test("writeJsonPieces gives JSON.stringify's text, whatever the value", () => {
  fc.assert(fc.property(fc.anything({ withDate: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true }), fc.integer({ min: 1, max: 6 }), (value, depth) => {
    assert.equal(joined(value, depth), JSON.stringify(value) ?? "null");
  }), { numRuns: 5_000 });
});

test("writeJsonPieces leaves out the members JSON.stringify leaves out and writes null for such elements", () => {
  const value = { a: undefined, b: () => 1, c: Symbol("c"), d: [undefined, () => 1, 2], e: { toJSON: () => undefined }, f: new Date(0), g: { toJSON: () => ({ x: 1 }) } };
  assert.equal(joined(value), JSON.stringify(value));
});
