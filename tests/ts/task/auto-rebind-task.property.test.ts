import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  AUTO_REBIND_TASK_PATH,
  autoRebindTaskXml,
  decodeTaskXml,
  encodeTaskXml,
  TASK_ARGUMENTS,
} from "../../../ts-src/task/auto-rebind-task.js";
import { dailyTime, definitionDifferences, readTaskDefinition, withSettingsEnabled } from "../../../ts-src/task/task-definition.js";
import { eventIds } from "../support/task-event-ids.js";
import { checkProperty, timed, valueOf } from "../support/property.js";

/** What a folder name may hold: anything but what Task Scheduler expands or a command line splits on. */
const pathPart = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
  .map((s) => s.replace(/["%<>|?*\\\u0000-\u001f]/g, "_").trim() || "x");
const command = fc
  .tuple(fc.constantFrom("C", "D", "e"), fc.array(fc.oneof(pathPart, fc.constantFrom("Program Files", "R&D Tools", "O'Brien", "a]]b", "Dossier é")), { minLength: 1, maxLength: 3 }), pathPart)
  .map(([drive, folders, name]) => `${drive}:\\${folders.join("\\")}\\${name}.exe`);
const version = fc.stringMatching(/^[0-9A-Za-z.+-]{1,40}$/);
const dailyAt = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.boolean(), fc.constantFrom("", " "))
  .map(([h, m, short, space]) => ({ text: `${space}${short ? h : String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}${space}`, at: `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}` }));

describe("autoRebindTaskXml and readTaskDefinition", () => {
  it("reads back the program, version and daily time the task was written with", async (t) => {
    await checkProperty(
      t,
      fc.property(command, version, dailyAt, (exe, v, daily) => {
        const xml = autoRebindTaskXml({ command: exe, version: v, dailyAt: daily.text });
        const definition = valueOf(timed("readTaskDefinition", () => readTaskDefinition(xml)));
        assert.deepEqual(definition.actions, [{ kind: "exec", command: exe, arguments: TASK_ARGUMENTS }]);
        assert.equal(definition.version, v);
        assert.equal(definition.uri, AUTO_REBIND_TASK_PATH);
        assert.equal(definition.enabled, true);
        assert.equal(dailyTime(definition), daily.at);
        assert.deepEqual(eventIds(definition), [1001, 1006]);
        assert.deepEqual(definitionDifferences(definition, readTaskDefinition(autoRebindTaskXml({ command: exe, version: v, dailyAt: daily.at }))), []);

        assert.equal(decodeTaskXml(encodeTaskXml(xml)), xml);
        const disabled = readTaskDefinition(withSettingsEnabled(xml, false));
        assert.deepEqual(disabled, { ...definition, enabled: false });
      }),
      150,
    );
  });
});
