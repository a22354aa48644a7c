import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { NO_FILTER } from "../../support/event-filter.js";
import { readLifecycleLog } from "../../support/read-lifecycle-log.js";
import { readLifecycleEvents } from "../../../../ts-src/events/read-events.js";
import type { EventQuery } from "../../../../ts-src/platform/ports.js";
import {
  CHANNEL_NOT_FOUND,
  lifecycleQuery,
  MAX_PUSHED_IDS,
  parseChannelEnabled,
  WindowsLifecycleLog,
} from "../../../../ts-src/platform/windows/lifecycle-log.js";
import type { ToolResult, ToolRunner, ToolStream } from "../../../../ts-src/platform/windows/tool-runner.js";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../../../fixtures/wevtutil", name), "utf8");
const SYSTEM = "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational";
const USER = "Microsoft-Windows-CertificateServicesClient-Lifecycle-User/Operational";
const ok = (stdout: string): ToolResult => ({ exitCode: 0, stdout, stderr: "" });
const ENABLED = ok(fixture("gl-system-enabled-reconstructed.txt"));
const DISABLED = ok(fixture("gl-user-disabled-reconstructed.txt"));
const NOT_FOUND: ToolResult = { exitCode: CHANNEL_NOT_FOUND, stdout: "", stderr: fixture("gl-not-found-stderr.txt") };
const NO_QUERY: EventQuery = { ids: null, after: null, before: null };

interface StreamAnswer {
  chunks: Uint8Array[];
  exitCode: number;
  stderr: string;
}

/**
 * A wevtutil that answers `gl` per channel and `qe` with a recorded result (buffered) or byte chunks (streamed, when
 * `stream` is given), recording every command line.
 */
function wevtutil(answers: { gl?: Partial<Record<string, ToolResult>>; qe?: ToolResult; stream?: StreamAnswer }) {
  const calls: { how: "run" | "stream"; file: string; args: string[] }[] = [];
  const state = { stopped: false };
  const answer = (args: readonly string[]): ToolResult => {
    if (args[0] === "gl") return answers.gl?.[args[1]!] ?? ENABLED;
    return answers.qe ?? ok(fixture("qe-system-rd-events-reconstructed.xml"));
  };
  const buffered = async (file: string, args: readonly string[]) => {
    calls.push({ how: "run", file, args: [...args] });
    return answer(args);
  };
  const stream = (file: string, args: readonly string[]): ToolStream => {
    calls.push({ how: "stream", file, args: [...args] });
    const { chunks, exitCode, stderr } = answers.stream!;
    return {
      stdout: (async function* () {
        for (const chunk of chunks) yield chunk;
      })(),
      finished: Promise.resolve({ exitCode, stderr }),
      stop: () => {
        state.stopped = true;
      },
    };
  };
  const run: ToolRunner = answers.stream ? Object.assign(buffered, { stream }) : buffered;
  return { calls, run, state };
}

async function textOf(source: AsyncIterable<string> | null): Promise<string> {
  let text = "";
  for await (const chunk of source!) text += chunk;
  return text;
}

describe("lifecycleQuery: ids and times pushed into wevtutil's XPath", () => {
  const after = new Date("2026-11-20T00:00:00Z");
  const before = new Date("2026-11-27T12:30:00.250Z");
  const table: [string, EventQuery, string | null][] = [
    ["nothing", NO_QUERY, null],
    ["one id", { ids: [1001], after: null, before: null }, "*[System[EventID=1001]]"],
    ["two ids and --after", { ids: [1001, 1006], after, before: null }, "*[System[(EventID=1001 or EventID=1006) and TimeCreated[@SystemTime>='2026-11-20T00:00:00.000Z']]]"],
    ["--after and --before", { ids: null, after, before }, "*[System[TimeCreated[@SystemTime>='2026-11-20T00:00:00.000Z' and @SystemTime<'2026-11-27T12:30:00.250Z']]]"],
    ["the same id twice", { ids: [1001, 1001], after: null, before: null }, "*[System[EventID=1001]]"],
    [
      `more than ${MAX_PUSHED_IDS} ids: only the times (the core filters the ids)`,
      { ids: Array.from({ length: MAX_PUSHED_IDS + 1 }, (_, i) => 1001 + i), after, before: null },
      "*[System[TimeCreated[@SystemTime>='2026-11-20T00:00:00.000Z']]]",
    ],
  ];
  for (const [name, query, xpath] of table) {
    it(`${name}: ${xpath ?? "no /q:"}`, () => assert.equal(lifecycleQuery(query), xpath));
  }

  const refused: [string, EventQuery, RegExp][] = [
    ["id 0", { ids: [0], after: null, before: null }, /event id 0 is not a whole number from 1 to 65535/],
    ["id 65536", { ids: [65536], after: null, before: null }, /65536/],
    ["a fractional id", { ids: [1001.5], after: null, before: null }, /1001.5/],
    ["NaN", { ids: [Number.NaN], after: null, before: null }, /NaN/],
    ["an invalid date", { ids: null, after: new Date("nonsense"), before: null }, /after time is not a time/],
    ["a year beyond 9999", { ids: null, after: null, before: new Date(Date.UTC(10000, 0, 1)) }, /before time is not a time/],
  ];
  for (const [name, query, message] of refused) {
    it(`refuses ${name} with CR2000`, () => {
      assert.throws(() => lifecycleQuery(query), (error: CertRebindError) => error.code === "CR2000" && message.test(error.message));
    });
  }
});

describe("parseChannelEnabled", () => {
  const table: [string, string, boolean | null][] = [
    ["the Security sample (real, 3rd party)", fixture("gl-security.txt"), true],
    ["an enabled lifecycle channel", fixture("gl-system-enabled-reconstructed.txt"), true],
    ["a disabled one", fixture("gl-user-disabled-reconstructed.txt"), false],
    ["translated keys (UNCERTAIN whether they exist)", "Name: X\r\nAktiviert: true\r\n", null],
    ["upper case values", "enabled: TRUE\r\n", true],
    ["no output", "", null],
  ];
  for (const [name, text, enabled] of table) it(`reads ${name} as ${enabled}`, () => assert.equal(parseChannelEnabled(text), enabled));
});

describe("WindowsLifecycleLog", () => {
  it("names each channel by its wevtutil name", () => {
    const log = new WindowsLifecycleLog(wevtutil({}).run);
    assert.equal(log.describe("System"), SYSTEM);
    assert.equal(log.describe("User"), USER);
  });

  it("asks wevtutil gl whether the channel is there and enabled, then runs qe with the query, never a shell", async () => {
    const { calls, run } = wevtutil({});
    const query: EventQuery = { ids: [1001, 1006], after: new Date("2026-11-20T00:00:00Z"), before: null };
    const text = await textOf(await new WindowsLifecycleLog(run).readEvents("System", query));
    assert.deepEqual(calls, [
      { how: "run", file: "wevtutil", args: ["gl", SYSTEM] },
      {
        how: "run",
        file: "wevtutil",
        args: ["qe", SYSTEM, "/rd:true", "/f:xml", "/e:Events", "/uni:true", "/q:*[System[(EventID=1001 or EventID=1006) and TimeCreated[@SystemTime>='2026-11-20T00:00:00.000Z']]]"],
      },
    ]);
    assert.equal(text, fixture("qe-system-rd-events-reconstructed.xml"));
  });

  it("runs qe without /q: when nothing is filtered", async () => {
    const { calls, run } = wevtutil({});
    await textOf(await new WindowsLifecycleLog(run).readEvents("User", NO_QUERY));
    assert.deepEqual(calls[1]!.args, ["qe", USER, "/rd:true", "/f:xml", "/e:Events", "/uni:true"]);
  });

  it("refuses a bad id before running any tool", async () => {
    const { calls, run } = wevtutil({});
    await assert.rejects(new WindowsLifecycleLog(run).readEvents("System", { ids: [99999], after: null, before: null }), /CR2000|65535/);
    assert.deepEqual(calls, []);
  });

  describe("channelState", () => {
    const table: [string, ToolResult, { exists: boolean; enabled: boolean }][] = [
      ["enabled", ENABLED, { exists: true, enabled: true }],
      ["disabled", DISABLED, { exists: true, enabled: false }],
      ["not found (exit 15007)", NOT_FOUND, { exists: false, enabled: false }],
      ["no readable enabled line (GUESS: counted as enabled)", ok("Nom: x\r\nActivé: vrai\r\n"), { exists: true, enabled: true }],
    ];
    for (const [name, gl, state] of table) {
      it(`reads ${name}`, async () => {
        const { run } = wevtutil({ gl: { [SYSTEM]: gl } });
        assert.deepEqual(await new WindowsLifecycleLog(run).channelState("System"), state);
      });
    }

    it("turns another failure into CR4002 with wevtutil's message", async () => {
      const { run } = wevtutil({ gl: { [SYSTEM]: { exitCode: 5, stdout: "", stderr: "Failed to read configuration for log x.\r\nAccess is denied.\r\n" } } });
      await assert.rejects(new WindowsLifecycleLog(run).channelState("System"), (error: CertRebindError) => {
        assert.equal(error.code, "CR4002");
        assert.equal(error.message, "wevtutil failed with exit code 5: Failed to read configuration for log x.");
        return true;
      });
    });
  });

  describe("a channel that cannot be read is CR4005 (exit 4) with the command that enables it", () => {
    const table: [string, ToolResult, RegExp][] = [
      ["disabled", DISABLED, new RegExp(`^The certificate lifecycle channel ${USER} is disabled: .* Enable it in an elevated prompt with: wevtutil sl ${USER} /e:true$`)],
      ["missing", NOT_FOUND, new RegExp(`^The certificate lifecycle channel ${USER} does not exist on this Windows \\(wevtutil exit code 15007\\)\\. .*wevtutil sl ${USER} /e:true$`)],
    ];
    for (const [name, gl, message] of table) {
      it(`when it is ${name}, without running qe`, async () => {
        const { calls, run } = wevtutil({ gl: { [USER]: gl } });
        await assert.rejects(new WindowsLifecycleLog(run).readEvents("User", NO_QUERY), (error: CertRebindError) => {
          assert.equal(error.code, "CR4005");
          assert.equal(error.exitCode, 4);
          assert.equal(error.target, USER);
          assert.match(error.message, message);
          return true;
        });
        assert.deepEqual(calls.map((c) => c.args[0]), ["gl"]);
      });
    }

    it("when qe itself finds no channel (exit 15007)", async () => {
      const { run } = wevtutil({ qe: { exitCode: CHANNEL_NOT_FOUND, stdout: "", stderr: "The specified channel could not be found." } });
      await assert.rejects(async () => textOf(await new WindowsLifecycleLog(run).readEvents("System", NO_QUERY)), (error: CertRebindError) => error.code === "CR4005");
    });

    it("is a warning of `events --channel All` when the other channel can be read", async () => {
      const { run } = wevtutil({ gl: { [USER]: DISABLED } });
      const { data, warnings } = await readLifecycleEvents(new WindowsLifecycleLog(run), { channels: ["System", "User"], filter: NO_FILTER, max: 10 });
      assert.deepEqual(data.events.map((e) => e.id), [1003, 1001, 1006]);
      assert.deepEqual(data.channels.map((c) => [c.log, c.found, c.read]), [[SYSTEM, true, 3], [USER, false, 0]]);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /is disabled: .*wevtutil sl .*User\/Operational \/e:true$/);
    });
  });

  describe("qe failures", () => {
    it("turns a failure with a message into CR4002", async () => {
      const { run } = wevtutil({ qe: { exitCode: 5, stdout: "", stderr: "Access is denied.\r\n" } });
      await assert.rejects(async () => textOf(await new WindowsLifecycleLog(run).readEvents("System", NO_QUERY)), /wevtutil failed with exit code 5: Access is denied\./);
    });

    it("reads a non-zero exit without any output as no events (GUESS)", async () => {
      const { run } = wevtutil({ qe: { exitCode: 1, stdout: "", stderr: "" } });
      assert.equal(await textOf(await new WindowsLifecycleLog(run).readEvents("System", NO_QUERY)), "");
    });
  });

  describe("streaming (the runner's stream: how the exe runs wevtutil)", () => {
    const xml = fixture("qe-system-rd-events-reconstructed.xml");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, "utf16le")]);
    // Odd sizes split characters and the byte order mark between chunks.
    const chunks = [utf16.subarray(0, 1), utf16.subarray(1, 1001), utf16.subarray(1001, 2999), utf16.subarray(2999)];

    it("decodes UTF-16 output (/uni:true) chunk by chunk", async () => {
      const { calls, run } = wevtutil({ stream: { chunks, exitCode: 0, stderr: "" } });
      const source = await new WindowsLifecycleLog(run).readEvents("System", NO_QUERY);
      assert.equal(await textOf(source), xml);
      assert.deepEqual(calls.map((c) => `${c.how} ${c.args[0]}`), ["run gl", "stream qe"]);
    });

    it("reads UTF-8 output too", async () => {
      const { run } = wevtutil({ stream: { chunks: [Buffer.from(xml, "utf8")], exitCode: 0, stderr: "" } });
      assert.equal(await textOf(await new WindowsLifecycleLog(run).readEvents("System", NO_QUERY)), xml);
    });

    it("checks the exit code once stdout has ended", async () => {
      const { run } = wevtutil({ stream: { chunks: [Buffer.from("<Events>", "utf8")], exitCode: 2, stderr: "The parameter is incorrect." } });
      await assert.rejects(async () => textOf(await new WindowsLifecycleLog(run).readEvents("System", NO_QUERY)), /exit code 2: The parameter is incorrect\./);
    });

    it("stops wevtutil when the reader gives up early", async () => {
      const { run, state } = wevtutil({ stream: { chunks, exitCode: 0, stderr: "" } });
      const source = await new WindowsLifecycleLog(run).readEvents("System", NO_QUERY);
      for await (const _ of source!) break;
      assert.equal(state.stopped, true);
    });

    it("feeds the parser: events come out while wevtutil writes", async () => {
      const { run } = wevtutil({ stream: { chunks, exitCode: 0, stderr: "" } });
      const source = await new WindowsLifecycleLog(run).readEvents("System", NO_QUERY);
      const ids: number[] = [];
      for await (const item of readLifecycleLog(source!, "System")) if (item.type === "event") ids.push(item.record.id);
      assert.deepEqual(ids, [1003, 1001, 1006]);
    });
  });
});
