import { dirname, join } from "node:path";
import { unrecoverableRun } from "../../core/errors.js";
import type { AnyBindingKind, StateCheck } from "../../kinds/binding-kind.js";
import { newKindContext } from "../../kinds/kind-context.js";
import { BINDING_KINDS } from "../../kinds/registry.js";
import type { Host, JournaledFile, JournaledStateEntry, RunJournal } from "../../platform/ports.js";

/** A journaled host file as it is now, against what the journal says of it. */
export interface FileCheck {
  /** Its journal name (relative to the host). */
  name: string;
  /** Where it is on this host. */
  path: string;
  /** Its backup's journal name (relative to the state folder). */
  backup: string;
  prior: string;
  written: string[];
  /** SHA-256 of its bytes now; null when it is gone. */
  current: string | null;
  /** `prior`: as before the run; `written`: bytes the run wrote; `changed`: neither (someone else changed it). */
  state: "prior" | "written" | "changed";
}

/**
 * Reads each journaled file (only where its journal name may lead: CR1004 otherwise, before anything is read) and
 * says whose bytes it holds. Never writes.
 */
export async function checkJournaledFiles(host: Host, journal: RunJournal): Promise<FileCheck[]> {
  const checks: FileCheck[] = [];
  for (const file of journal.files) {
    const path = await host.state.journaledFile(file.path);
    const current = await host.state.fileSha256(path);
    checks.push({ name: file.path, path, backup: file.backup, prior: file.sha256, written: file.written, current, state: stateOf(file, current) });
  }
  return checks;
}

function stateOf(file: JournaledFile, current: string | null): FileCheck["state"] {
  if (current === file.sha256) return "prior";
  if (current !== null && file.written.includes(current)) return "written";
  return "changed";
}

/** A journaled endpoint of a kind's state that is not a file, as it is now, and the backup it would be put back from. */
export interface StateCheckOf extends StateCheck {
  kind: AnyBindingKind;
  /** The backup's journal name (relative to the state folder). */
  backup: string;
}

/** A kind's state entry of a journal, with the kind that wrote it. */
interface StateEntryOf {
  kind: AnyBindingKind;
  entry: JournaledStateEntry;
}

/**
 * The non-file state a journal names (Windows: HTTP.sys's records, the registry, CIM), read now by each kind and
 * compared with the backup and with what the run wrote. A kind this version does not know is CR1004. Never writes.
 */
export async function checkJournaledStates(host: Host, journal: RunJournal, kinds: readonly AnyBindingKind[] = BINDING_KINDS): Promise<StateCheckOf[]> {
  const context = newKindContext(host);
  const checks: StateCheckOf[] = [];
  for (const { kind, entry } of stateEntries(host, journal, kinds)) {
    const backup = (await host.state.readJournaledBackup(entry.backup, journal.runId)).toString("utf8");
    const written = Object.fromEntries(entry.endpoints.map((endpoint) => [endpoint, entry.written[endpoint] ?? ""]));
    for (const check of await kind.journal!.check(context, backup, written)) checks.push({ ...check, kind, backup: entry.backup });
  }
  return checks;
}

/** Puts back, kind by kind, the endpoints whose check says they hold what the run wrote; returns what was put back. */
export async function restoreJournaledStates(host: Host, journal: RunJournal, checks: readonly StateCheckOf[]): Promise<string[]> {
  const context = newKindContext(host);
  const restored: string[] = [];
  const kinds = [...new Set(checks.map((c) => c.kind))];
  for (const kind of kinds) {
    for (const backupName of new Set(checks.filter((c) => c.kind === kind).map((c) => c.backup))) {
      const endpoints = checks.filter((c) => c.kind === kind && c.backup === backupName && c.state === "written").map((c) => c.endpoint);
      if (endpoints.length === 0) continue;
      const backup = (await host.state.readJournaledBackup(backupName, journal.runId)).toString("utf8");
      restored.push(...(await kind.journal!.restore(context, backup, endpoints)));
    }
  }
  return restored;
}

function stateEntries(host: Host, journal: RunJournal, kinds: readonly AnyBindingKind[]): StateEntryOf[] {
  const entries: StateEntryOf[] = [];
  if (journal.records !== null) entries.push({ kind: journalingKind(host, kinds, (k) => k.journal?.legacyField === "records", "records"), entry: journal.records });
  for (const state of journal.states ?? []) entries.push({ kind: journalingKind(host, kinds, (k) => k.name === state.kind && k.journal !== undefined, state.kind), entry: state });
  return entries;
}

function journalingKind(host: Host, kinds: readonly AnyBindingKind[], matches: (kind: AnyBindingKind) => boolean, named: string): AnyBindingKind {
  const kind = kinds.find(matches);
  if (kind) return kind;
  throw unrecoverableRun(host.state.journalPath, `the journal names the state of a binding kind this version of certrebind does not know (${named})`);
}

/** CR1004's message for files changed since the run: both versions, the backup, and what to do. */
export function conflictMessage(host: Host, journal: RunJournal, conflicts: readonly FileCheck[], states: readonly StateCheckOf[] = []): string {
  const stateDir = dirname(host.state.journalPath);
  const each = conflicts.map((c) => {
    const now = c.current === null ? "it is gone" : `it now holds bytes with SHA-256 ${c.current}`;
    const wrote = c.written.length === 0 ? "the run had not written it yet" : `the run wrote SHA-256 ${c.written.join(" or ")}`;
    return `${c.path}: ${now}, neither its bytes before the run (SHA-256 ${c.prior}, backed up in ${join(stateDir, ...c.backup.split("/"))}) nor what the run wrote (${wrote})`;
  });
  for (const r of states) {
    const backup = join(stateDir, ...r.backup.split("/"));
    each.push(
      `${r.what}: ${r.current === null ? "it is gone" : `it now has the certificate ${r.current}`}, neither ${r.prior} ` +
        `as before the run (backed up in ${backup}) nor ${r.written}, which the run set`,
    );
  }
  return (
    `The ${journal.command} run ${journal.runId} (started ${journal.started}) was interrupted, and since then someone changed ` +
    `what it may have changed: ${each.join("; ")}. It was left as it is and nothing was restored. Compare it with the ` +
    `backup, keep the version you want, then delete ${host.state.journalPath}.`
  );
}
