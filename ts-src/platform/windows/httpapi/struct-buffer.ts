/**
 * One structure and everything its pointers point at, in one Buffer: the structure first, the pointed-to data
 * after it. Pointers are written once the Buffer's address is known (`link`), so the layout code stays pure and
 * is tested without native code.
 */
export interface EncodedStruct {
  bytes: Buffer;
  /** Where a pointer goes, and the offset (in `bytes`) it points at. */
  pointers: readonly { at: number; target: number }[];
}

export class StructBuilder {
  private readonly blobs: { at: number; bytes: Buffer }[] = [];
  private readonly pointers: { at: number; target: number }[] = [];
  private size: number;
  readonly head: Buffer;

  constructor(headSize: number) {
    this.head = Buffer.alloc(headSize);
    this.size = headSize;
  }

  /** Appends `bytes` (8-byte aligned) and points the pointer at `at` to them; a null pointer for null. */
  pointTo(at: number, bytes: Buffer | null): void {
    if (bytes === null) return;
    const target = align8(this.size);
    this.blobs.push({ at: target, bytes });
    this.size = target + bytes.length;
    this.pointers.push({ at, target });
  }

  /** Appends a structure with its own pointed-to data and points the pointer at `at` to it. */
  pointToStruct(at: number, nested: EncodedStruct): void {
    const target = align8(this.size);
    this.pointTo(at, nested.bytes);
    for (const pointer of nested.pointers) this.pointers.push({ at: target + pointer.at, target: target + pointer.target });
  }

  finish(): EncodedStruct {
    const bytes = Buffer.alloc(align8(this.size));
    this.head.copy(bytes, 0);
    for (const blob of this.blobs) blob.bytes.copy(bytes, blob.at);
    return { bytes, pointers: this.pointers };
  }
}

/** Writes the absolute pointers of `encoded` for a Buffer at address `base`; returns its bytes. */
export function link(encoded: EncodedStruct, base: bigint): Buffer {
  for (const { at, target } of encoded.pointers) encoded.bytes.writeBigUInt64LE(base + BigInt(target), at);
  return encoded.bytes;
}

/**
 * Reads what an output structure points at. The HTTP Server API returns the structure and the data it points to
 * in the caller's one output buffer (pOutputConfigInfo; its required size includes them); a pointer outside
 * that buffer is refused rather than followed.
 */
export class StructReader {
  constructor(
    readonly bytes: Buffer,
    private readonly base: bigint,
  ) {}

  /** The offset in `bytes` of the pointer stored at `at`; null for a null pointer. */
  target(at: number, length: number): number | null {
    const pointer = this.bytes.readBigUInt64LE(at);
    if (pointer === 0n) return null;
    const offset = pointer - this.base;
    if (offset < 0n || offset + BigInt(length) > BigInt(this.bytes.length)) {
      throw new RangeError(`a pointer at offset ${at} points outside the ${this.bytes.length}-byte output buffer`);
    }
    return Number(offset);
  }

  bytesAt(at: number, length: number): Buffer | null {
    const offset = this.target(at, length);
    return offset === null ? null : Buffer.from(this.bytes.subarray(offset, offset + length));
  }

  /** A NUL-terminated UTF-16 string (PWSTR), or null. */
  wideString(at: number): string | null {
    const offset = this.target(at, 2);
    if (offset === null) return null;
    for (let end = offset; end + 1 < this.bytes.length; end += 2) {
      if (this.bytes.readUInt16LE(end) === 0) return this.bytes.toString("utf16le", offset, end);
    }
    throw new RangeError(`a string at offset ${offset} has no terminating NUL inside the output buffer`);
  }
}

export function wideStringBytes(text: string | null): Buffer | null {
  return text === null ? null : Buffer.from(`${text}\0`, "utf16le");
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
