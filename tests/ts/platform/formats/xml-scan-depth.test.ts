import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_XML_DEPTH, scanXml, XmlSyntaxError } from "../../../../ts-src/platform/formats/xml-scan.js";

const nested = (depth: number, inner = "") => `${"<a>".repeat(depth)}${inner}${"</a>".repeat(depth)}`;
const count = (text: string) => [...scanXml(text)].length;

test(`scanXml reads elements nested ${MAX_XML_DEPTH} levels deep`, () => {
  assert.equal(count(nested(MAX_XML_DEPTH)), 2 * MAX_XML_DEPTH);
  assert.equal(count(nested(MAX_XML_DEPTH - 1, "<b/>")), 2 * (MAX_XML_DEPTH - 1) + 1);
});

test("scanXml refuses one level more, empty or not, at the element that goes too deep", () => {
  for (const text of [nested(MAX_XML_DEPTH + 1), nested(MAX_XML_DEPTH, "<b/>")]) {
    assert.throws(
      () => count(text),
      (error: unknown) => error instanceof XmlSyntaxError && error.offset === 3 * MAX_XML_DEPTH && /nested deeper than 256 levels/.test(error.message),
    );
  }
});

test("scanXml refuses a million nested elements at once, without reading on", () => {
  const started = Date.now();
  assert.throws(() => count(nested(1_000_000)), XmlSyntaxError);
  assert.ok(Date.now() - started < 1000);
});
