import type { LifecycleChannel } from "../platform/ports.js";
import { compareTimes } from "./event-time.js";
import type { EventSummary } from "./event-summary.js";
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

/**
 * matchesFilter for an event that was only summarised: true or false when the summary decides, "decode" when only
 * the decoded record can tell (which of its thumbprints the wanted one is).
 */
export function summaryMatches(summary: EventSummary, filter: EventFilter): boolean | "decode" {
  if (filter.ids && !filter.ids.has(summary.id)) return false;
  if (filter.after && compareTimes(summary.time, filter.after) < 0) return false;
  if (filter.before && compareTimes(summary.time, filter.before) >= 0) return false;
  if (filter.thumbprint) return summary.carries ? "decode" : false;
  return true;
}

const CHANNEL_ORDER: Record<LifecycleChannel, number> = { System: 1, User: 0 };

/** What orders events: a decoded event, or one kept undecoded until it is listed (read-events.ts). */
export interface RankedEvent {
  time: EventTime;
  record: { channel: LifecycleChannel; recordId: number | null };
}

/**
 * Newest first: by time, then System before User, then the higher record id. Positive when a is newer than b, so
 * that one order holds whatever order the logs were read in.
 */
export function compareNewer(a: RankedEvent, b: RankedEvent): number {
  return (
    compareTimes(a.time, b.time) ||
    CHANNEL_ORDER[a.record.channel] - CHANNEL_ORDER[b.record.channel] ||
    (a.record.recordId ?? -1) - (b.record.recordId ?? -1)
  );
}

/**
 * Keeps the newest `max` events offered, in a min-heap of at most `max` entries: memory depends on `max`, never
 * on how many events are offered. `max` 0 keeps every event. While each event kept is newer than every one before it
 * (a log read oldest first), the entries are sorted, oldest at `head`, and the newest replaces the oldest in place;
 * the first event out of that order turns them into the heap (a sorted array is one).
 */
export class NewestEvents<T extends RankedEvent = ParsedEvent> {
  private heap: T[] = [];
  private offeredCount = 0;
  private inOrder = true;
  private head = 0;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 0) throw new RangeError(`max must be a whole number >= 0, not ${max}`);
  }

  /** How many events were offered (all of them matched the filter). */
  get offered(): number {
    return this.offeredCount;
  }

  /** Returns the event that is no longer kept: this one, the one it displaced, or null. */
  offer(event: T): T | null {
    this.offeredCount++;
    const heap = this.heap;
    if (this.max === 0 || heap.length < this.max) {
      if (this.inOrder && heap.length > 0 && compareNewer(event, heap[heap.length - 1]!) <= 0) this.inOrder = false;
      heap.push(event);
      if (this.max !== 0) this.siftUp(heap.length - 1);
      return null;
    }
    const oldest = heap[this.head]!;
    if (compareNewer(event, oldest) <= 0) return event; // older than the oldest kept
    if (this.inOrder) {
      if (compareNewer(event, heap[(this.head + heap.length - 1) % heap.length]!) > 0) {
        heap[this.head] = event;
        this.head = (this.head + 1) % heap.length;
        return oldest;
      }
      this.heap = [...heap.slice(this.head), ...heap.slice(0, this.head)];
      this.inOrder = false;
      this.head = 0;
    }
    this.heap[0] = event;
    this.siftDown(0);
    return oldest;
  }

  /** The kept events, in no order. */
  get kept(): readonly T[] {
    return this.heap;
  }

  /**
   * Whether an event of this time could be kept: false only when it is older than the oldest kept one, which offer()
   * would drop (at the same time the order depends on the record: it could be kept).
   */
  mightKeep(time: EventTime): boolean {
    const heap = this.heap;
    return this.max === 0 || heap.length < this.max || compareTimes(time, heap[this.head]!.time) >= 0;
  }

  /** Counts a matching event that mightKeep() said would not be kept, without its record. */
  offerDropped(): void {
    this.offeredCount++;
  }

  /** The kept events, newest first. */
  newestFirst(): T[] {
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
