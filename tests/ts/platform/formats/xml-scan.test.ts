import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeXmlText, lineOf, scanXml, XmlSyntaxError } from "../../../../ts-src/platform/formats/xml-scan.js";

test("start tags carry decoded values and the exact offsets of each raw value", () => {
  const text = `<?xml version="1.0"?>\r\n<!-- a <comment> -->\r\n<a x="1 &amp; 2" y='it&apos;s'><b z="&#x41;"/></a>`;
  const tokens = [...scanXml(text)];
  assert.deepEqual(tokens.map((t) => `${t.type}:${t.name}`), ["start:a", "start:b", "end:a"]);
  const a = tokens[0]!;
  assert.ok(a.type === "start");
  assert.deepEqual(a.attributes.map((x) => [x.name, x.value, text.slice(x.valueStart, x.valueEnd)]), [
    ["x", "1 & 2", "1 &amp; 2"],
    ["y", "it's", "it&apos;s"],
  ]);
  const b = tokens[1]!;
  assert.ok(b.type === "start" && b.selfClosing);
  assert.equal(b.attributes[0]!.value, "A");
});

const malformed: [string, string, RegExp][] = [
  ["a DOCTYPE (entity expansion)", `<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>`, /DOCTYPE/],
  ["mismatched end tag", `<a><b></a>`, /<\/a> closes <b>/],
  ["unclosed element", `<a><b/>`, /ends before <a> is closed/],
  ["unquoted attribute", `<a x=1/>`, /not quoted/],
  ["duplicate attribute", `<a x="1" x="2"/>`, /appears twice/],
  ["unclosed comment", `<a><!-- x </a>`, /comment is not closed/],
  ["stray end tag", `</a>`, /no matching start tag/],
  ["attribute without value", `<a x/>`, /has no value/],
  ["unclosed attribute value", `<a x="1/>`, /not closed/],
];

for (const [name, text, message] of malformed) {
  test(`scanXml refuses ${name}`, () => {
    assert.throws(() => [...scanXml(text)], (e: unknown) => e instanceof XmlSyntaxError && message.test(e.message));
  });
}

test("lineOf counts lines for messages", () => {
  assert.equal(lineOf("a\nb\nc", 0), 1);
  assert.equal(lineOf("a\nb\nc", 2), 2);
  assert.equal(lineOf("a\r\nb\r\nc", 6), 3);
});

test("decodeXmlText decodes the predefined and numeric entities only", () => {
  assert.equal(decodeXmlText("&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&unknown;"), `<>&"'AB&unknown;`);
});

// Regressions found by xml-scan's property tests (application-host.property.test.ts).

test("decodeXmlText refuses a character reference to no character, at its offset, instead of failing with a RangeError", () => {
  for (const [raw, at] of [["a&#x110000;", 1], ["&#99999999999;", 0], ["ab&#0;", 2], ["&#xD800;", 0]] as const) {
    assert.throws(() => decodeXmlText(raw, 10), (e: unknown) => e instanceof XmlSyntaxError && e.offset === 10 + at && /is not a character/.test(e.message));
  }
  assert.equal(decodeXmlText("&#x10FFFF;&#xD7FF;"), "\u{10FFFF}\uD7FF");
});

test("scanXml checks for duplicate attributes in linear time", () => {
  const attributes = Array.from({ length: 50_000 }, (_, i) => ` a${i}=""`).join("");
  const start = performance.now();
  assert.equal([...scanXml(`<a${attributes}/>`)].length, 1);
  assert.ok(performance.now() - start < 1000, `${performance.now() - start} ms`);
});
