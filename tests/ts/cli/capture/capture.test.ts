import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { SnapshotHost } from "../../../../ts-src/platform/snapshot/snapshot-host.js";
import { captureHost } from "../../../../ts-src/providers/capture/capture-host.js";
import { CAPTURE_PARTS } from "../../../../ts-src/providers/capture/capture-parts.js";
import { snapshotSource } from "../../../../ts-src/providers/capture/capture-source.js";
import { noRedaction } from "../../../../ts-src/providers/capture/redaction.js";
import { run } from "../../support/run.js";
import { copyOfDemoHost, demoHost, testDir } from "../../support/snapshot.js";
import { treeHash } from "../../support/tree-hash.js";

const allFiles = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

describe("capture --out DIR", () => {
  it("writes the layout of a snapshot host: exact configuration bytes, certificates as DER with their sidecar, the logs", async () => {
    const out = join(testDir(), "web01");
    const result = await run(["capture", "--out", out, "--json", "--host-root", demoHost]);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(readFileSync(join(out, "inetsrv", "applicationHost.config")), readFileSync(join(demoHost, "inetsrv", "applicationHost.config")));
    const sidecar = JSON.parse(readFileSync(join(out, "certs", "My", "0F70C94C6482E61B0A43B9816E830ED7B30B8C44.json"), "utf8"));
    assert.deepEqual(sidecar, { hasPrivateKey: true, archived: false, renewalThumbprint: "FAC2BE397B0EF579E4C64AE777717B344007BA2C", friendlyName: "www 2025" });
    const renewal = JSON.parse(readFileSync(join(out, "certs", "My", "FAC2BE397B0EF579E4C64AE777717B344007BA2C.json"), "utf8"));
    assert.deepEqual(renewal.keyReaders, ["NT AUTHORITY\\NETWORK SERVICE"]);
    const expired = JSON.parse(readFileSync(join(out, "certs", "My", "FF68DD73E9231C4C92BF0554927AF9A048BD18F5.json"), "utf8"));
    assert.equal(expired.hasPrivateKey, false);
    const data = result.envelope().data as { parts: { part: string; count: number; files: string[]; sslcertText?: string }[]; files: number };
    // The other binding kinds' parts (ts-src/kinds/<name>/capture.ts): one file each on the demo host.
    assert.deepEqual(data.parts.map((p) => [p.part, p.count]), [
      ["inetsrv", 1], ["httpsys", 9], ["sqlserver", 1], ["rdp", 1], ["rdgateway", 1], ["winrm", 1],
      ["certs", 6], ["events", 2], ["tasks", 0], ["services", 4],
    ]);
    for (const file of ["sqlserver/instances.json", "rdp/listeners.json", "rdgateway/settings.json", "winrm/listeners.json"]) {
      assert.deepEqual(readFileSync(join(out, file)), readFileSync(join(demoHost, file)), `${file} is copied byte for byte`);
    }
    assert.equal(data.parts[1]!.sslcertText, "rendered");
    assert.equal(data.files, allFiles(out).length);
    assert.ok(!existsSync(join(out, "state")));
  });

  it("writes no private key: no key file and no key text anywhere, though the source has keys", async () => {
    assert.ok(allFiles(demoHost).some((f) => f.endsWith(".key")), "the demo host has key files");
    const out = join(testDir(), "capture");
    assert.equal((await run(["capture", "--out", out, "--host-root", demoHost])).exitCode, 0);
    for (const file of allFiles(out)) {
      assert.ok(!/\.(key|pfx|p12|pvk)$/i.test(file), file);
      const bytes = readFileSync(file);
      for (const text of [bytes.toString("latin1"), bytes.toString("utf16le")]) assert.doesNotMatch(text, /PRIVATE KEY/, file);
    }
  });

  it("refuses a folder that is not empty (CR2008, exit 2) and changes nothing", async () => {
    const out = testDir({ "notes.txt": "mine" });
    const before = treeHash(out);
    const result = await run(["capture", "--out", out, "--json", "--host-root", demoHost]);
    assert.equal(result.exitCode, 2);
    assert.equal(result.envelope().errors[0]!.code, "CR2008");
    assert.equal((result.envelope().errors[0] as { remedy?: { kind: string } }).remedy?.kind, "forceReplaceSnapshot", "the remedy as data, for the module's -Force");
    assert.deepEqual(treeHash(out), before);
    assert.deepEqual(readdirSync(join(out, "..")).filter((n) => n.includes(".capture-")), []);
  });

  it("--force replaces a snapshot host there, and nothing else: a folder with other files is still refused", async () => {
    const out = testDir({ "certs/My/stale.cer": "old", "state/audit.jsonl": "{}\n" });
    const forced = await run(["capture", "--out", out, "--force", "--host-root", demoHost]);
    assert.equal(forced.exitCode, 0, forced.stderr);
    assert.ok(!existsSync(join(out, "certs", "My", "stale.cer")) && !existsSync(join(out, "state")));
    assert.ok(existsSync(join(out, "inetsrv", "applicationHost.config")));
    const mixed = testDir({ "inetsrv/applicationHost.config": "x", "Documents/cv.docx": "mine" });
    const refused = await run(["capture", "--out", mixed, "--force", "--json", "--host-root", demoHost]);
    assert.equal(refused.envelope().errors[0]!.code, "CR2008");
    assert.equal(readFileSync(join(mixed, "Documents", "cv.docx"), "utf8"), "mine");
  });

  it("refuses an output folder that is the source, inside it, or holds it (CR2009)", async () => {
    const source = copyOfDemoHost();
    const before = treeHash(source);
    for (const out of [source, join(source, "capture"), join(source, "..")]) {
      const result = await run(["capture", "--out", out, "--force", "--json", "--host-root", source]);
      assert.equal(result.exitCode, 2, out);
      assert.equal(result.envelope().errors[0]!.code, "CR2009", out);
    }
    assert.deepEqual(treeHash(source), before);
  });

  it("does not write through a link: an output folder that is a symbolic link is refused (CR2008)", async () => {
    const target = testDir();
    const out = join(testDir(), "link");
    symlinkSync(target, out);
    const result = await run(["capture", "--out", out, "--json", "--host-root", demoHost]);
    assert.equal(result.envelope().errors[0]!.code, "CR2008");
    assert.deepEqual(readdirSync(target), []);
  });

  it("a capture that fails half-way leaves no folder presented as a capture, and nothing beside it", async () => {
    const parent = testDir();
    const out = join(parent, "capture");
    const host = await SnapshotHost.open(demoHost);
    const failing = { name: "failing", capture: async () => { throw new Error("disk gone"); } };
    await assert.rejects(captureHost(snapshotSource(host, demoHost), out, { force: false, redaction: noRedaction, parts: [...CAPTURE_PARTS.slice(0, 3), failing] }), /disk gone/);
    assert.deepEqual(readdirSync(parent), []);
  });

  it("never writes through a link planted in its folder while it writes: the capture stops (CR4009), nothing is left", async () => {
    const parent = testDir();
    const elsewhere = testDir();
    const out = join(parent, "capture");
    const host = await SnapshotHost.open(demoHost);
    const planter = {
      name: "planter",
      capture: async () => {
        const staging = readdirSync(parent).find((n) => n.startsWith(".capture.capture-"))!;
        symlinkSync(elsewhere, join(parent, staging, "certs"));
        return { part: "planter", count: 0, of: "files" as const, files: [], warnings: [] };
      },
    };
    const certs = CAPTURE_PARTS.find((p) => p.name === "certs")!;
    await assert.rejects(
      captureHost(snapshotSource(host, demoHost), out, { force: false, redaction: noRedaction, parts: [planter, certs] }),
      (error: unknown) => (error as { code?: string }).code === "CR4009" && /appeared while the capture was being written/.test((error as Error).message),
    );
    assert.deepEqual(readdirSync(elsewhere), []);
    assert.deepEqual(readdirSync(parent), []);
  });

  it("needs --out (CR2000)", async () => {
    const result = await run(["capture", "--json", "--host-root", demoHost]);
    assert.equal(result.exitCode, 2);
    assert.equal(result.envelope().errors[0]!.code, "CR2000");
  });

  it("captures the task definitions and their last run", async () => {
    const source = copyOfDemoHost();
    const task = `<?xml version="1.0" encoding="UTF-16"?>\r\n<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><Settings><Enabled>false</Enabled></Settings><Actions><Exec><Command>C:\\Program Files\\CertRebind\\certrebind.exe</Command></Exec></Actions></Task>\r\n`;
    mkdirSync(join(source, "tasks", "CertRebind"), { recursive: true });
    writeFileSync(join(source, "tasks", "CertRebind", "AutoRebind.xml"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(task, "utf16le")]));
    writeFileSync(join(source, "tasks", "CertRebind", "AutoRebind.json"), JSON.stringify({ lastRunTime: "2026-11-26T03:00:00.000Z", lastResult: 0 }));
    const out = join(testDir(), "capture");
    assert.equal((await run(["capture", "--out", out, "--host-root", source])).exitCode, 0);
    const [original, captured] = await Promise.all([source, out].map(async (root) => (await SnapshotHost.open(root)).taskScheduler.get("\\CertRebind\\AutoRebind")));
    assert.deepEqual(captured, original);
    assert.equal(captured?.enabled, false);
    assert.ok(!existsSync(join(out, "tasks", "Microsoft")));
  });
});
