import type { LifecycleChannel } from "../platform/ports.js";
import { parseEventXml } from "./event-xml.js";
import type { ParsedEvent } from "./model.js";

/** A matching event kept among the newest without its record: its text, decoded when it is listed. */
export interface UndecodedEvent {
  time: ParsedEvent["time"];
  record: { channel: LifecycleChannel; recordId: number | null };
  /** A slice of the reader's text of this generation, or (generation -1) a copy of its own. */
  text: string | Buffer;
  generation: number;
}

/**
 * The reader's texts that kept events are slices of: a slice keeps the whole text (about 64 KiB) alive. When the kept
 * events hold more than MAX_RETAINED texts (events out of time order), they are copied, so that what is held stays
 * about --max events, not --max chunks.
 */
export class RetainedChunks {
  static readonly MAX_RETAINED = 32;
  private readonly counts = new Map<number, number>();

  keep(generation: number): void {
    this.counts.set(generation, (this.counts.get(generation) ?? 0) + 1);
  }

  release(event: UndecodedEvent): void {
    const count = this.counts.get(event.generation);
    if (count === undefined) return;
    if (count <= 1) this.counts.delete(event.generation);
    else this.counts.set(event.generation, count - 1);
  }

  copyIfMany(kept: readonly (ParsedEvent | UndecodedEvent)[], current: number): void {
    if (this.counts.size <= RetainedChunks.MAX_RETAINED) return;
    for (const event of kept) {
      if (!("text" in event) || event.generation < 0 || event.generation === current) continue;
      this.release(event);
      event.text = Buffer.from(event.text as string, "utf16le");
      event.generation = -1;
    }
  }
}

export function decoded(event: ParsedEvent | UndecodedEvent): ParsedEvent {
  if (!("text" in event)) return event;
  const text = typeof event.text === "string" ? event.text : event.text.toString("utf16le");
  // A plain event that event-summary.ts read as well-formed and noteless: decoding it cannot fail nor add a note.
  return parseEventXml(text, event.record.channel);
}
