import { usageError } from "../../core/errors.js";
import { normalizeThumbprint } from "../../core/thumbprint.js";
import { parseIsoTime } from "../../events/event-time.js";
import type { EventFilter } from "../../events/filter.js";
import { LIFECYCLE_CHANNELS, type LifecycleEventRecord } from "../../events/model.js";
import type { EventsData } from "../../events/read-events.js";
import type { LifecycleChannel } from "../../platform/ports.js";
import type { CommandModule } from "../command.js";
import { renderTable } from "../text-table.js";

interface EventsArgs {
  id?: (string | number)[];
  after?: string;
  before?: string;
  thumbprint?: string;
  channel: string;
  max: string;
}

/** Events listed when --max is not given: the lifecycle logs hold a few events a year, a log of years stays below it. */
export const DEFAULT_MAX_EVENTS = 1000;

export const eventsCommand: CommandModule<EventsArgs> = {
  name: "events",
  command: "events",
  describe: "List the certificate lifecycle events (1001 replaced … 1010) of the System and User channels, newest first",
  builder: (yargs) =>
    yargs
      .option("id", { type: "string", array: true, requiresArg: true, describe: "Only these event ids (1–65535; repeat the option or separate with commas)" })
      .option("after", { type: "string", requiresArg: true, describe: "Only events at or after this time (ISO 8601: 2026-11-20 or 2026-11-20T09:00:00Z)" })
      .option("before", { type: "string", requiresArg: true, describe: "Only events before this time (ISO 8601)" })
      .option("thumbprint", { type: "string", requiresArg: true, describe: "Only events about this certificate (any of its thumbprints)" })
      .option("channel", { type: "string", default: "All", requiresArg: true, describe: "System, User or All" })
      .option("max", { type: "string", default: String(DEFAULT_MAX_EVENTS), requiresArg: true, describe: "List at most the newest N matching events (0: all of them)" }),
  async run(args, context) {
    const filter: EventFilter = {
      ids: parseIds(args.id),
      after: parseTime(args.after, "--after"),
      before: parseTime(args.before, "--before"),
      thumbprint: args.thumbprint === undefined ? null : normalizeThumbprint(args.thumbprint),
    };
    const channels = parseChannel(args.channel);
    const max = parseMax(args.max);
    const host = await context.openHost();
    const { readLifecycleEvents } = await import("../../events/read-events.js");
    const { data, warnings } = await readLifecycleEvents(host.eventLog, { channels, filter, max });
    return { data, exitCode: 0, warnings: [...host.warnings(), ...warnings], text: () => renderEvents(data) };
  },
};

function parseIds(values: (string | number)[] | undefined): ReadonlySet<number> | null {
  if (values === undefined) return null;
  const ids = new Set<number>();
  for (const part of values.flatMap((value) => String(value).split(","))) {
    const text = part.trim();
    if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
      throw usageError(`--id ${part}: an event id is a whole number from 1 to 65535, for example --id 1001 1006.`);
    }
    ids.add(Number(text));
  }
  if (ids.size === 0) throw usageError("--id needs at least one event id, for example --id 1001.");
  return ids;
}

function parseTime(value: string | undefined, option: string) {
  if (value === undefined) return null;
  const time = parseIsoTime(value, { withoutZone: "refuse" });
  if (!time || time.ms < Date.UTC(1601, 0, 1) || time.ms >= Date.UTC(10000, 0, 1)) {
    throw usageError(
      `${option} ${value}: give an ISO 8601 date (2026-11-20, midnight UTC) or a time with its zone ` +
        `(2026-11-20T09:00:00Z, 2026-11-20T10:00:00+01:00).`,
    );
  }
  return time;
}

function parseChannel(value: string): LifecycleChannel[] {
  const wanted = value.trim().toLowerCase();
  if (wanted === "all") return [...LIFECYCLE_CHANNELS];
  const channel = LIFECYCLE_CHANNELS.find((c) => c.toLowerCase() === wanted);
  if (!channel) throw usageError(`--channel ${value}: use System, User or All.`);
  return [channel];
}

function parseMax(value: string): number {
  const text = String(value).trim();
  if (!/^\d{1,15}$/.test(text)) throw usageError(`--max ${value}: give a whole number of events, 0 for all of them.`);
  return Number(text);
}

const timeCell = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;

function thumbprintCell(e: LifecycleEventRecord): string {
  if (e.oldThumbprint || e.newThumbprint) return `${e.oldThumbprint ?? "?"} -> ${e.newThumbprint ?? "?"}`;
  return e.thumbprint ?? "";
}

function renderEvents(data: EventsData): string {
  if (data.events.length === 0) {
    const read = data.channels.reduce((sum, c) => sum + c.read, 0);
    return read === 0 ? "No lifecycle events found.\n" : "No lifecycle events match.\n";
  }
  const rows = data.events.map((e) => [timeCell(e.timeCreated), String(e.id), e.kind, e.channel, thumbprintCell(e), e.subjectNames[0] ?? ""]);
  const table = renderTable(["Time (UTC)", "Id", "Kind", "Channel", "Thumbprint", "Subject"], rows);
  const summary = data.truncated
    ? `The newest ${data.events.length} of ${data.matched} matching events (--max ${data.max}).`
    : `${data.events.length} event(s).`;
  return `${table}\n\n${summary}\n`;
}
