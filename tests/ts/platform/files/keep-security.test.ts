import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { test } from "node:test";
import { RebindWriteError } from "../../../../ts-src/platform/ports.js";
import type { KeepSecurity } from "../../../../ts-src/platform/files/durable-write.js";
import { HostWriter } from "../../../../ts-src/platform/files/host-writer.js";
import { testDir } from "../../support/snapshot.js";

// On Windows a replaced host file keeps its security descriptor (docs/snapshot-host.md, "Writes"): the writer
// hands the old file and its replacement to `keepSecurity` before the rename, and replaces nothing when that fails.

interface Seen {
  replaced: string;
  replacement: string;
  replacedBytes: string;
  replacementBytes: string;
}

function recording(): { keep: KeepSecurity; seen: Seen[] } {
  const seen: Seen[] = [];
  const keep: KeepSecurity = async (replaced, replacement) => {
    seen.push({ replaced, replacement, replacedBytes: readFileSync(replaced, "utf8"), replacementBytes: readFileSync(replacement, "utf8") });
  };
  return { keep, seen };
}

function hostFile(content: string): string {
  const file = join(testDir(), "applicationHost.config");
  writeFileSync(file, content);
  return file;
}

const writes = {
  write: (writer: HostWriter, file: string) => writer.write(file, "new"),
  replaceIfUnchanged: (writer: HostWriter, file: string) => writer.replaceIfUnchanged(file, Buffer.from("old"), Buffer.from("new")),
};

for (const [name, run] of Object.entries(writes)) {
  test(`${name}: the replacement, beside the old file and holding the new bytes, gets its security before the rename`, async () => {
    const file = hostFile("old");
    const { keep, seen } = recording();
    await run(new HostWriter(undefined, null, keep), file);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.replaced, file);
    assert.equal(dirname(seen[0]!.replacement), dirname(file));
    assert.notEqual(seen[0]!.replacement, file);
    assert.equal(seen[0]!.replacedBytes, "old");
    assert.equal(seen[0]!.replacementBytes, "new");
    assert.equal(readFileSync(file, "utf8"), "new");
    assert.deepEqual(readdirSync(dirname(file)), [basename(file)]);
  });

  test(`${name}: when the security cannot be kept, the file is not replaced, the error names it and the cause, nothing is left beside it`, async () => {
    const file = hostFile("old");
    const cause = new Error("SetNamedSecurityInfoW failed: ERROR_INVALID_OWNER (1307)");
    const writer = new HostWriter(undefined, null, async () => {
      throw cause;
    });
    await assert.rejects(run(writer, file), (error: unknown) =>
      error instanceof RebindWriteError && error.failed.includes(file) && error.cause === cause &&
      error.message === `${file} could not be written: SetNamedSecurityInfoW failed: ERROR_INVALID_OWNER (1307)`,
    );
    assert.equal(readFileSync(file, "utf8"), "old");
    assert.deepEqual(readdirSync(dirname(file)), [basename(file)]);
  });
}

test("replaceIfUnchanged: a file another program changed is left alone even though its security was read", async () => {
  const file = hostFile("changed by another program");
  const { keep, seen } = recording();
  const outcome = await new HostWriter(undefined, null, keep).replaceIfUnchanged(file, Buffer.from("old"), Buffer.from("new"));
  assert.deepEqual(outcome, { replaced: false, superseded: null });
  assert.equal(seen.length, 1);
  assert.equal(readFileSync(file, "utf8"), "changed by another program");
  assert.deepEqual(readdirSync(dirname(file)), [basename(file)]);
});

test("write: a file that did not exist has no security to keep; the state files (the journal) are not given any", async () => {
  const dir = testDir();
  const { keep, seen } = recording();
  const writer = new HostWriter(undefined, null, keep);
  await writer.write(join(dir, "new.config"), "new");
  writeFileSync(join(dir, "journal.json"), "{}");
  await writer.replaceState(join(dir, "journal.json"), "{ }");
  assert.deepEqual(seen, []);
  assert.equal(readFileSync(join(dir, "new.config"), "utf8"), "new");
});
