/**
 * The canned envelopes of the Pester tests stand in for the exe: each is made from the exe and must still be what it
 * prints, none is kept by hand, and each is valid by the contract's schema.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CANNED_FOLDER, MADE_NAMES, makeCannedEnvelopes } from "../support/canned-envelopes.js";
import { envelopeErrors } from "../support/contract-schema.js";

const cannedText = (name: string) => readFileSync(join(CANNED_FOLDER, `${name}.json`), "utf8");
const cannedNames = () => readdirSync(CANNED_FOLDER).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -".json".length));

test("each canned envelope is what the exe prints now (else: node --import tsx scripts/make-canned-envelopes.ts)", async () => {
  const made = await makeCannedEnvelopes();
  assert.deepEqual([...made.keys()], MADE_NAMES);
  for (const [name, text] of made) assert.equal(cannedText(name), text, `${name}.json drifted from the exe's output`);
});

test("every envelope of the canned folder is made from the exe: none is kept by hand", () => {
  assert.deepEqual(cannedNames().sort(), [...MADE_NAMES].sort());
});

test("every canned envelope is valid by the contract's schema", () => {
  const names = cannedNames();
  assert.ok(names.length >= 20, `the canned envelopes were found (${names.length})`);
  for (const name of names) assert.deepEqual(envelopeErrors(JSON.parse(cannedText(name))), [], name);
});
