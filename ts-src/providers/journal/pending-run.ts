import { CertRebindError } from "../../core/errors.js";
import type { Host } from "../../platform/ports.js";
import { checkJournaledFiles, checkJournaledStates, conflictMessage } from "./journaled-files.js";

/**
 * A journal found by a command that only reads (docs/cli-contract.md, "pendingRun"): what is pending and what the
 * next command that changes the host will do about it. Finding it writes nothing.
 */
export interface PendingRun {
  journal: string;
  runId: string | null;
  command: string | null;
  pid: number | null;
  started: string | null;
  /**
   * What the next command that changes the host does first, once that run no longer holds the lock: `restore` the
   * files and HTTP.sys endpoints in `restore` (none: only close the journal), `close` the journal (every step was
   * done: the changes stay), or `refuse` with `code` (CR1004, CR4008), changing nothing.
   */
  nextAction: "restore" | "close" | "refuse";
  restore: string[];
  code: string | null;
  reason: string | null;
}

const APPLYING = "rebind, on-task, task enable|disable, dsc set";

/** The pending journal of this host, or null when there is none. */
export async function findPendingRun(host: Host): Promise<PendingRun | null> {
  const base = { journal: host.state.journalPath, runId: null, command: null, pid: null, started: null, restore: [] };
  try {
    const journal = await host.state.readJournal();
    if (journal === null) return null;
    const about = { ...base, runId: journal.runId, command: journal.command, pid: journal.pid, started: journal.started };
    if (journal.steps.every((s) => s.done)) return { ...about, nextAction: "close", code: null, reason: null };
    const checks = await checkJournaledFiles(host, journal);
    const records = await checkJournaledStates(host, journal);
    const conflicts = checks.filter((c) => c.state === "changed");
    const recordConflicts = records.filter((c) => c.state === "changed");
    if (conflicts.length + recordConflicts.length > 0) {
      return { ...about, nextAction: "refuse", code: "CR1004", reason: conflictMessage(host, journal, conflicts, recordConflicts) };
    }
    const restore = [...checks.filter((c) => c.state === "written").map((c) => c.path), ...records.filter((c) => c.state === "written").map((c) => c.endpoint)];
    return { ...about, nextAction: "restore", restore, code: null, reason: null };
  } catch (error) {
    if (!(error instanceof CertRebindError) || !["CR1004", "CR4008"].includes(error.code)) throw error;
    return { ...base, nextAction: "refuse", code: error.code, reason: error.message };
  }
}

/** One sentence for the command's warnings. */
export function describePendingRun(pending: PendingRun): string {
  const who = pending.runId === null ? "An earlier run" : `The ${pending.command} run ${pending.runId} (process ${pending.pid}, started ${pending.started})`;
  const next =
    pending.nextAction === "close"
      ? "close it (every step of that run was done: its changes stay)"
      : pending.nextAction === "refuse"
        ? `stop with ${pending.code} and change nothing: ${pending.reason}`
        : pending.restore.length > 0
          ? `put back ${pending.restore.join(", ")} as they were before that run`
          : "close it (that run had changed nothing yet)";
  return (
    `${who} has not closed its journal ${pending.journal}: it is still running, or it was interrupted. This command ` +
    `only reads and recovered nothing; once that run no longer holds the lock, the next command that changes the ` +
    `host (${APPLYING}) will first ${next}.`
  );
}
