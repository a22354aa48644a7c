import type { LifecycleChannel } from "../platform/ports.js";
import { compareTimes } from "./event-time.js";
import type { EventTime, ParsedEvent } from "./model.js";

/** What `certrebind events` selects. Every part is optional; the Windows adapter pushes ids and times into wevtutil too. */
export interface EventFilter {
  ids: ReadonlySet<number> | null;
  /** Events at or after this time. */
  after: EventTime | null;
  /** Events before this time. */
  before: EventTime | null;
  /** Any thumbprint of the event: thumbprint, oldThumbprint or newThumbprint (normalised, upper case). */
  thumbprint: string | null;
}

export const NO_FILTER: EventFilter = { ids: null, after: null, before: null, thumbprint: null };

export function matchesFilter(event: ParsedEvent, filter: EventFilter): boolean {
  const { record, time } = event;
  if (filter.ids && !filter.ids.has(record.id)) return false;
  if (filter.after && compareTimes(time, filter.after) < 0) return false;
  if (filter.before && compareTimes(time, filter.before) >= 0) return false;
  if (filter.thumbprint) {
    const t = filter.thumbprint;
    if (record.thumbprint !== t && record.oldThumbprint !== t && record.newThumbprint !== t) return false;
  }
  return true;
}

const CHANNEL_ORDER: Record<LifecycleChannel, number> = { System: 1, User: 0 };

/**
 * Newest first: by time, then System before User, then the higher record id. Positive when a is newer than b, so
 * that one order holds whatever order the logs were read in.
 */
export function compareNewer(a: ParsedEvent, b: ParsedEvent): number {
  return (
    compareTimes(a.time, b.time) ||
    CHANNEL_ORDER[a.record.channel] - CHANNEL_ORDER[b.record.channel] ||
    (a.record.recordId ?? -1) - (b.record.recordId ?? -1)
  );
}

/**
 * Keeps the newest `max` events offered, in a min-heap of at most `max` entries: memory depends on `max`, never
 * on how many events are offered. `max` 0 keeps every event.
 */
export class NewestEvents {
  private readonly heap: ParsedEvent[] = [];
  private offeredCount = 0;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 0) throw new RangeError(`max must be a whole number >= 0, not ${max}`);
  }

  /** How many events were offered (all of them matched the filter). */
  get offered(): number {
    return this.offeredCount;
  }

  offer(event: ParsedEvent): void {
    this.offeredCount++;
    const heap = this.heap;
    if (this.max === 0 || heap.length < this.max) {
      heap.push(event);
      if (this.max !== 0) this.siftUp(heap.length - 1);
      return;
    }
    if (compareNewer(event, heap[0]!) <= 0) return; // older than the oldest kept
    heap[0] = event;
    this.siftDown(0);
  }

  /** The kept events, newest first. */
  newestFirst(): ParsedEvent[] {
    return [...this.heap].sort((a, b) => compareNewer(b, a));
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (compareNewer(heap[parent]!, heap[index]!) <= 0) return;
      [heap[parent], heap[index]] = [heap[index]!, heap[parent]!];
      index = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let oldest = index;
      if (left < heap.length && compareNewer(heap[left]!, heap[oldest]!) < 0) oldest = left;
      if (right < heap.length && compareNewer(heap[right]!, heap[oldest]!) < 0) oldest = right;
      if (oldest === index) return;
      [heap[oldest], heap[index]] = [heap[index]!, heap[oldest]!];
      index = oldest;
    }
  }
}
