/**
 * The canned envelopes of the Pester tests stand in for the exe: those made from the exe on the demo host must still be
 * what it prints, and every canned envelope, made or kept by hand, must be valid by the contract's schema.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CANNED_FOLDER, MADE_NAMES, makeCannedEnvelopes } from "../support/canned-envelopes.js";
import { envelopeErrors } from "../support/contract-schema.js";

const cannedText = (name: string) => readFileSync(join(CANNED_FOLDER, `${name}.json`), "utf8");

test("each canned envelope made from the exe is what the exe prints now (else: node --import tsx scripts/make-canned-envelopes.ts)", async () => {
  const made = await makeCannedEnvelopes();
  assert.deepEqual([...made.keys()], MADE_NAMES);
  for (const [name, text] of made) assert.equal(cannedText(name), text, `${name}.json drifted from the exe's output`);
});

test("every canned envelope is valid by the contract's schema", () => {
  const names = readdirSync(CANNED_FOLDER).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -".json".length));
  assert.ok(names.length >= 20, `the canned envelopes were found (${names.length})`);
  for (const name of names) assert.deepEqual(envelopeErrors(JSON.parse(cannedText(name))), [], name);
});
