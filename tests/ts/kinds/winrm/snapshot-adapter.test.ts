import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { certificateFromStore } from "../../../../ts-src/core/certificate.js";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { newKindContext } from "../../../../ts-src/kinds/kind-context.js";
import { winrmKind } from "../../../../ts-src/kinds/winrm/index.js";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { openSnapshot, winrmHost } from "./winrm-hosts.js";

test("no winrm/listeners.json: WinRM is absent (null), so nothing pinned changes on a host without it", async () => {
  const { root, listenersFile } = winrmHost();
  rmSync(listenersFile);
  assert.equal(await winrmKind.read(newKindContext(await openSnapshot(root))), null);
});

test("the file is read as the Windows read prints it, with the HTTP.sys record at the listener's endpoint; a host opened without the kinds' files reads it too", async () => {
  const { root, thumbprints } = winrmHost({ listeners: [{ cert: "old" }, { Transport: "HTTP", Port: "5985", Hostname: "", cert: null }] });
  for (const host of [await openSnapshot(root), await SnapshotHost.open(root)]) {
    const state = await winrmKind.read(newKindContext(host));
    assert.deepEqual(state, {
      listeners: [
        { address: "*", transport: "HTTPS", port: "5986", hostname: "winrm.contoso.com", enabled: "true", certificateThumbprint: thumbprints["old"] },
        { address: "*", transport: "HTTP", port: "5985", hostname: "", enabled: "true", certificateThumbprint: "" },
      ],
      records: [{ key: { kind: "ipport", endpoint: "0.0.0.0:5986" }, thumbprint: thumbprints["old"] }],
      unreadable: null,
      warnings: [],
    });
  }
});

test("a malformed file is CR2003 naming the entry, as every snapshot file", async () => {
  const { root, listenersFile } = winrmHost();
  writeFileSync(listenersFile, '[{ "Address": "*", "Transport": "HTTPS" }]');
  await assert.rejects(winrmKind.read(newKindContext(await openSnapshot(root))), (error: unknown) => error instanceof CertRebindError && error.code === "CR2003" && /entry 1: "Address", "Transport" and "Port" must be strings/.test(error.message));
  writeFileSync(listenersFile, "[{");
  await assert.rejects(winrmKind.read(newKindContext(await openSnapshot(root))), (error: unknown) => error instanceof CertRebindError && error.code === "CR2003");
});

test("apply changes only the CertificateThumbprint's bytes and moves WinRM's HTTP.sys record; the undos put both back byte for byte", async () => {
  const { root, thumbprints, listenersFile, sslcert } = winrmHost({ listeners: [{ cert: "old", lowerCase: true }, { Address: "IP:10.0.0.10", Port: "5987", cert: "old" }] });
  const before = { listeners: readFileSync(listenersFile, "utf8"), sslcert: readFileSync(sslcert, "utf8") };
  const host = await openSnapshot(root);
  const state = (await winrmKind.read(newKindContext(host)))!;
  const request = { oldThumbprint: thumbprints["old"] as Thumbprint, newCertificates: (await host.certStore.list()).map(certificateFromStore).filter((c) => c.thumbprint === thumbprints["new"]), now: new Date("2026-12-20T00:00:00Z"), force: false };
  const changes = winrmKind.plan(state, request).changes;
  assert.deepEqual(changes.map((c) => c.view.status), ["planned", "planned"]);
  const undos: { name: string; run: () => Promise<void> }[] = [];
  await winrmKind.apply!(newKindContext(host), changes, { onUndo: (name, run) => void undos.push({ name, run }) });
  const after = readFileSync(listenersFile, "utf8");
  assert.equal(after, before.listeners.replace(thumbprints["old"]!.toLowerCase(), thumbprints["new"]!).replace(thumbprints["old"]!, thumbprints["new"]!));
  assert.match(readFileSync(sslcert, "utf8"), new RegExp(thumbprints["new"]!, "i"), "WinRM's part: its record moved");
  assert.deepEqual(await winrmKind.readBack!(newKindContext(host), changes), []);
  assert.deepEqual(undos.map((u) => u.name), ["winrm/listeners.json", "WinRM's HTTP.sys records"]);
  for (const undo of undos.reverse()) await undo.run();
  assert.equal(readFileSync(listenersFile, "utf8"), before.listeners);
  assert.equal(readFileSync(sslcert, "utf8"), before.sslcert);
  assert.deepEqual(await winrmKind.readBack!(newKindContext(host), changes), changes.map((c) => c.view.endpoint), "the read back sees them on the old certificate again");
});
