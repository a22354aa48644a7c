import { unrecoverableRun } from "../../core/errors.js";
import type { JournaledStateEntry, RunJournal } from "../ports.js";

/** The journal as written by `FileHostState.writeJournal`; anything else is CR1004 (it is only ever written whole). */
export function parseJournal(text: string, path: string): RunJournal {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw unrecoverableRun(path, `the journal is not JSON (${(error as Error).message})`);
  }
  const journal = value as Partial<RunJournal>;
  if ((journal as { journalVersion?: unknown }).journalVersion === 1) {
    throw unrecoverableRun(path, "the journal is of version 1, written by an earlier certrebind that did not record what it wrote, so this one cannot tell its writes from someone else's");
  }
  const sha256 = (text: unknown) => typeof text === "string" && /^[0-9a-f]{64}$/.test(text);
  // Names are checked for shape here; where they lead is checked when they are used (journal-paths.ts).
  const valid =
    (journal.journalVersion === 2 || journal.journalVersion === 3) &&
    typeof journal.runId === "string" &&
    Array.isArray(journal.files) &&
    journal.files.every((f) => typeof f?.path === "string" && typeof f.backup === "string" && sha256(f.sha256) && Array.isArray(f.written) && f.written.every(sha256)) &&
    (journal.records === null || validStateEntry(journal.records)) &&
    (journal.journalVersion === 2
      ? journal.states === undefined
      : Array.isArray(journal.states) && journal.states.every((s) => typeof s?.kind === "string" && validStateEntry(s))) &&
    Array.isArray(journal.steps) &&
    journal.steps.every((s) => typeof s?.name === "string" && typeof s.done === "boolean");
  if (!valid) throw unrecoverableRun(path, "the journal is not one this version of certrebind writes");
  return journal as RunJournal;
}

/** A backup of state that is not a file: its backup's name, the endpoints, and the thumbprint the run writes to each. */
function validStateEntry(entry: Partial<JournaledStateEntry> | undefined): boolean {
  return (
    typeof entry?.backup === "string" &&
    Array.isArray(entry.endpoints) &&
    typeof entry.written === "object" &&
    entry.written !== null &&
    Object.values(entry.written).every((t) => typeof t === "string" && /^[0-9A-F]{40}$/i.test(t))
  );
}
