/**
 * Writes the canned envelopes of the Pester tests, each made from the exe on a snapshot host made by code
 * (tests/ts/support/canned-envelopes.ts says which and how). Run from the repository root:
 *   node --import tsx scripts/make-canned-envelopes.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CANNED_FOLDER, makeCannedEnvelopes } from "../tests/ts/support/canned-envelopes.js";

for (const [name, text] of await makeCannedEnvelopes()) {
  writeFileSync(join(CANNED_FOLDER, `${name}.json`), text);
  process.stdout.write(`wrote ${join(CANNED_FOLDER, `${name}.json`)}\n`);
}
