import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CertRebindError } from "../../../ts-src/core/errors.js";
import type { ChangeView } from "../../../ts-src/core/rebind/plan.js";
import { newKindContext } from "../../../ts-src/kinds/kind-context.js";
import { BINDING_KINDS } from "../../../ts-src/kinds/registry.js";
import { SnapshotHost } from "../../../ts-src/platform/snapshot/snapshot-host.js";
import { recoverBeforeCommand } from "../../../ts-src/providers/journal/recover-interrupted-run.js";
import { openJournal } from "../../../ts-src/providers/journal/run-journal.js";
import { buildHost } from "../support/host-builder.js";
import { fakeKind } from "./fake-kind.js";

const OLD = "A".repeat(40);
const NEW = "B".repeat(40);
const THIRD = "C".repeat(40);

/** A host whose run was killed after the fake kind moved Listener-1 to NEW: the journal (version 3) is open. */
async function killedAfterFakeWrite() {
  const { root } = buildHost({ certs: {}, records: [] });
  const host = await SnapshotHost.open(root);
  const fake = fakeKind([{ name: "Listener-1", thumbprint: OLD, hostnames: [] }, { name: "Listener-2", thumbprint: OLD, hostnames: [] }]);
  const change = { view: { endpoint: "Listener-1", to: NEW } as ChangeView, target: { name: "Listener-1", before: OLD } };
  const backup = await fake.kind.journal!.backup(newKindContext(host), [change]);
  await openJournal(host, { runId: "20261127T000000Z-abcdef", command: "rebind", trigger: "manual", files: [], states: [{ kind: fake.kind.name, legacyField: null, backup: backup! }], steps: ["fake"] });
  host.state.announceWrites(null);
  fake.listeners[0]!.thumbprint = NEW;
  return { root, host, fake };
}

test("a kind's state that is not a file is journaled per kind (journal version 3), and recovery puts back what still holds what the run wrote", async () => {
  const { root, host, fake } = await killedAfterFakeWrite();
  const journal = JSON.parse(readFileSync(join(root, "state/journal.json"), "utf8"));
  assert.equal(journal.journalVersion, 3);
  assert.equal(journal.records, null);
  assert.deepEqual(journal.states, [{ kind: "fake-listener", backup: "backups/20261127T000000Z-abcdef/fake-listeners.json", endpoints: ["Listener-1"], written: { "Listener-1": NEW } }]);
  const recovery = await recoverBeforeCommand(host, "rebind", [...BINDING_KINDS, fake.kind]);
  assert.equal(recovery?.action, "restored");
  assert.deepEqual(recovery?.restored, ["Listener-1"]);
  assert.deepEqual(fake.listeners.map((l) => l.thumbprint), [OLD, OLD]);
  assert.equal(await host.state.readJournal(), null, "the journal is closed");
});

test("a kind's endpoint someone changed since the kill is not reverted: CR1004 naming it, and nothing is restored", async () => {
  const { host, fake } = await killedAfterFakeWrite();
  fake.listeners[0]!.thumbprint = THIRD;
  await assert.rejects(recoverBeforeCommand(host, "rebind", [...BINDING_KINDS, fake.kind]), (error: unknown) =>
    error instanceof CertRebindError && error.code === "CR1004" && error.message.includes(`the fake listener Listener-1: it now has the certificate ${THIRD}, neither ${OLD}`),
  );
  assert.equal(fake.listeners[0]!.thumbprint, THIRD);
  assert.deepEqual(fake.writes, []);
  assert.notEqual(await host.state.readJournal(), null, "the journal stays");
});

test("a journal naming a kind this version does not know is refused (CR1004), and nothing is touched", async () => {
  const { host, fake } = await killedAfterFakeWrite();
  await assert.rejects(recoverBeforeCommand(host, "rebind"), (error: unknown) => error instanceof CertRebindError && error.code === "CR1004" && /does not know \(fake-listener\)/.test(error.message));
  assert.equal(fake.listeners[0]!.thumbprint, NEW);
});
