import assert from "node:assert/strict";
import { chownSync, chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { rebind, WWW_2025, WWW_2026 } from "../../cli/rebind/support.js";
import { run } from "../../support/run.js";
import { demoHost } from "../../support/snapshot.js";
import { copyOfTextDemoHost, demoSslcertText } from "../../support/text-demo-host.js";

const SSLCERT = "httpsys/sslcert.txt";
const CONFIG = "inetsrv/applicationHost.config";
const demoText = (path: string) => (path === SSLCERT ? demoSslcertText() : readFileSync(join(demoHost, path), "latin1"));
const OLD = WWW_2025.toLowerCase();
const NEW = WWW_2026.toLowerCase();

/** The demo host's sslcert.txt with translated labels, as bytes of a single-byte code page (Latin-1 string). */
function translatedSslCert(usageCheck: string): string {
  return demoText(SSLCERT).replaceAll("Usage Check                 ", usageCheck).replaceAll("SSL Certificate bindings:", "SSL-Zertifikatbindungen:");
}

/** Rebinds, then rebinds back: every byte but the hashes' is as before, and in the end every byte is. */
async function throughRebindAndBack(root: string, path: string, original: Buffer, withNewHash: Buffer): Promise<void> {
  const there = await rebind(root, ["--force"]);
  assert.equal(there.exitCode, 0, there.stdout);
  assert.ok(readFileSync(join(root, path)).equals(withNewHash), `${path}: only the hash bytes change`);
  const back = await run(["rebind", "--json", "--host-root", root, "--old", WWW_2026, "--new", WWW_2025, "--force"]);
  assert.equal(back.exitCode, 0, back.stdout);
  assert.ok(readFileSync(join(root, path)).equals(original), `${path}: byte-identical after the way back`);
}

test("an OEM (cp850) sslcert.txt keeps its bytes through a rebind and back", async () => {
  const root = copyOfTextDemoHost();
  const text = translatedSslCert("Verwendungspr\x81fung"); // cp850 0x81 is 'ü'
  const original = Buffer.from(text, "latin1");
  writeFileSync(join(root, SSLCERT), original);
  await throughRebindAndBack(root, SSLCERT, original, Buffer.from(text.replaceAll(OLD, NEW), "latin1"));
});

test("an ANSI (cp1252) sslcert.txt keeps its bytes, also through a rollback of a failed run", async () => {
  const root = copyOfTextDemoHost();
  const original = Buffer.from(translatedSslCert("V\xe9rification d'usage \x93\x94"), "latin1"); // é, curly quotes
  writeFileSync(join(root, SSLCERT), original);
  // The second host write (applicationHost.config) fails: the records written first are put back.
  const failed = await rebind(root, [], { CERTREBIND_TEST_FAIL_WRITE: "2" });
  assert.equal(failed.exitCode, 1, failed.stdout);
  assert.ok(readFileSync(join(root, SSLCERT)).equals(original), "byte-identical after the rollback");
});

test("a cp1252 comment in an applicationHost.config without a declared encoding keeps its bytes", async () => {
  const root = copyOfTextDemoHost();
  const text = demoText(CONFIG).replace('<?xml version="1.0" encoding="UTF-8"?>', "").replace("<configuration>", "<configuration>\r\n    <!-- Ge\xe4ndert von Jos\xe9 \x96 \x80 -->");
  assert.ok(text.includes("Jos\xe9"), "the comment is in");
  const original = Buffer.from(text, "latin1");
  writeFileSync(join(root, CONFIG), original);
  await throughRebindAndBack(root, CONFIG, original, Buffer.from(text.replaceAll(`serverCertHash="${OLD}"`, `serverCertHash="${NEW}"`), "latin1"));
});

test("a UTF-16 LE sslcert.txt with a BOM (netsh … > file in Windows PowerShell 5.1) is read and stays UTF-16 LE", async () => {
  const root = copyOfTextDemoHost();
  const text = demoText(SSLCERT).replace(/^\uFEFF|^\xef\xbb\xbf/, "");
  const utf16 = (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")]);
  writeFileSync(join(root, SSLCERT), utf16(text));
  await throughRebindAndBack(root, SSLCERT, utf16(text), utf16(text.replaceAll(OLD, NEW)));
});

test("a UTF-16 file cut in the middle of a character is refused with its encoding named (CR2007)", async () => {
  const root = copyOfTextDemoHost();
  const before = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(demoText(SSLCERT), "utf16le"), Buffer.from([0x41])]);
  writeFileSync(join(root, SSLCERT), before);
  const result = await rebind(root);
  assert.equal(result.exitCode, 2);
  assert.equal(result.envelope.errors[0]!.code, "CR2007");
  assert.match(result.envelope.errors[0]!.message, /UTF-16 LE.*odd number of bytes/);
  assert.ok(readFileSync(join(root, SSLCERT)).equals(before));
});

test("rewritten files keep their mode, owner and group; backups are readable by their owner only", { skip: process.getuid?.() !== 0 && "needs root to give files away" }, async () => {
  const root = copyOfTextDemoHost();
  for (const path of [SSLCERT, CONFIG]) {
    chmodSync(join(root, path), 0o640);
    chownSync(join(root, path), 65534, 65534);
  }
  const result = await rebind(root);
  assert.equal(result.exitCode, 3, result.stdout);
  for (const path of [SSLCERT, CONFIG]) {
    const info = statSync(join(root, path));
    assert.deepEqual({ mode: info.mode & 0o7777, uid: info.uid, gid: info.gid }, { mode: 0o640, uid: 65534, gid: 65534 }, path);
    assert.notEqual(readFileSync(join(root, path), "latin1"), demoText(path), `${path} was rewritten`);
  }
  const backups = join(root, "state", "backups");
  const runs = readdirSync(backups);
  assert.ok(runs.length > 0, "the run backed up the files it changed");
  assert.equal(statSync(backups).mode & 0o777, 0o700);
  for (const run of runs) {
    assert.equal(statSync(join(backups, run)).mode & 0o777, 0o700, run);
    for (const file of readdirSync(join(backups, run), { recursive: true })) {
      const info = statSync(join(backups, run, String(file)));
      assert.equal(info.mode & 0o777, info.isDirectory() ? 0o700 : 0o600, String(file));
    }
  }
});
