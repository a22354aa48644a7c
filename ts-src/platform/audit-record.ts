import { auditIdentity } from "./audit-identity.js";
import type { AuditRecord } from "./ports.js";

/** What every audit record starts with: which run, what command on what trigger, and how it ended. */
export interface AuditHead {
  runId: string;
  command: string;
  trigger: string;
  exitCode: number;
  /** Who ran, when it was asked for before the run changed anything; else asked now. */
  identity?: { user: string; computer: string };
}

/**
 * An audit record: the time it is written, the head, who ran on which computer, then what the command adds. The one
 * place records are assembled, so that every record of the audit log (docs/audit-events.md) starts alike.
 */
export function auditRecord({ runId, command, trigger, exitCode, identity }: AuditHead, details: Record<string, unknown>): AuditRecord {
  return { time: new Date().toISOString(), runId, command, trigger, ...(identity ?? auditIdentity()), exitCode, ...details };
}
