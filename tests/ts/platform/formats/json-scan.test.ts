import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { JsonScanError, lineFinder, scanJson, type JsonNode } from "../../../../ts-src/platform/formats/json-scan.js";
import { checkProperty, timed, valueOf } from "../../support/property.js";

/** The value a node stands for, as JSON.parse would give it. */
function valueOfNode(node: JsonNode): unknown {
  switch (node.type) {
    case "object":
      return Object.fromEntries(node.members.map((m) => [m.key, valueOfNode(m.value)]));
    case "array":
      return node.items.map(valueOfNode);
    case "null":
      return null;
    default:
      return node.value;
  }
}

describe("scanJson", () => {
  it("reads any JSON text as JSON.parse does, and each node's offsets hold its text", async (t) => {
    await checkProperty(
      t,
      fc.property(fc.json({ maxDepth: 4 }), fc.constantFrom("", " ", "\r\n\t"), (json, space) => {
        const text = `${space}${json}${space}`;
        const node = valueOf(timed("scanJson", () => scanJson(text)));
        assert.deepEqual(valueOfNode(node), JSON.parse(text));
        assert.deepEqual(JSON.parse(text.slice(node.start, node.end)), JSON.parse(text));
      }),
      300,
    );
  });

  const refused: [string, string, RegExp][] = [
    ['{"a": 1, "a": 2}', "a key given twice", /the key "a" is given twice/],
    ["[1, 2,]", "a trailing comma", /expected a JSON value/],
    ['{"a" 1}', "a missing colon", /expected ':'/],
    ["01", "a leading zero", /unexpected '1' after the JSON value/],
    ['"a\\x"', "an invalid escape", /invalid escape/],
    ['"a\tb"', "a raw control character", /control character/],
    ['"abc', "an unclosed string", /never closed/],
    ["[] []", "two values", /after the JSON value/],
    ["tru", "a cut word", /expected a JSON value/],
  ];
  for (const [text, name, says] of refused) {
    it(`refuses ${name}, as JSON.parse does or (duplicate keys) more strictly`, () => {
      assert.throws(() => scanJson(text), (error: unknown) => error instanceof JsonScanError && says.test(error.message));
    });
  }

  it("reads long runs of white space and long strings in linear time", () => {
    for (const text of [`[${" ".repeat(4_000_000)}1]`, `"${"a".repeat(4_000_000)}"`, `"${"\\n".repeat(1_000_000)}"`]) {
      valueOf(timed("scanJson", () => scanJson(text)));
    }
  });

  it("finds the line of an offset", () => {
    const line = lineFinder("a\nb\r\nc");
    assert.deepEqual([0, 1, 2, 3, 4, 5].map(line), [1, 1, 2, 2, 2, 3]);
  });
});
