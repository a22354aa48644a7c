import type { PlannedChange } from "../../core/rebind/plan.js";
import type { AnyBindingKind, KindChange, SharedFile, SharedFileEdit } from "../../kinds/binding-kind.js";

/** The planned changes of one kind. */
export interface KindChanges {
  kind: AnyBindingKind;
  changes: KindChange<unknown>[];
}

/** One write of a shared file: every kind's edits, and the changes they belong to. */
export interface SharedWrite {
  file: SharedFile;
  edits: SharedFileEdit[];
  changes: PlannedChange[];
}

/** The changes grouped by the kind whose `viewKinds` has their `kind`, in the order of `kinds`; kinds without changes left out. */
export function byKind(kinds: readonly AnyBindingKind[], changes: readonly PlannedChange[]): KindChanges[] {
  const groups = kinds.map((kind) => ({ kind, changes: changes.filter((c) => kind.viewKinds.includes(c.view.kind)) }));
  const unclaimed = changes.find((c) => !kinds.some((kind) => kind.viewKinds.includes(c.view.kind)));
  if (unclaimed) throw new Error(`no registered binding kind makes changes of kind ${unclaimed.view.kind}`);
  return groups.filter((g) => g.changes.length > 0);
}

/** The shared files the kinds' changes edit, each once with all its edits, in the order the kinds first edit them. */
export function sharedWrites(groups: readonly KindChanges[]): SharedWrite[] {
  const writes = new Map<SharedFile, SharedWrite>();
  for (const { kind, changes } of groups) {
    for (const edit of kind.sharedEdits?.(changes) ?? []) {
      const write = writes.get(edit.file) ?? { file: edit.file, edits: [], changes: [] };
      write.edits.push(edit);
      // A set: an FTP edit of applicationHost.config names every FTP site it moves (thousands on a hosting server).
      const endpoints = new Set(edit.endpoints);
      for (const change of changes) if (endpoints.has(change.view.endpoint)) write.changes.push(change);
      writes.set(edit.file, write);
    }
  }
  return [...writes.values()];
}
