/** The few DER encodings an X.509 certificate needs (ITU-T X.690), and a reader for one TLV. */

export type Der = Buffer;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const tlv = (tag: number, content: Buffer): Der => Buffer.concat([Buffer.from([tag]), length(content.length), content]);

export const sequence = (...items: Der[]): Der => tlv(0x30, Buffer.concat(items));

/** A SET OF, with its elements in the DER order (sorted by their encodings). */
export const setOf = (...items: Der[]): Der => tlv(0x31, Buffer.concat([...items].sort(Buffer.compare)));

export const boolean = (value: boolean): Der => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));

export const nullValue = (): Der => tlv(0x05, Buffer.alloc(0));

/** A non-negative INTEGER from big-endian hex. */
export function unsignedInteger(hex: string): Der {
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw new Error(`not a hexadecimal number: "${hex}"`);
  let bytes = Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, "hex");
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

export const smallInteger = (n: number): Der => unsignedInteger(n.toString(16));

export function oid(dotted: string): Der {
  const arcs = dotted.split(".").map((arc) => {
    if (!/^\d+$/.test(arc)) throw new Error(`not an object identifier: "${dotted}"`);
    return BigInt(arc);
  });
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined) throw new Error(`not an object identifier: "${dotted}"`);
  const bytes: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const groups = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) groups.unshift(Number(v & 0x7fn) | 0x80);
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

export const utf8String = (text: string): Der => tlv(0x0c, Buffer.from(text, "utf8"));

/** The bytes of an IA5String (ASCII only). */
export function ia5Bytes(text: string): Buffer {
  if (!/^[\x00-\x7f]*$/.test(text)) throw new Error(`not an IA5String (ASCII only): "${text}"`);
  return Buffer.from(text, "ascii");
}

export const octetString = (content: Buffer): Der => tlv(0x04, content);

export const bitString = (content: Buffer, unusedBits = 0): Der => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));

/** A BIT STRING of named bits (bit 0 is the most significant), trailing zero bits removed as DER requires. */
export function namedBits(bits: number[]): Der {
  if (bits.length === 0) return bitString(Buffer.alloc(0));
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)]! |= 0x80 >> bit % 8;
  return bitString(bytes, 7 - (highest % 8));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, always in UTC with seconds. */
export function time(date: Date): Der {
  if (Number.isNaN(date.getTime())) throw new Error("invalid date");
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-T:]/g, "");
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, "ascii"));
  return tlv(0x18, Buffer.from(`${digits}Z`, "ascii"));
}

export const explicit = (tagNumber: number, inner: Der): Der => tlv(0xa0 | tagNumber, inner);

export const implicitPrimitive = (tagNumber: number, content: Buffer): Der => tlv(0x80 | tagNumber, content);

export interface Tlv {
  tag: number;
  content: Buffer;
  /** Offset just past this element. */
  end: number;
}

/** Reads the element that starts at `offset`. */
export function readTlv(der: Buffer, offset = 0): Tlv {
  const tag = der[offset];
  let lengthByte = der[offset + 1];
  if (tag === undefined || lengthByte === undefined) throw new Error("truncated DER");
  let start = offset + 2;
  let size = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    size = 0;
    for (let i = 0; i < count; i++) {
      lengthByte = der[start + i];
      if (lengthByte === undefined) throw new Error("truncated DER");
      size = size * 256 + lengthByte;
    }
    start += count;
  }
  if (start + size > der.length) throw new Error("truncated DER");
  return { tag, content: der.subarray(start, start + size), end: start + size };
}
