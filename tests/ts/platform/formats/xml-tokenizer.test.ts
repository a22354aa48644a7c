import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeXmlText, encodeXmlAttributeIn, lineOf, XmlSyntaxError } from "../../../../ts-src/platform/formats/xml-rules.js";
import { XML_END_OF_TEXT, XML_END_TAG, XML_START_TAG, XmlTokenizer } from "../../../../ts-src/platform/formats/xml-tokenizer.js";

// The rules of the one XML tokenizer, once (xml-rules.ts, xml-tokenizer.ts): the configuration reader, the task
// definitions and the lifecycle events read with it and only turn its XmlSyntaxError into their own error.

/** Every token as a line: `<name a="value"@start-end>`, `</name>`, `/>` after a self-closing tag, `"text"`. */
function tokensOf(text: string, maxDepth = 8): string[] {
  const tokens = new XmlTokenizer(text, { maxDepth });
  const out: string[] = [];
  for (let kind = tokens.next(); kind !== XML_END_OF_TEXT; kind = tokens.next()) {
    if (kind === XML_START_TAG) {
      const attributes = Array.from({ length: tokens.attributes.count }, (_, i) => ` ${tokens.attributes.name(i)}=${JSON.stringify(tokens.attributes.value(i))}@${tokens.attributes.valueStart(i)}-${tokens.attributes.valueEnd(i)}`);
      out.push(`<${tokens.name()}${attributes.join("")}>${tokens.selfClosing ? "/>" : ""}`);
    } else if (kind === XML_END_TAG) out.push(`</${tokens.name()}>`);
    else out.push(JSON.stringify(tokens.textValue()));
  }
  return out;
}

const read: [string, string, string[]][] = [
  ["both quotes, references decoded, raw value offsets", `<a x="1 &amp; 2" y='it&apos;s'/>`, [`<a x="1 & 2"@6-15 y="it's"@20-29>/>`]],
  ["the five entities and character references", `<a>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x0000043;</a>`, ["<a>", `"<>&\\"'ABC"`, "</a>"]],
  ["CDATA as text, undecoded", `<a><![CDATA[<&amp;>]]></a>`, ["<a>", `"<&amp;>"`, "</a>"]],
  ["white space around = and before >", `<a \t\r\nx \n= "1"\n></a\n>`, [`<a x="1"@12-13>`, "</a>"]],
  ["prefixed names", `<p:a xmlns:p="u"><p:b/></p:a>`, [`<p:a xmlns:p="u"@14-15>`, "<p:b>/>", "</p:a>"]],
  ["a BOM, declaration, comments and processing instructions around the root", `\uFEFF<?xml version="1.0"?>\r\n<!-- <x> -->\n<a/>\n<?pi x?>\n`, ["<a>/>"]],
  ["the UTF-8 byte order mark as a file read in cp1252 starts", `\u00EF\u00BB\u00BF<a/>`, ["<a>/>"]],
  ["comments and PIs inside, skipped unread", `<a><!-- </b> --><?x </b> ?></a>`, ["<a>", "</a>"]],
];

const refused: [string, string, RegExp, number][] = [
  ["a DOCTYPE (where entities are declared)", `<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>`, /DOCTYPE or entity declaration is not allowed: it is refused/, 0],
  ["an entity that is not predefined, in text", `<a>x&lol;</a>`, /entity reference '&lol;' is refused/, 4],
  ["an entity that is not predefined, in a value", `<a x="&b;"/>`, /entity reference '&b;' is refused/, 6],
  ["a bare ampersand", `<a x="a & b"/>`, /entity reference '&' is refused/, 8],
  ["a reference to no character: 0", `<a>&#0;</a>`, /the character reference &#0; is not a character/, 3],
  ["a reference to no character: a surrogate", `<a>&#xD800;</a>`, /is not a character/, 3],
  ["a reference to no character: above U+10FFFF", `<a x="&#99999999999;"/>`, /is not a character/, 6],
  ["a name starting with a digit", `<1a/>`, /a name was expected/, 1],
  ["a name with two prefixes", `<a:b:c/>`, /unexpected character in <a:b>/, 4],
  ["a name that is not ASCII", `<é/>`, /a name was expected/, 1],
  ["white space that is not XML's (NBSP) between attributes", `<a x="1"\u00A0y="2"/>`, /unexpected character in <a>/, 8],
  ["a form feed in a tag", `<a\fx="1"/>`, /unexpected character in <a>/, 2],
  ["attributes without space between them", `<a x="1"y="2"/>`, /unexpected character in <a>/, 8],
  ["an unquoted attribute", `<a x=1/>`, /attribute x of <a> is not quoted/, 5],
  ["an attribute without value", `<a x/>`, /attribute x of <a> has no value/, 4],
  ["an unclosed attribute value", `<a x="1/>`, /attribute x of <a> is not closed/, 5],
  ["'<' in a value", `<a x="<"/>`, /contains '<'/, 5],
  ["a duplicate attribute", `<a x="1" x="2"/>`, /attribute x appears twice in <a>/, 9],
  ["a mismatched end tag", `<a><b></a>`, /<\/a> closes <b>/, 6],
  ["an end tag with a prefix of the start tag's", `<p:a></q:a>`, /<\/q:a> closes <p:a>/, 5],
  ["an end tag that is not closed", `<a></a x>`, /the end tag <\/a> is not closed/, 3],
  ["a stray end tag", `<a/></a>`, /<\/a> has no matching start tag/, 4],
  ["an unclosed element", `<a><b/>`, /the text ends before <a> is closed/, 7],
  ["an unclosed comment", `<a><!-- x </a>`, /a comment is not closed/, 3],
  ["an unclosed CDATA section", `<a><![CDATA[ x </a>`, /a CDATA section is not closed/, 3],
  ["an unclosed processing instruction", `<a><? x </a>`, /a processing instruction is not closed/, 3],
  ["text before the root", `x<a/>`, /text before <the root element>/, 0],
  ["a byte order mark after the start", ` \uFEFF<a/>`, /text before <the root element>/, 0],
  ["text after the root", `<a/> x`, /text after <\/a>/, 4],
  ["CDATA outside the root", `<a/><![CDATA[x]]>`, /text after <\/a>/, 4],
  ["a second root element", `<a></a><b/>`, /<b> after <\/a>/, 7],
  ["no root element", ` <!-- x --> `, /there is no root element/, 0],
  ["nesting deeper than the limit, at the element too deep", `<a><a><a><a><a><a><a><a><b/></a></a></a></a></a></a></a></a>`, /nested deeper than 8 levels/, 24],
];

describe("the XML tokenizer's rules", () => {
  for (const [name, text, expected] of read) {
    it(`reads ${name}`, () => assert.deepEqual(tokensOf(text), expected));
  }
  for (const [name, text, message, offset] of refused) {
    it(`refuses ${name}, at offset ${offset}`, () => {
      assert.throws(() => tokensOf(text), (error: unknown) => {
        assert.ok(error instanceof XmlSyntaxError, String(error));
        assert.match(error.message, message);
        assert.equal(error.offset, offset);
        return true;
      });
    });
  }

  it("names the root it expects in its messages", () => {
    assert.throws(() => new XmlTokenizer("x<Event/>", { maxDepth: 8, root: "Event" }).next(), /text before <Event>/);
    assert.throws(() => new XmlTokenizer("", { maxDepth: 8, root: "Event" }).next(), /no <Event> element/);
  });

  it("checks text it does not hand out", () => {
    const tokens = new XmlTokenizer("<a>&b;</a>", { maxDepth: 8, skipText: true });
    assert.equal(tokens.next(), XML_START_TAG);
    assert.throws(() => tokens.next(), /'&b;' is refused/);
  });

  it("finds attributes by name or by local name, without reading the others", () => {
    const tokens = new XmlTokenizer(`<a p:x="1" x:yx="2" y="3"/>`, { maxDepth: 8 });
    tokens.next();
    assert.equal(tokens.attributes.indexOf("y"), 2);
    assert.equal(tokens.attributes.indexOf("x"), -1);
    assert.equal(tokens.attributes.indexOf("x", true), 0);
    assert.equal(tokens.attributes.indexOf("yx", true), 1);
    assert.equal(tokens.attributes.indexOf("x:yx"), 1);
  });

  it("checks for duplicate attributes in linear time", () => {
    const attributes = Array.from({ length: 50_000 }, (_, i) => ` a${i}=""`).join("");
    const start = performance.now();
    assert.deepEqual(tokensOf(`<a${attributes}/>`).length, 1);
    assert.throws(() => tokensOf(`<a${attributes} a49999="x"/>`), /a49999 appears twice/);
    // A quadratic check takes tens of seconds here; the limit leaves room for a loaded machine.
    assert.ok(performance.now() - start < 5000, `${performance.now() - start} ms`);
  });

  it("refuses a million nested elements at once, without reading on", () => {
    const started = Date.now();
    assert.throws(() => tokensOf(`${"<a>".repeat(1_000_000)}${"</a>".repeat(1_000_000)}`, 256), /nested deeper than 256 levels/);
    assert.ok(Date.now() - started < 5000, "refused before reading the million elements");
  });
});

describe("the XML text rules", () => {
  it("decodeXmlText reports the offset of a refused reference from where the text starts", () => {
    for (const [raw, at] of [["a&#x110000;", 1], ["&#99999999999;", 0], ["ab&#0;", 2], ["&#xD800;", 0], ["ab&c;", 2]] as const) {
      assert.throws(() => decodeXmlText(raw, 10), (e: unknown) => e instanceof XmlSyntaxError && e.offset === 10 + at);
    }
    assert.equal(decodeXmlText("&#x10FFFF;&#xD7FF;&#1;"), "\u{10FFFF}\uD7FF\u0001");
  });

  it("encodeXmlAttributeIn escapes what the enclosing quote needs", () => {
    assert.equal(encodeXmlAttributeIn(`<a x='v'/>`, 7, `a&b<"c'`), "a&amp;b&lt;&quot;c&apos;");
    assert.equal(encodeXmlAttributeIn(`<a x="v"/>`, 7, `a'b`), "a'b");
  });

  it("lineOf counts lines for messages", () => {
    assert.equal(lineOf("a\nb\nc", 0), 1);
    assert.equal(lineOf("a\nb\nc", 2), 2);
    assert.equal(lineOf("a\r\nb\r\nc", 6), 3);
  });
});
