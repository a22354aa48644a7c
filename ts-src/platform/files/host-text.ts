import { isAscii, isUtf8 } from "node:buffer";
import { CertRebindError, ExitCode } from "../../core/errors.js";

/**
 * How the bytes of a host file are read as text, so that an edit changes only the bytes it means to:
 * - `utf-16le` / `utf-16be`: a byte order mark says so (`netsh … > file` in Windows PowerShell 5.1 writes UTF-16 LE
 *   with a BOM: its `>` is `Out-File`, whose default encoding there is "Unicode", UTF-16 LE,
 *   https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_redirection?view=powershell-5.1),
 *   or a zero byte among the first two does (the file starts with ASCII);
 * - `utf-8`: the bytes are valid UTF-8, with or without its byte order mark; the text leaves the mark out (it stays in
 *   the file: `bom`), so that an ASCII file is a string of one byte per character, half the memory of U+FEFF and
 *   ASCII, and decoded several times as fast (bench/README.md, "Where the time goes");
 * - `single-byte`: anything else — an OEM (cp437, cp850) or ANSI (cp1252) file. The file does not say which code
 *   page it is, so it is read as ISO-8859-1: one character per byte, every ASCII byte as itself. What the tool reads
 *   and writes (hashes, store names, attribute names, separators) is ASCII; other characters are shown as Latin-1.
 */
export type HostEncoding = "utf-8" | "utf-16le" | "utf-16be" | "single-byte";

export interface HostText {
  bytes: Buffer;
  text: string;
  encoding: HostEncoding;
  /** How many bytes of a UTF-8 byte order mark come before the text (3 or 0); a UTF-16 mark is U+FEFF in the text. */
  bom: number;
}

/** A change of the text: characters `start` to `end` (indices into HostText.text) become `value`. */
export interface TextReplacement {
  start: number;
  end: number;
  value: string;
}

/** The text of a host file's bytes; CR2007 naming the encoding when they cannot be read as it. */
export function decodeHostText(bytes: Buffer, file: string): HostText {
  const encoding = hostEncodingOf(bytes, file);
  // A second mark right after the first stays in the text, as it did when the text kept the first: readers refuse it.
  const bom = encoding === "utf-8" && startsWithUtf8Mark(bytes, 0) && !startsWithUtf8Mark(bytes, 3) ? 3 : 0;
  return { bytes, text: decodeAs(bytes.subarray(bom), encoding), encoding, bom };
}

const startsWithUtf8Mark = (bytes: Buffer, at: number): boolean => bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf;

function hostEncodingOf(bytes: Buffer, file: string): HostEncoding {
  const [b0, b1, b2, b3] = bytes;
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    throw unreadableEncoding(file, "UTF-32", "only UTF-8, UTF-16 and single-byte code pages are read");
  }
  let utf16: HostEncoding | null = null;
  if ((b0 === 0xff && b1 === 0xfe) || (bytes.length >= 2 && b0 !== 0 && b1 === 0)) utf16 = "utf-16le";
  else if ((b0 === 0xfe && b1 === 0xff) || (bytes.length >= 2 && b0 === 0 && b1 !== 0)) utf16 = "utf-16be";
  if (utf16 !== null) {
    if (bytes.length % 2 !== 0) {
      throw unreadableEncoding(file, utf16 === "utf-16le" ? "UTF-16 LE" : "UTF-16 BE", `it has an odd number of bytes (${bytes.length}), so it is cut or not UTF-16`);
    }
    return utf16;
  }
  return isUtf8(bytes) ? "utf-8" : "single-byte";
}

/**
 * UTF-8 bytes (checked by isUtf8 already) to text: ASCII as Latin-1 (a copy), the rest by TextDecoder (a mark inside
 * the text, after the first, is kept). Both give the text `toString("utf8")` gives, 2-4 times as fast on a 25 MB
 * applicationHost.config (bench/README.md, "Where the time goes").
 */
const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });

function decodeAs(bytes: Buffer, encoding: HostEncoding): string {
  switch (encoding) {
    case "utf-8":
      return isAscii(bytes) ? bytes.toString("latin1") : utf8Decoder.decode(bytes);
    case "single-byte":
      return bytes.toString("latin1");
    case "utf-16le":
      return bytes.toString("utf16le");
    case "utf-16be":
      return Buffer.from(bytes).swap16().toString("utf16le");
  }
}

/**
 * The file's bytes with the replacements made: the bytes between them are the bytes read, never decoded and encoded
 * again; only the new values are encoded, in the file's encoding. A value that the file's encoding cannot carry
 * (a non-ASCII character in a single-byte file whose code page is unknown) is refused.
 */
export function spliceHostText(host: HostText, replacements: readonly TextReplacement[], file: string): Buffer {
  const sorted = [...replacements].sort((a, b) => a.start - b.start);
  const offsets = byteOffsets(host, sorted.flatMap((r) => [r.start, r.end]));
  const parts: Buffer[] = [];
  let at = 0;
  sorted.forEach((r, i) => {
    const start = offsets[2 * i]!;
    if (start < at) throw new Error(`overlapping edits of ${file}`);
    parts.push(host.bytes.subarray(at, start), encodeAs(r.value, host.encoding, file));
    at = offsets[2 * i + 1]!;
  });
  parts.push(host.bytes.subarray(at));
  return Buffer.concat(parts);
}

/** The text with the replacements made (what spliceHostText's bytes decode to). */
export function spliceText(text: string, replacements: readonly TextReplacement[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const r of [...replacements].sort((a, b) => a.start - b.start)) {
    parts.push(text.slice(at, r.start), r.value);
    at = r.end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

/** The byte offset of each text index (given in ascending order). */
function byteOffsets(host: HostText, indices: readonly number[]): number[] {
  switch (host.encoding) {
    case "single-byte":
      return [...indices];
    case "utf-16le":
    case "utf-16be":
      return indices.map((i) => 2 * i);
    case "utf-8": {
      const bom = host.bom;
      if (host.text.length === host.bytes.length - bom && isAscii(host.bytes.subarray(bom))) return indices.map((i) => i + bom);
      const offsets: number[] = [];
      let char = 0;
      let byte = bom;
      for (const index of indices) {
        byte += Buffer.byteLength(host.text.slice(char, index), "utf8");
        char = index;
        offsets.push(byte);
      }
      return offsets;
    }
  }
}

function encodeAs(value: string, encoding: HostEncoding, file: string): Buffer {
  switch (encoding) {
    case "utf-8":
      return Buffer.from(value, "utf8");
    case "single-byte":
      // Characters read from the file are below U+0100 and come back as the same bytes; a new one must be ASCII.
      for (let i = 0; i < value.length; i++) {
        if (value.charCodeAt(i) > 0xff) {
          throw new Error(`'${value}' cannot be written into ${file}: the file is in a single-byte code page that it does not name, and the value is not ASCII`);
        }
      }
      return Buffer.from(value, "latin1");
    case "utf-16le":
      return Buffer.from(value, "utf16le");
    case "utf-16be":
      return Buffer.from(value, "utf16le").swap16();
  }
}

/** CR2007: the file is in an encoding that cannot be read (the message names it). */
function unreadableEncoding(file: string, encoding: string, detail: string): CertRebindError {
  return new CertRebindError(
    "CR2007",
    `${file} is ${encoding}, which cannot be read: ${detail}. Save it as UTF-8 (or UTF-16 with a byte order mark) and run again; nothing was changed.`,
    ExitCode.BadInput,
    file,
  );
}
