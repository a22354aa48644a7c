import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { MAX_HOST_FILE_BYTES, readHostBytes, readHostText } from "../../../../ts-src/platform/files/read-host-file.js";
import { testDir } from "../../support/snapshot.js";

test("readHostText reads a file whole, and gives null for one that does not exist", async () => {
  const root = testDir({ "a.txt": "\uFEFFtext" });
  assert.equal(await readHostText(join(root, "a.txt")), "\uFEFFtext");
  assert.equal(await readHostText(join(root, "missing.txt")), null);
});

test(`readHostBytes reads a file of ${MAX_HOST_FILE_BYTES} bytes, and refuses one byte more (CR2003) before reading it`, async () => {
  const root = testDir();
  const file = join(root, "applicationHost.config");
  writeFileSync(file, "");
  // Sparse: the size is there, the disk blocks are not.
  truncateSync(file, MAX_HOST_FILE_BYTES + 1);
  const started = Date.now();
  await assert.rejects(readHostBytes(file), (error: unknown) =>
    error instanceof CertRebindError && error.code === "CR2003" && error.exitCode === 2 && error.target === file &&
    error.message === `${file}: it is 256 MiB (268435457 bytes), more than the 256 MiB a host file may have; nothing was read`,
  );
  assert.ok(Date.now() - started < 1000);
  truncateSync(file, MAX_HOST_FILE_BYTES);
  assert.equal((await readHostBytes(file))!.length, MAX_HOST_FILE_BYTES);
  rmSync(root, { recursive: true });
});

test("readHostBytes refuses what is not a regular file (CR2004): a folder, a named pipe that would never end", async () => {
  const root = testDir();
  mkdirSync(join(root, "folder"));
  execFileSync("mkfifo", [join(root, "pipe")]);
  for (const name of ["folder", "pipe"]) {
    await assert.rejects(readHostBytes(join(root, name)), (error: unknown) => error instanceof CertRebindError && error.code === "CR2004" && /not a regular file/.test(error.message));
  }
});
