/*
 * Event 1001 starts the task `\CertRebind\AutoRebind`, which runs `on-task` with the event's thumbprints. Whatever
 * an event carries where a thumbprint belongs, the run refuses with exit code 2 before the Windows adapter starts
 * any tool, and changes nothing.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NEW_CERT_HASH_QUERY, OLD_CERT_HASH_QUERY, TASK_ARGUMENTS } from "../../../ts-src/task/auto-rebind-task.js";
import { WWW_2025, WWW_2026 } from "../cli/rebind/support.js";
import { copyOfDemoHost } from "../support/snapshot.js";
import { treeHash } from "../support/tree-hash.js";
import { runOnWindows, windowsFromSnapshot } from "../support/windows-from-snapshot.js";
import { assertNotPassedOn, HOSTILE_VALUES } from "./hostile-values.js";
import { commandLineToArgv, queryValue, replacedEvent, substitute } from "./task-launch.js";

const OLD = WWW_2025.toLowerCase();
const NEW = WWW_2026.toLowerCase();

/** The arguments `on-task` gets for an event 1001 with these thumbprints. */
const deliveries: [string, (old: string, next: string) => string[]][] = [
  ["as one argument each", (old, next) => ["on-task", "--old", old, "--new", next]],
  [
    "as Task Scheduler passes them",
    (old, next) => {
      const event = replacedEvent(old, next);
      const values = { OldCertHash: queryValue(event, OLD_CERT_HASH_QUERY) ?? "", NewCertHash: queryValue(event, NEW_CERT_HASH_QUERY) ?? "" };
      return commandLineToArgv(substitute(TASK_ARGUMENTS, values));
    },
  ],
];

const positions: [string, (value: string) => [string, string]][] = [
  ["old", (value) => [value, NEW]],
  ["new", (value) => [OLD, value]],
  ["old, with no new", (value) => [value, ""]],
];

describe("on-task refuses an event whose thumbprints are not thumbprints", () => {
  for (const [delivery, argvOf] of deliveries) {
    it(`rebinds a well-formed pair ${delivery}, through the Windows tools and the HTTP Server API`, async () => {
      const windows = windowsFromSnapshot(copyOfDemoHost());
      const result = await runOnWindows(argvOf(OLD, NEW), windows);
      assert.equal(result.exitCode, 3, result.stderr);
      assert.ok(windows.api()!.all().some((r) => r.thumbprint === NEW.toUpperCase()), "a record was moved to the new certificate");
      assert.ok(windows.apiWrites().some((c) => c.startsWith("Update ")));
    });

    for (const hostile of HOSTILE_VALUES) {
      it(`exits 2 for ${hostile.name} ${delivery}, starting no tool and changing nothing`, async () => {
        const root = copyOfDemoHost();
        const before = treeHash(root);
        for (const [position, pairOf] of positions) {
          const windows = windowsFromSnapshot(root);
          const result = await runOnWindows(argvOf(...pairOf(hostile.value)), windows);
          assert.equal(result.exitCode, 2, `${position}: ${result.stdout}${result.stderr}`);
          assert.match(result.stderr, /^certrebind: CR20\d\d: [^\n]*\n$/, `${position}: one error, on one line`);
          assert.deepEqual(windows.commands, [], `${position}: no tool was started`);
          assertNotPassedOn(windows.texts(), hostile);
          assert.deepEqual(treeHash(root), before, `${position}: nothing changed`);
        }
      });
    }
  }
});
