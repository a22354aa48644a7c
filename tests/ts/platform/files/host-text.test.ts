import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { decodeHostText, spliceHostText } from "../../../../ts-src/platform/files/host-text.js";

/** Replaces `old` (found in the decoded text) with `value`, through the bytes. */
function edit(bytes: Buffer, old: string, value: string): Buffer {
  const read = decodeHostText(bytes, "f");
  const start = read.text.indexOf(old);
  assert.ok(start >= 0, `${old} is in the text (${read.encoding})`);
  return spliceHostText(read, [{ start, end: start + old.length, value }], "f");
}

describe("host text: only the bytes of the values replaced change, in the file's encoding", () => {
  const text = "\u00e9t\u00e9 \u{1F600} hash=aaaa store=My\r\n";
  it("UTF-8, with and without a BOM, non-ASCII before the edit", () => {
    for (const bom of ["", "\uFEFF"]) {
      const bytes = Buffer.from(bom + text, "utf8");
      assert.equal(decodeHostText(bytes, "f").encoding, "utf-8");
      assert.deepEqual(edit(bytes, "aaaa", "bbbb"), Buffer.from(bom + text.replace("aaaa", "bbbb"), "utf8"));
    }
  });

  it("UTF-16 LE and BE, with a BOM and without one", () => {
    const le = (t: string) => Buffer.from(t, "utf16le");
    const be = (t: string) => Buffer.from(t, "utf16le").swap16();
    for (const [encode, name] of [[le, "utf-16le"], [be, "utf-16be"]] as const) {
      for (const bom of ["\uFEFF", ""]) {
        const ascii = bom + "hash=aaaa \u00e9\r\n";
        const bytes = encode(ascii);
        assert.equal(decodeHostText(bytes, "f").encoding, name);
        assert.deepEqual(edit(bytes, "aaaa", "bbbb"), encode(ascii.replace("aaaa", "bbbb")));
      }
    }
  });

  it("a single-byte file: every byte but the value's comes back, and a value it cannot carry is refused", () => {
    const bytes = Buffer.from([0x82, 0x81, 0xa0, 0xff, ...Buffer.from(" store=My hash=aaaa\r\n")]); // cp850 é ü á, NBSP
    assert.equal(decodeHostText(bytes, "f").encoding, "single-byte");
    assert.deepEqual(edit(bytes, "aaaa", "bbbb"), Buffer.concat([bytes.subarray(0, bytes.length - 6), Buffer.from("bbbb\r\n")]));
    assert.throws(() => edit(bytes, "My", "\u0100x"), /single-byte code page that it does not name/);
  });

  it("refuses UTF-32 and cut UTF-16 with CR2007, naming the encoding", () => {
    assert.throws(() => decodeHostText(Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]), "f"), { code: "CR2007", message: /f is UTF-32/ });
    assert.throws(() => decodeHostText(Buffer.from([0xfe, 0xff, 0, 0x41, 0]), "f"), { code: "CR2007", message: /f is UTF-16 BE.*odd number of bytes/ });
  });
});

describe("host text: UTF-8 decodes to the text Buffer's own UTF-8 decoding gives, without the byte order mark", () => {
  it("ASCII, non-ASCII, with and without a mark; an edit anywhere changes only its bytes", () => {
    const texts = fc.oneof(fc.string({ unit: "binary-ascii" }), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }));
    fc.assert(
      fc.property(texts, fc.boolean(), fc.nat(), fc.nat(), (text, bom, a, b) => {
        // "<x" first: a zero byte among the first two would be read as UTF-16.
        const content = `<x${text}`;
        const mark = bom ? "\uFEFF" : "";
        const read = decodeHostText(Buffer.from(mark + content, "utf8"), "f");
        assert.equal(read.encoding, "utf-8");
        assert.equal(read.text, content);
        assert.equal(read.bom, bom ? 3 : 0);
        // Whole code points: a surrogate pair cut in two is no text to write.
        const points = [...content];
        const at = (n: number) => points.slice(0, n % (points.length + 1)).join("").length;
        const [start, end] = [at(a), at(b)].sort((x, y) => x - y) as [number, number];
        const edited = mark + content.slice(0, start) + "new" + content.slice(end);
        assert.deepEqual(spliceHostText(read, [{ start, end, value: "new" }], "f"), Buffer.from(edited, "utf8"));
      }),
      { numRuns: 500 },
    );
  });

  it("a second mark right after the first stays in the text, for the readers to refuse; bytes that are not UTF-8 are single-byte", () => {
    const twice = Buffer.from("\uFEFF\uFEFF<a/>", "utf8");
    assert.deepEqual(decodeHostText(twice, "f"), { bytes: twice, text: "\uFEFF\uFEFF<a/>", encoding: "utf-8", bom: 0 });
    const notUtf8 = Buffer.from([0x41, 0xc3, 0x28, 0x42]);
    assert.deepEqual(decodeHostText(notUtf8, "f"), { bytes: notUtf8, text: "A\u00c3(B", encoding: "single-byte", bom: 0 });
  });
});
