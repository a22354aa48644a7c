import { test } from "node:test";
import assert from "node:assert/strict";
import type { ChangeView } from "../../../../ts-src/core/rebind/plan.js";
import type { AnyBindingKind, KindChange, SharedFile, SharedFileEdit } from "../../../../ts-src/kinds/binding-kind.js";
import { sharedWrites } from "../../../../ts-src/providers/rebind/kind-changes.js";

const file = (name: string): SharedFile => ({ name, journalStep: name, path: async () => name, write: async () => {} });
const change = (endpoint: string): KindChange<unknown> => ({ view: { endpoint } as ChangeView, target: null });
const edit = (on: SharedFile, endpoints: string[]): SharedFileEdit => ({ file: on, endpoints, replacements: () => [], undo: () => [] });
const kindEditing = (edits: (changes: readonly KindChange<unknown>[]) => SharedFileEdit[]) => ({ sharedEdits: edits }) as unknown as AnyBindingKind;

test("sharedWrites: each shared file once, with every kind's edits and the changes each edit names, in the changes' order", () => {
  const config = file("applicationHost.config");
  const other = file("other.config");
  const ftp = ["c", "a", "b", "d"].map(change);
  const records = ["x", "y"].map(change);
  const writes = sharedWrites([
    { kind: kindEditing((changes) => [edit(config, ["b", "a", "missing"]), edit(other, [changes[3]!.view.endpoint])]), changes: ftp },
    { kind: kindEditing(() => [edit(config, ["y"])]), changes: records },
  ]);
  assert.deepEqual(
    writes.map((w) => ({ file: w.file.name, edits: w.edits.length, changes: w.changes.map((c) => c.view.endpoint) })),
    [
      { file: "applicationHost.config", edits: 2, changes: ["a", "b", "y"] },
      { file: "other.config", edits: 1, changes: ["d"] },
    ],
  );
});

test("sharedWrites: an edit naming every one of 20,000 changes takes them all without a search per change", () => {
  const config = file("applicationHost.config");
  // Names of one length with a long common start, as a hosting server's are: comparing two of them reads most of both.
  const changes = Array.from({ length: 20_000 }, (_, i) => change(`ftp-site${String(i).padStart(5, "0")}.hosting.example`));
  const started = process.hrtime.bigint();
  const [write] = sharedWrites([{ kind: kindEditing((c) => [edit(config, c.map((x) => x.view.endpoint).reverse())]), changes }]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.equal(write!.changes.length, 20_000);
  assert.equal(write!.changes[0]!.view.endpoint, "ftp-site00000.hosting.example");
  // 20,000 x 20,000 comparisons took seconds; a set takes milliseconds. The limit leaves room for a slow machine.
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
});
