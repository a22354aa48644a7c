/**
 * The canned envelopes of the Pester tests (tests/pester/fixtures/envelopes/) that are made from the exe on the demo
 * host, and how: scripts/make-canned-envelopes.ts writes them, tests/ts/cli/canned-envelopes.test.ts fails when a
 * committed one is no longer what the exe prints. The others of that folder are kept by hand (its README says why).
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "./run.js";
import { demoHost, repoRoot } from "./snapshot.js";

export const CANNED_FOLDER = join(repoRoot, "tests/pester/fixtures/envelopes");
const OLD = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
const NEW = "FAC2BE397B0EF579E4C64AE777717B344007BA2C";
/** The folder the temporary copy is written as, so that paths do not change from run to run. */
const STABLE_FOLDER = "/srv";

/** The made envelopes, in the order they are made on one copy of the demo host (`demo-host`, `web01-snapshot`). */
const MADE: { name: string; argv: (host: string, folder: string) => string[] }[] = [
  { name: "capture", argv: (host, folder) => ["capture", "--host-root", host, "--out", join(folder, "web01-snapshot")] },
  { name: "bindings-services", argv: (host) => ["bindings", "--host-root", host] },
  { name: "events", argv: (host) => ["events", "--host-root", host] },
  { name: "rebind-services-dry-run", argv: (host) => ["rebind", "--old", OLD, "--new", NEW, "--host-root", host, "--dry-run"] },
  { name: "rebind-services-applied", argv: (host) => ["rebind", "--old", OLD, "--new", NEW, "--host-root", host] },
];
export const MADE_NAMES: readonly string[] = MADE.map((m) => m.name);

/**
 * The text of each made envelope (name → what the exe prints on standard output), on the demo's date, with the
 * temporary folder written as /srv and each run id's random part as 000000 (a run id is its start time and three
 * random bytes).
 */
export async function makeCannedEnvelopes(): Promise<Map<string, string>> {
  const folder = mkdtempSync(join(tmpdir(), "certrebind-canned-"));
  try {
    const host = join(folder, "demo-host");
    cpSync(demoHost, host, { recursive: true });
    const made = new Map<string, string>();
    for (const { name, argv } of MADE) {
      const result = await run([...argv(host, folder), "--json"], { CERTREBIND_NOW: "2026-11-27T00:00:00Z" });
      made.set(name, result.stdout.split(folder).join(STABLE_FOLDER).replace(/\b(\d{8}T\d{6}Z)-[0-9a-f]{6}\b/g, "$1-000000"));
    }
    return made;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
