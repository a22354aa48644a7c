/*
 * The certificate lifecycle channels, read with wevtutil
 * (https://learn.microsoft.com/windows-server/administration/windows-commands/wevtutil):
 *
 *   wevtutil gl <channel>                                     does the channel exist, is it enabled
 *   wevtutil qe <channel> /rd:true /f:xml /e:Events /uni:true [/q:<XPath>]
 *
 * - Channel names: VERIFIED (Microsoft's IIS blog on the rebind task:
 *   https://learn.microsoft.com/archive/blogs/erezs_iis_blog/certificates-on-the-rebound). Only the two fixed names
 *   ever reach the command line.
 * - `qe`: /f:xml prints raw, locale-independent XML (VERIFIED); /rd:true newest first and /e:Events a root element
 *   (VERIFIED, doc); /uni:true UTF-16 output whatever the console code page (VERIFIED doc; "UTF-16 LE" VERIFIED 3rd
 *   party), decoded by its first bytes either way (decode-text.ts), so subject names keep their non-ASCII letters.
 * - `/q:` carries the event ids and the time window, in the XPath subset the event log supports (VERIFIED,
 *   https://learn.microsoft.com/windows/win32/wes/consuming-events):
 *   `*[System[(EventID=1001 or EventID=1006) and TimeCreated[@SystemTime>='2026-11-20T00:00:00.000Z']]]`. A
 *   plain /q: takes at most 20 sub-expressions (same page), so more than MAX_PUSHED_IDS ids are not pushed down: the
 *   core filters every event it reads again anyway. Ids are whole numbers from 1 to 65535 and times are formatted
 *   here from Date values, so nothing typed by a user reaches the query as text. No shell is involved: the query is
 *   one element of the argument array.
 * - `gl` prints `enabled: true|false` (VERIFIED 3rd party, a script matching 'enabled:\s*true'). Whether the key
 *   names are translated on other Windows languages is UNCERTAIN (believed not; no source). GUESS: when no
 *   `enabled:` line can be read the channel counts as enabled, and `qe` then tells whether it can be read.
 * - Exit code 15007 (ERROR_EVT_CHANNEL_NOT_FOUND) means the channel does not exist: VERIFIED (3rd party) for
 *   `wevtutil gl` ("Failed to read configuration for log …  The specified channel could not be found.", a script
 *   testing `errorlevel 15007`); the same code from `qe` is INFERRED.
 * - GUESS (UNCERTAIN, one published project reads it so): `qe` that exits non-zero with no output at all and
 *   nothing on stderr found no events; it is read as an empty log. Any other non-zero exit is CR4002 with the
 *   tool's message.
 * - A missing or disabled channel is CR4005 (exit 4) with the command that enables it; `wevtutil gl` itself works
 *   without elevation, `qe` may need it for these channels (VERIFIED 3rd party: unelevated reads of channels only
 *   Administrators may read find them missing or empty).
 */
import { CertRebindError, ExitCode, toolFailed, usageError } from "../../core/errors.js";
import { CHANNEL_NAMES } from "../../events/model.js";
import { decodeTextChunks } from "../files/decode-text.js";
import type { EventLog, EventQuery, LifecycleChannel } from "../ports.js";
import type { ToolRunner, ToolStream } from "./tool-runner.js";
import { firstLine } from "./tool-output.js";

const WEVTUTIL = "wevtutil";
/** ERROR_EVT_CHANNEL_NOT_FOUND (winerror.h). */
export const CHANNEL_NOT_FOUND = 15007;
/** Ids beyond this many are filtered by the core only: with two time conditions the query stays under 20 parts. */
export const MAX_PUSHED_IDS = 16;

const XPATH_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export class WindowsLifecycleLog implements EventLog {
  constructor(private readonly run: ToolRunner) {}

  describe(channel: LifecycleChannel): string {
    return channelName(channel);
  }

  async channelState(channel: LifecycleChannel): Promise<{ exists: boolean; enabled: boolean }> {
    const result = await this.run(WEVTUTIL, ["gl", channelName(channel)]);
    if (result.exitCode === CHANNEL_NOT_FOUND) return { exists: false, enabled: false };
    if (result.exitCode !== 0) throw toolFailed(WEVTUTIL, result.exitCode, firstLine(result.stderr) || firstLine(result.stdout));
    return { exists: true, enabled: parseChannelEnabled(result.stdout) ?? true };
  }

  async readEvents(channel: LifecycleChannel, query: EventQuery): Promise<AsyncIterable<string> | null> {
    const name = channelName(channel);
    const args = ["qe", name, "/rd:true", "/f:xml", "/e:Events", "/uni:true"];
    const xpath = lifecycleQuery(query);
    if (xpath !== null) args.push(`/q:${xpath}`);
    const state = await this.channelState(channel);
    if (!state.exists || !state.enabled) throw channelUnavailable(name, state.exists);
    if (this.run.stream) return streamed(this.run.stream(WEVTUTIL, args), name);
    const result = await this.run(WEVTUTIL, args);
    checkExit(result.exitCode, result.stderr, result.stdout !== "", name);
    return once(result.stdout);
  }
}

/** The XPath for wevtutil's /q:, or null when the query selects everything. Throws CR2000 for values out of range. */
export function lifecycleQuery(query: EventQuery): string | null {
  const parts: string[] = [];
  const ids = query.ids ?? [];
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 1 || id > 65535) throw usageError(`The event id ${String(id)} is not a whole number from 1 to 65535.`);
  }
  if (ids.length > 0 && ids.length <= MAX_PUSHED_IDS) {
    const unique = [...new Set(ids)];
    const tests = unique.map((id) => `EventID=${id}`);
    parts.push(tests.length === 1 ? tests[0]! : `(${tests.join(" or ")})`);
  }
  const times: string[] = [];
  if (query.after) times.push(`@SystemTime>='${xpathTime(query.after, "after")}'`);
  if (query.before) times.push(`@SystemTime<'${xpathTime(query.before, "before")}'`);
  if (times.length > 0) parts.push(`TimeCreated[${times.join(" and ")}]`);
  return parts.length === 0 ? null : `*[System[${parts.join(" and ")}]]`;
}

/** `enabled: true|false` of `wevtutil gl` output; null when there is no such line. */
export function parseChannelEnabled(text: string): boolean | null {
  const match = /^[ \t]*enabled:[ \t]*(true|false)[ \t]*$/im.exec(text);
  return match ? match[1]!.toLowerCase() === "true" : null;
}

function channelName(channel: LifecycleChannel): string {
  if (channel !== "System" && channel !== "User") throw usageError(`'${String(channel)}' is not a lifecycle channel: use System or User.`);
  return CHANNEL_NAMES[channel];
}

function xpathTime(time: Date, what: string): string {
  const iso = Number.isFinite(time.getTime()) ? time.toISOString() : "";
  if (!XPATH_TIME.test(iso)) throw usageError(`The ${what} time is not a time from year 0000 to 9999.`);
  return iso;
}

function channelUnavailable(name: string, exists: boolean): CertRebindError {
  const enable = `wevtutil sl ${name} /e:true`;
  const message = exists
    ? `The certificate lifecycle channel ${name} is disabled: Windows logs no certificate lifecycle events there ` +
      `(and no renewal event can start a rebind). Enable it in an elevated prompt with: ${enable}`
    : `The certificate lifecycle channel ${name} does not exist on this Windows (wevtutil exit code ${CHANNEL_NOT_FOUND}). ` +
      `Certificate lifecycle notifications come with Windows 8 and Windows Server 2012; where the channel exists but is ` +
      `turned off, enable it in an elevated prompt with: ${enable}`;
  return new CertRebindError("CR4005", message, ExitCode.Environment, name);
}

function checkExit(exitCode: number, stderr: string, hadOutput: boolean, name: string): void {
  if (exitCode === 0) return;
  if (exitCode === CHANNEL_NOT_FOUND) throw channelUnavailable(name, false);
  if (!hadOutput && stderr.trim() === "") return; // GUESS: no events (see the top of this file)
  throw toolFailed(WEVTUTIL, exitCode, firstLine(stderr));
}

async function* streamed(stream: ToolStream, name: string): AsyncGenerator<string> {
  let hadOutput = false;
  let complete = false;
  async function* bytes(): AsyncGenerator<Uint8Array> {
    for await (const chunk of stream.stdout) {
      if (chunk.length > 0) hadOutput = true;
      yield chunk;
    }
  }
  try {
    yield* decodeTextChunks(bytes());
    complete = true;
  } finally {
    if (!complete) stream.stop();
  }
  const { exitCode, stderr } = await stream.finished;
  checkExit(exitCode, stderr, hadOutput, name);
}

async function* once(text: string): AsyncGenerator<string> {
  if (text) yield text;
}
