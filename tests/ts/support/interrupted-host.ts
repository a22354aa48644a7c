import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SnapshotHost } from "../../../ts-src/platform/snapshot/snapshot-host.js";
import { openJournal } from "../../../ts-src/providers/journal/run-journal.js";
import { copyOfTextDemoHost } from "./text-demo-host.js";
import { auditRecords, hostFiles } from "./snapshot.js";

export const WWW_2025 = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
export const WWW_2026 = "FAC2BE397B0EF579E4C64AE777717B344007BA2C";
export { auditRecords, hostFiles };
export const RUN_ID = "20261127T000000Z-abcdef";
export const sslcert = (root: string) => join(root, "httpsys", "sslcert.txt");
export const journalFile = (root: string) => join(root, "state", "journal.json");

/**
 * A copy of the demo host as a rebind killed after rewriting sslcert.txt leaves it: the journal open (sslcert.txt
 * and applicationHost.config backed up), sslcert.txt rewritten through the host's writer (which journals the new
 * bytes' SHA-256 first), applicationHost.config not yet written.
 */
export async function interruptedHost(root = copyOfTextDemoHost()) {
  const before = hostFiles(root);
  const host = await SnapshotHost.open(root);
  await openJournal(host, {
    runId: RUN_ID,
    command: "rebind",
    trigger: "event",
    files: [sslcert(root), join(root, "inetsrv", "applicationHost.config")],
    states: [],
    steps: ["httpsys", "config"],
  });
  const rebound = readFileSync(sslcert(root), "utf8").replaceAll(WWW_2025.toLowerCase(), WWW_2026.toLowerCase()).replaceAll(WWW_2025, WWW_2026);
  await host.state.restoreFile(sslcert(root), Buffer.from(rebound));
  host.state.announceWrites(null);
  return { root, before, changed: hostFiles(root) };
}

/** Rewrites the journal with `change` applied (what someone who can write the state folder could plant). */
export function editJournal(root: string, change: (journal: any) => void): void {
  const journal = JSON.parse(readFileSync(journalFile(root), "utf8"));
  change(journal);
  writeFileSync(journalFile(root), JSON.stringify(journal));
}
