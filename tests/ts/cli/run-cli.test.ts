import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../support/run.js";
import { repoRoot, testDir } from "../support/snapshot.js";

const packageVersion = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

test("version --json prints one envelope with the project version", async () => {
  const result = await run(["version", "--json"]);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.trim().split("\n").length, 1, "exactly one line of JSON on stdout");
  const envelope = result.envelope();
  assert.deepEqual(Object.keys(envelope), ["schemaVersion", "command", "ok", "data", "errors", "warnings"]);
  assert.equal(envelope.schemaVersion, 1);
  assert.equal(envelope.command, "version");
  assert.equal(envelope.ok, true);
  assert.deepEqual(envelope.data, { version: packageVersion, node: process.version, platform: process.platform, arch: process.arch });
  assert.equal(result.stderr, "");
});

test("version without --json prints a line of text", async () => {
  const result = await run(["version"]);
  assert.equal(result.exitCode, 0);
  assert.match(result.stdout, new RegExp(`^certrebind ${packageVersion.replace(/\./g, "\\.")} \\(node v`));
});

const usageCases: [string, string[], RegExp][] = [
  ["no command", ["--json"], /Name a command/],
  ["an unknown command", ["frobnicate", "--json"], /Unknown argument: frobnicate/],
  ["an unknown option", ["bindings", "--bogus", "--json", "--host-root", "."], /Unknown argument/],
  ["an option without its value", ["bindings", "--json", "--host-root"], /host-root/],
  ["an option given twice", ["events", "--thumbprint", "a", "--thumbprint", "b", "--json", "--host-root", "."], /^--thumbprint is given 2 times: give it once\.$/],
  ["a text option negated", ["bindings", "--no-thumbprint", "--json", "--host-root", "."], /^--thumbprint takes a value/],
  ["an argument with a line break in it", ["bindings", "x\r\ncertrebind: forged", "--json", "--host-root", "."], /^Unknown argument: x certrebind: forged$/],
];
for (const [name, argv, message] of usageCases) {
  test(`${name} is a usage error: exit 2, CR2000, one envelope`, async () => {
    const result = await run(argv);
    assert.equal(result.exitCode, 2);
    const envelope = result.envelope();
    assert.equal(envelope.ok, false);
    assert.equal(envelope.errors[0]!.code, "CR2000");
    assert.match(envelope.errors[0]!.message, message);
  });
}

test("without --host-root on Linux the exe exits 4 and says to pass --host-root", async () => {
  const result = await run(["bindings", "--json"]);
  assert.equal(result.exitCode, 4);
  const error = result.envelope().errors[0]!;
  assert.equal(error.code, "CR4001");
  assert.match(error.message, /Pass --host-root DIR/);
  assert.match(result.stderr, /CR4001/);
});

test("a host root that does not exist is exit 2 with CR2002 naming it", async () => {
  const missing = join(testDir(), "nowhere");
  const result = await run(["bindings", "--json", "--host-root", missing]);
  assert.equal(result.exitCode, 2);
  assert.deepEqual(result.envelope().errors, [
    {
      code: "CR2002",
      message: `The host directory '${missing}' does not exist. Pass --host-root with a snapshot host directory (see docs/snapshot-host.md), or run on Windows without it.`,
      target: missing,
      scope: "run",
      remedy: {
        kind: "hostRootOrWindows",
        options: ["--host-root"],
        command: null,
        text: "Pass --host-root with a snapshot host directory (see docs/snapshot-host.md), or run on Windows without it.",
      },
    },
  ]);
});

test("CERTREBIND_HOST_ROOT selects the host when --host-root is absent", async () => {
  const root = testDir({ "httpsys/sslcert.txt": "" });
  const result = await run(["bindings", "--json"], { CERTREBIND_HOST_ROOT: root });
  assert.equal(result.exitCode, 0);
  assert.deepEqual(result.envelope().data, { bindings: [], missingRecords: [], config: null, checks: [] });
});

test("a CERTREBIND_NOW that is not a time is a usage error", async () => {
  const result = await run(["version", "--json"], { CERTREBIND_NOW: "yesterday" });
  assert.equal(result.exitCode, 2);
  assert.match(result.envelope().errors[0]!.message, /CERTREBIND_NOW='yesterday' is not a time/);
});
