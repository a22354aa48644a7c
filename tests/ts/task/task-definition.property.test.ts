import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { autoRebindTaskXml, decodeTaskXml } from "../../../ts-src/task/auto-rebind-task.js";
import { readTaskDefinition, TaskXmlError, withSettingsEnabled } from "../../../ts-src/task/task-definition.js";
import { XmlTreeError } from "../../../ts-src/task/xml-tree.js";
import { hostileText } from "../support/arbitraries/hostile.js";
import { mutatedText } from "../support/arbitraries/mutations.js";
import { ENABLED_MARK, generatedTask } from "../support/arbitraries/task-xml.js";
import { checkProperty, lineCount, timed, valueOf } from "../support/property.js";

const IIS_TASK = decodeTaskXml(readFileSync(join(import.meta.dirname, "../../fixtures/tasks/IIS-AutoCertRebind.xml")));
const OUR_TASK = autoRebindTaskXml({ command: "C:\\Program Files\\CertRebind\\certrebind.exe", version: "0.1.0", dailyAt: "03:30" });
const TOKENS = ["<Enabled>", "</Enabled>", "<Settings>", "</Settings>", "<Enabled/>", "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE t>", "&lt;", "&#x110000;", "&bogus;", "</Task>", "<Task>", " constructor='x'", '"', "'"];

const read = (xml: string) => valueOf(timed("readTaskDefinition", () => readTaskDefinition(xml)));

/** Malformed XML is an XmlTreeError with a line of the text; a document that is no task, a TaskXmlError. */
function assertTaskXmlError(error: unknown, xml: string): void {
  if (error instanceof TaskXmlError) return;
  if (!(error instanceof XmlTreeError)) throw error;
  assert.ok(error.line >= 1 && error.line <= lineCount(xml), `line ${error.line} of ${lineCount(xml)}: ${error.message}`);
}

describe("readTaskDefinition on generated task definitions", () => {
  it("reads what any generated task runs, when and as whom", async (t) => {
    await checkProperty(
      t,
      fc.property(generatedTask, ({ rendered, definition }) => {
        assert.deepEqual(read(rendered.text), definition);
      }),
      200,
    );
  });
});

describe("withSettingsEnabled", () => {
  it("sets Settings/Enabled and changes nothing else of what the task is", async (t) => {
    await checkProperty(
      t,
      fc.property(generatedTask, fc.boolean(), ({ rendered, definition, enabledContent }, enabled) => {
        const changed = valueOf(timed("withSettingsEnabled", () => withSettingsEnabled(rendered.text, enabled)));
        assert.deepEqual(read(changed), { ...definition, enabled });
        if (enabledContent) {
          const { start, end } = rendered.marks.get(ENABLED_MARK)!;
          assert.equal(changed, `${rendered.text.slice(0, start)}${enabled}${rendered.text.slice(end)}`);
          return;
        }
        // An element is added (or an empty one filled): what differs is that element's markup and value, in one place.
        let head = 0;
        while (head < changed.length && changed[head] === rendered.text[head]) head++;
        let tail = 0;
        while (tail < changed.length - head && tail < rendered.text.length - head && changed.at(-1 - tail) === rendered.text.at(-1 - tail)) tail++;
        const removed = rendered.text.slice(head, rendered.text.length - tail);
        const added = changed.slice(head, changed.length - tail);
        assert.match(removed, /^[</>:A-Za-z\s]{0,30}$/);
        assert.match(added, /^[</>:A-Za-z]{1,60}$/);
      }),
      200,
    );
  });
});

describe("readTaskDefinition on mutated task XML", () => {
  const base = fc.oneof(fc.constantFrom(IIS_TASK, OUR_TASK), generatedTask.map((g) => g.rendered.text));

  it("returns a definition or refuses the XML with its line, and withSettingsEnabled reads back", async (t) => {
    await checkProperty(
      t,
      fc.property(mutatedText(base, TOKENS), fc.boolean(), (xml, enabled) => {
        const outcome = timed("readTaskDefinition", () => readTaskDefinition(xml));
        if (!outcome.ok) {
          assertTaskXmlError(outcome.error, xml);
          return;
        }
        const changed = valueOf(timed("withSettingsEnabled", () => withSettingsEnabled(xml, enabled)));
        assert.deepEqual(read(changed), { ...outcome.value, enabled });
      }),
      200,
    );
  });

  it("reads or refuses hostile input (long runs, many attributes, deep nesting) within the time limit", async (t) => {
    await checkProperty(
      t,
      fc.property(hostileText(base), (xml) => {
        const outcome = timed("readTaskDefinition", () => readTaskDefinition(xml));
        if (!outcome.ok) assertTaskXmlError(outcome.error, xml);
      }),
      60,
      { shrink: false },
    );
  });
});
