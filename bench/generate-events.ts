/**
 * Generates large certificate lifecycle logs, as `wevtutil qe <channel> /f:xml /e:Events` prints them (oldest
 * first, one event per line, CRLF), for benchmarks and memory tests of `certrebind events`.
 *
 *   npx tsx bench/generate-events.ts --out DIR [--events 100000] [--user-share 0.1] [--seed 1]
 *
 * writes DIR/events/Lifecycle-System.xml and DIR/events/Lifecycle-User.xml: a snapshot host with nothing but its
 * lifecycle logs (every other host file is optional). The same arguments always give the same bytes. Events are
 * written as they are made, so the generator's memory does not grow with --events either.
 *
 * The mix, per 100 events: 30 installed (1006), 20 replaced (1001), 25 expiring soon (1003), 5 each of expired
 * (1002), deleted (1004), archived (1005) and exported (1007). Times start on 2016-01-01 and advance by up to two
 * hours per event; every certificate has four subject names and two EKUs, like the demo host's.
 */
import { createHash } from "node:crypto";
import { mkdirSync, openSync, writeSync, closeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type CertificateDetails, formatEvent, type LifecycleChannel, type LifecycleEvent } from "../scripts/demo-host/lifecycle-events.js";

export interface GenerateOptions {
  /** Events in all. */
  events: number;
  /** The share of them in the User channel (0–1). */
  userShare: number;
  seed: number;
}

const MIX: [LifecycleEvent["eventId"], number][] = [
  [1006, 30],
  [1001, 20],
  [1003, 25],
  [1002, 5],
  [1004, 5],
  [1005, 5],
  [1007, 5],
];
const START = Date.UTC(2016, 0, 1);

/** A small deterministic generator (mulberry32), so the same seed gives the same logs. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const thumbprint = (n: number) => createHash("sha1").update(`bench-certificate-${n}`).digest("hex");

function certificate(n: number, issued: number): CertificateDetails {
  const host = `host${n % 5000}.contoso.com`;
  return {
    thumbprint: thumbprint(n),
    notValidAfter: new Date(issued + 365 * 86_400_000),
    subjectNames: [`CN=${host}, O=Contoso Ltd`, host, `www.${host}`, `api.${host}`],
    ekus: [
      { name: "Server Authentication", oid: "1.3.6.1.5.5.7.3.1" },
      { name: "Client Authentication", oid: "1.3.6.1.5.5.7.3.2" },
    ],
  };
}

/** Ticks below the second as the event log writes them: seven digits. */
const systemTime = (ms: number, ticks: number) => `${new Date(ms).toISOString().slice(0, 19)}.${String(ms % 1000).padStart(3, "0")}${String(ticks).padStart(4, "0")}Z`;

/** Every event of both channels, oldest first, tagged with its channel. */
export function* generateEvents(options: GenerateOptions): Generator<LifecycleEvent> {
  const next = random(options.seed);
  const recordIds: Record<LifecycleChannel, number> = { System: 0, User: 0 };
  let time = START;
  for (let i = 0; i < options.events; i++) {
    time += 1000 + Math.floor(next() * 7_200_000);
    const channel: LifecycleChannel = next() < options.userShare ? "User" : "System";
    let pick = next() * 100;
    let eventId: LifecycleEvent["eventId"] = 1006;
    for (const [id, weight] of MIX) {
      if (pick < weight) {
        eventId = id;
        break;
      }
      pick -= weight;
    }
    const event: LifecycleEvent = {
      channel,
      eventId,
      recordId: ++recordIds[channel],
      timeCreated: systemTime(time, Math.floor(next() * 10_000)),
      processId: 1000 + Math.floor(next() * 8000),
      threadId: 1000 + Math.floor(next() * 8000),
      computer: "WEB01.contoso.com",
      userSid: channel === "System" ? "S-1-5-18" : "S-1-5-21-3623811015-3361044348-30300820-1104",
      processName: eventId === 1003 ? "taskhostw.exe" : "certreq.exe",
      accountName: channel === "System" ? "CONTOSO\\WEB01$" : "CONTOSO\\alice",
    };
    if (eventId === 1001) {
      event.action = "Renew";
      event.oldCertificate = certificate(2 * i, time - 300 * 86_400_000);
      event.newCertificate = certificate(2 * i + 1, time);
    } else {
      if (eventId === 1006) event.action = "Enroll";
      event.certificate = certificate(2 * i, time);
    }
    yield event;
  }
}

/** Writes DIR/events/Lifecycle-System.xml and -User.xml; returns how many events each got. */
export function writeEventLogs(dir: string, options: GenerateOptions): Record<LifecycleChannel, number> {
  const eventsDir = path.join(dir, "events");
  mkdirSync(eventsDir, { recursive: true });
  const files = {
    System: openSync(path.join(eventsDir, "Lifecycle-System.xml"), "w"),
    User: openSync(path.join(eventsDir, "Lifecycle-User.xml"), "w"),
  };
  const counts: Record<LifecycleChannel, number> = { System: 0, User: 0 };
  try {
    for (const fd of Object.values(files)) writeSync(fd, "<Events>\r\n");
    for (const event of generateEvents(options)) {
      writeSync(files[event.channel], `${formatEvent(event)}\r\n`);
      counts[event.channel]++;
    }
    for (const fd of Object.values(files)) writeSync(fd, "</Events>\r\n");
  } finally {
    for (const fd of Object.values(files)) closeSync(fd);
  }
  return counts;
}

function main(): void {
  let values;
  try {
    values = parseArgs({
      options: {
        out: { type: "string" },
        events: { type: "string", default: "100000" },
        "user-share": { type: "string", default: "0.1" },
        seed: { type: "string", default: "1" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`generate-events: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  if (values.help || !values.out) {
    console.error("usage: npx tsx bench/generate-events.ts --out DIR [--events 100000] [--user-share 0.1] [--seed 1]");
    process.exit(values.help ? 0 : 2);
  }
  const events = Number(values.events);
  const userShare = Number(values["user-share"]);
  const seed = Number(values.seed);
  if (!Number.isInteger(events) || events < 0 || !(userShare >= 0 && userShare <= 1) || !Number.isInteger(seed)) {
    console.error("generate-events: --events is a whole number >= 0, --user-share a number from 0 to 1, --seed a whole number");
    process.exit(2);
  }
  const counts = writeEventLogs(path.resolve(values.out), { events, userShare, seed });
  console.error(`generate-events: ${counts.System} System and ${counts.User} User events under ${path.resolve(values.out, "events")}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
