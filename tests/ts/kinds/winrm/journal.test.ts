import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { certificateFromStore } from "../../../../ts-src/core/certificate.js";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import type { KindChange } from "../../../../ts-src/kinds/binding-kind.js";
import { newKindContext } from "../../../../ts-src/kinds/kind-context.js";
import { winrmKind } from "../../../../ts-src/kinds/winrm/index.js";
import type { WinrmTarget } from "../../../../ts-src/kinds/winrm/model.js";
import type { Host } from "../../../../ts-src/platform/ports.js";
import { recoverBeforeCommand } from "../../../../ts-src/providers/journal/recover-interrupted-run.js";
import { openJournal } from "../../../../ts-src/providers/journal/run-journal.js";
import { hostFiles } from "../../support/snapshot.js";
import { NOW, openSnapshot, winrmHost, winrmWindows } from "./winrm-hosts.js";

const RUN_ID = "20261127T000000Z-abcdef";

/** The kind's planned changes of old → new on `host`. */
async function planned(host: Host, thumbprints: Record<string, string>): Promise<KindChange<WinrmTarget>[]> {
  const state = (await winrmKind.read(newKindContext(host)))!;
  const newCertificates = (await host.certStore.list()).map(certificateFromStore).filter((c) => c.thumbprint === thumbprints["new"]);
  return winrmKind.plan(state, { oldThumbprint: thumbprints["old"] as Thumbprint, newCertificates, now: NOW, force: false }).changes;
}

/** Journals the kind's changes as a run does, applies them, and dies (no undo, the journal left open). */
async function killedAfterApply(host: Host, thumbprints: Record<string, string>) {
  const changes = await planned(host, thumbprints);
  const context = newKindContext(host);
  const files = await winrmKind.journal!.files(context, changes);
  const backup = await winrmKind.journal!.backup(context, changes);
  await openJournal(host, { runId: RUN_ID, command: "rebind", trigger: "manual", files, states: backup ? [{ kind: winrmKind.name, legacyField: null, backup }] : [], steps: ["winrm"] });
  await winrmKind.apply!(context, changes, { onUndo: () => {} });
  host.state.announceWrites(null);
  return { files, backup };
}

test("snapshot: a run killed after the listener and its record moved is undone by the next command, both files byte for byte", async () => {
  const { root, thumbprints, listenersFile, sslcert } = winrmHost();
  const before = hostFiles(root);
  const host = await openSnapshot(root);
  const { files, backup } = await killedAfterApply(host, thumbprints);
  assert.deepEqual(files, [listenersFile, sslcert], "the listeners and the records they move are journaled");
  assert.equal(backup, null, "a snapshot's listeners are a file: no state backup");
  assert.notEqual(readFileSync(listenersFile, "utf8"), before["winrm/listeners.json"]);
  const recovery = await recoverBeforeCommand(host, "rebind");
  assert.equal(recovery?.action, "restored");
  const after = hostFiles(root);
  for (const file of ["winrm/listeners.json", "httpsys/sslcert.txt"]) assert.equal(after[file], before[file], file);
});

test("Windows: the listeners' prior state is journaled (version 3) and recovery sets back, with Set-WSManInstance, a listener still on what the run wrote", async () => {
  const { root, thumbprints } = winrmHost();
  const windows = winrmWindows(root);
  const { files, backup } = await killedAfterApply(windows.host, thumbprints);
  assert.deepEqual(files, []);
  assert.deepEqual(backup?.written, { "Address=*+Transport=HTTPS": thumbprints["new"] });
  const journal = JSON.parse(readFileSync(join(root, "state", "journal.json"), "utf8"));
  assert.equal(journal.journalVersion, 3);
  assert.deepEqual(journal.states.map((s: { kind: string }) => s.kind), ["winrm"]);
  assert.equal(windows.listeners[0]!["CertificateThumbprint"], thumbprints["new"]);
  const recovery = await recoverBeforeCommand(windows.host, "rebind");
  assert.equal(recovery?.action, "restored");
  assert.equal(windows.listeners[0]!["CertificateThumbprint"], thumbprints["old"]);
  assert.match(windows.scripts.at(-1)!, new RegExp(`@\\{Address='\\*';Transport='HTTPS'\\} -ValueSet @\\{CertificateThumbprint='${thumbprints["old"]}'\\}`));
  const record = (await windows.host.httpSys.readRecords()).find((r) => r.endpoint === "0.0.0.0:5986");
  assert.equal(record?.thumbprint?.toUpperCase(), thumbprints["old"], "WinRM moved its record back with the listener");
});

test("Windows: a listener someone set to a third certificate since the kill is left alone (CR1004 naming it)", async () => {
  const { root, thumbprints } = winrmHost();
  const windows = winrmWindows(root);
  await killedAfterApply(windows.host, thumbprints);
  const third = "C".repeat(40);
  windows.listeners[0]!["CertificateThumbprint"] = third;
  await assert.rejects(recoverBeforeCommand(windows.host, "rebind"), (error: unknown) =>
    error instanceof CertRebindError && error.code === "CR1004" && error.message.includes(`the WinRM listener Address=*+Transport=HTTPS: it now has the certificate ${third}`),
  );
  assert.equal(windows.listeners[0]!["CertificateThumbprint"], third);
});
