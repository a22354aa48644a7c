import { localNameIs, sameText } from "./xml-rules.js";

/** Up to this many attributes, a duplicate is looked for by comparing names in place; beyond, with a set. */
const FEW_ATTRIBUTES = 16;

/**
 * The attributes of the start tag the tokenizer is at (xml-tokenizer.ts), as offsets in its text: one list filled again
 * for each tag, so that a tag's attributes cost no object; a name or value is cut out only when it is asked for.
 */
export class XmlAttributeList {
  count = 0;
  /** [name start, name end, value start, value end] of each attribute; the value's offsets are between the quotes. */
  private readonly spans: number[] = [];
  /** The decoded value where the raw one holds a reference, else null. */
  private readonly decoded: (string | null)[] = [];
  private seen: Set<string> | null = null;

  constructor(private readonly text: string) {}

  clear(): void {
    this.count = 0;
    this.seen = null;
  }

  add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number, decoded: string | null): void {
    const index = this.count++;
    const spans = this.spans;
    spans[4 * index] = nameStart;
    spans[4 * index + 1] = nameEnd;
    spans[4 * index + 2] = valueStart;
    spans[4 * index + 3] = valueEnd;
    this.decoded[index] = decoded;
  }

  /** Whether an attribute is named as the text from `start` to `end` is. */
  has(start: number, end: number): boolean {
    const count = this.count;
    if (count < FEW_ATTRIBUTES) {
      for (let i = 0; i < count; i++) {
        const otherStart = this.spans[4 * i]!;
        if (this.spans[4 * i + 1]! - otherStart === end - start && sameText(this.text, otherStart, start, end - start)) return true;
      }
      return false;
    }
    if (!this.seen) {
      this.seen = new Set<string>();
      for (let i = 0; i < count; i++) this.seen.add(this.name(i));
    }
    const name = this.text.slice(start, end);
    if (this.seen.has(name)) return true;
    this.seen.add(name); // it is added next
    return false;
  }

  /** The index of the attribute named `wanted` (`local`: its name without prefix is), or -1. */
  indexOf(wanted: string, local = false): number {
    const spans = this.spans;
    const text = this.text;
    for (let i = 0; i < this.count; i++) {
      const start = spans[4 * i]!;
      const end = spans[4 * i + 1]!;
      if (local ? localNameIs(text, start, end, wanted) : end - start === wanted.length && text.startsWith(wanted, start)) return i;
    }
    return -1;
  }

  name(index: number): string {
    return this.text.slice(this.spans[4 * index], this.spans[4 * index + 1]);
  }

  /** The decoded value. */
  value(index: number): string {
    return this.decoded[index] ?? this.text.slice(this.spans[4 * index + 2], this.spans[4 * index + 3]);
  }

  /** Offsets of the raw value between the quotes. */
  valueStart(index: number): number {
    return this.spans[4 * index + 2]!;
  }

  valueEnd(index: number): number {
    return this.spans[4 * index + 3]!;
  }
}
