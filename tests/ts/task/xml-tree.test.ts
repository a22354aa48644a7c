import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_XML_DEPTH, parseXmlTree, XmlTreeError } from "../../../ts-src/task/xml-tree.js";

const nested = (depth: number) => `${"<a>".repeat(depth)}${"</a>".repeat(depth)}`;

test(`parseXmlTree reads elements nested ${MAX_XML_DEPTH} levels deep and refuses one more`, () => {
  let element = parseXmlTree(nested(MAX_XML_DEPTH));
  for (let depth = 1; depth < MAX_XML_DEPTH; depth++) element = element.children[0]!;
  assert.deepEqual(element.children, []);
  assert.throws(() => parseXmlTree(nested(MAX_XML_DEPTH + 1)), (error: unknown) => error instanceof XmlTreeError && /nested deeper than 256 levels/.test(error.message));
});

test("parseXmlTree refuses a DOCTYPE, so no entity is defined or expanded", () => {
  assert.throws(() => parseXmlTree('<!DOCTYPE t [<!ENTITY x "y">]><Task>&x;</Task>'), /DOCTYPE or entity declaration is not allowed/);
});
