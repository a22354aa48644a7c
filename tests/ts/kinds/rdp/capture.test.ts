import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rdpKind } from "../../../../ts-src/kinds/rdp/index.js";
import { LISTENERS_FILE } from "../../../../ts-src/kinds/rdp/snapshot.js";
import { newKindContext } from "../../../../ts-src/kinds/kind-context.js";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { captureHost } from "../../../../ts-src/providers/capture/capture-host.js";
import { CaptureOutput } from "../../../../ts-src/providers/capture/capture-output.js";
import { CAPTURE_PARTS } from "../../../../ts-src/providers/capture/capture-parts.js";
import type { CaptureSource } from "../../../../ts-src/providers/capture/capture-source.js";
import { snapshotSource } from "../../../../ts-src/providers/capture/capture-source.js";
import { noRedaction } from "../../../../ts-src/providers/capture/redaction.js";
import { buildHost } from "../../support/host-builder.js";
import { testDir } from "../../support/snapshot.js";
import { fakeCim, windowsHost } from "./fake-cim.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "fixtures", "kinds", "rdp");
const rdpPart = CAPTURE_PARTS.find((p) => p.name === "rdp")!;

test("capture of a snapshot host copies rdp/listeners.json byte for byte, and the capture reads as the host does", async () => {
  const { root } = buildHost({ certs: {}, records: [] });
  mkdirSync(join(root, "rdp"));
  const bytes = readFileSync(join(FIXTURES, "listeners-one-object.json"));
  writeFileSync(join(root, LISTENERS_FILE), bytes);
  const host = await SnapshotHost.open(root);
  const out = join(testDir(), "capture");
  // With the httpsys part: a folder with only rdp/ is not a snapshot host (SNAPSHOT_PARTS).
  const result = await captureHost(snapshotSource(host, root), out, { force: false, redaction: noRedaction, parts: CAPTURE_PARTS.filter((p) => p.name === "httpsys" || p === rdpPart) });
  assert.deepEqual(result.parts.find((p) => p.part === "rdp"), { part: "rdp", count: 1, of: "files", files: [LISTENERS_FILE], warnings: [] });
  assert.deepEqual(readFileSync(join(out, LISTENERS_FILE)), bytes);
  const captured = await rdpKind.read(newKindContext(await SnapshotHost.open(out)));
  assert.deepEqual(captured, await rdpKind.read(newKindContext(host)));
});

test("capture on Windows writes what the CIM read prints; no provider writes nothing; a failing PowerShell is a warning and the capture goes on", async () => {
  const listeners = [{ TerminalName: "RDP-Tcp", SSLCertificateSHA1Hash: "8A3B6E2F1C4D5E6F708192A3B4C5D6E7F8091A2B", SSLCertificateSHA1HashType: 3 }];
  const capture = async (run: Parameters<typeof windowsHost>[0]) => {
    const dir = join(testDir(), "capture");
    const out = await CaptureOutput.prepare(dir, { force: false, sourceRoot: null });
    const report = await rdpPart.capture({ host: windowsHost(run), root: null } as unknown as CaptureSource, out, noRedaction);
    await out.commit();
    mkdirSync(join(dir, "httpsys"), { recursive: true });
    return { report, dir };
  };
  const ok = await capture(fakeCim(listeners).run);
  assert.equal(readFileSync(join(ok.dir, LISTENERS_FILE), "utf8"), JSON.stringify(listeners));
  const fromCapture = await rdpKind.read(newKindContext(await SnapshotHost.open(ok.dir)));
  assert.deepEqual(fromCapture?.listeners.map((l) => [l.terminalName, l.thumbprint, l.hashType]), [["RDP-Tcp", listeners[0]!.SSLCertificateSHA1Hash, 3]]);
  const none = await capture(fakeCim(null).run);
  assert.deepEqual([none.report.count, none.report.files, none.report.warnings], [0, [], []]);
  const failing = await capture(async () => ({ exitCode: 1, stdout: "", stderr: "" }));
  assert.deepEqual([failing.report.count, failing.report.files], [0, []]);
  assert.match(failing.report.warnings[0]!, /Get-CimInstance Win32_TSGeneralSetting failed \(exit code 1\): rdp\/listeners\.json was not written/);
  assert.equal(existsSync(join(failing.dir, LISTENERS_FILE)), false);
});
