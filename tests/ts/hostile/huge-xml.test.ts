/*
 * XML meant to exhaust time or memory, in the three places a host holds XML: applicationHost.config, a lifecycle
 * log and a task file. Each is refused (or, in a log, reported and skipped) quickly and in bounded memory. Every
 * case runs in a process of its own (measure-cli.ts), which reports its peak memory; node and the loaded code alone
 * take about 90 MiB. Its heap is capped at HEAP_MIB, so a command that held what it refuses would die of it.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import { encodeTaskXml } from "../../../ts-src/task/auto-rebind-task.js";
import { WWW_2025, WWW_2026 } from "../cli/rebind/support.js";
import { repoRoot, testDir } from "../support/snapshot.js";
import { replacedEvent } from "./task-launch.js";

const LIMIT_MS = 10_000;
/**
 * A log is not refused but read to its end: 1 GB at 11 MB/s at least (an idle machine takes about 4 s; 37 s was seen
 * at load 20 on 2 cores, so the guard is against a hang or a quadratic read, not a speed target).
 */
const STREAMED_GB_MS = 90_000;
const LIMIT_MIB = 200;
const HEAP_MIB = 64;

const CONFIG = "inetsrv/applicationHost.config";
const LOG = "events/Lifecycle-System.xml";
const TASK = "tasks/CertRebind/AutoRebind.xml";

interface Measured {
  exitCode: number;
  envelope: { errors: { code: string; message: string }[]; warnings: string[]; data: unknown };
  ms: number;
  peakMiB: number;
}

function measure(t: TestContext, args: string[], limitMs = LIMIT_MS): Measured {
  const child = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, "--import", "tsx", join(repoRoot, "tests/ts/hostile/measure-cli.ts"), ...args, "--json"], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(child.status, 0, child.stderr);
  const measured = JSON.parse(child.stdout) as Measured;
  t.diagnostic(`${args[0]}: exit ${measured.exitCode} in ${measured.ms} ms, peak ${measured.peakMiB} MiB`);
  assert.ok(measured.ms < limitMs, `${measured.ms} ms`);
  assert.ok(measured.peakMiB < LIMIT_MIB, `${measured.peakMiB} MiB`);
  return measured;
}

function hostWith(path: string, content: string | Buffer): string {
  return testDir({ [path]: content });
}

const refusedAsMalformed = (measured: Measured, message: RegExp) => {
  assert.equal(measured.exitCode, 2);
  assert.equal(measured.envelope.errors[0]!.code, "CR2003");
  assert.match(measured.envelope.errors[0]!.message, message);
};

/** Nine levels of ten: "lol" a billion times, were `&lol9;` expanded. */
const LAUGHS = [
  '<!DOCTYPE lolz [',
  '  <!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`),
  "]>",
].join("\r\n");

const EVENT = replacedEvent(WWW_2025.toLowerCase(), WWW_2026.toLowerCase());
const LAUGHING_EVENT = EVENT.replace("<Computer>WEB01.contoso.com</Computer>", "<Computer>&lol9;</Computer>");
const NESTED = 1_000_000;
const nested = (inner = "") => `${"<a>".repeat(NESTED)}${inner}${"</a>".repeat(NESTED)}`;
const taskXml = (body: string) =>
  encodeTaskXml(`<?xml version="1.0" encoding="UTF-16"?>\r\n<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">${body}</Task>\r\n`);

describe("a billion laughs", () => {
  it("in applicationHost.config: refused (CR2003), nothing expanded", (t) => {
    const root = hostWith(CONFIG, `<?xml version="1.0" encoding="UTF-8"?>\r\n${LAUGHS}\r\n<configuration><system.applicationHost><sites><site name="&lol9;" id="1" /></sites></system.applicationHost></configuration>\r\n`);
    refusedAsMalformed(measure(t, ["bindings", "--host-root", root]), /DOCTYPE or entity declaration is not allowed/);
  });

  it("in a lifecycle log: the DOCTYPE is skipped and the event using it refused, with warnings; the other events are read", (t) => {
    const root = hostWith(LOG, `${LAUGHS}\r\n<Events>\r\n${LAUGHING_EVENT}\r\n${EVENT}\r\n</Events>\r\n`);
    const measured = measure(t, ["events", "--channel", "System", "--host-root", root]);
    assert.equal(measured.exitCode, 0);
    assert.equal((measured.envelope.data as { events: unknown[] }).events.length, 1);
    assert.match(measured.envelope.warnings.join("\n"), /a DOCTYPE is refused and skipped/);
    assert.match(measured.envelope.warnings.join("\n"), /event 1 is malformed and skipped: the entity reference '&lol9;' is refused/);
  });

  it("in a task file: refused (CR2003)", (t) => {
    const root = hostWith(TASK, taskXml(`${LAUGHS}<RegistrationInfo><Description>&lol9;</Description></RegistrationInfo>`));
    refusedAsMalformed(measure(t, ["task", "status", "--host-root", root]), /DOCTYPE or entity declaration is not allowed/);
  });
});

describe("1 GB of white space", () => {
  const root = testDir();
  const file = join(root, "spaces");
  before(() => {
    const chunk = Buffer.alloc(1024 * 1024, " ");
    const fd = openSync(file, "w");
    try {
      for (let i = 0; i < 1024; i++) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** Puts the file where `path` is read for the time of `check`. */
  const asFile = (path: string, check: () => void) => {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(file, target);
    try {
      check();
    } finally {
      renameSync(target, file);
    }
  };

  it("as applicationHost.config: refused (CR2003) for its size before it is read", (t) => {
    asFile(CONFIG, () => refusedAsMalformed(measure(t, ["bindings", "--host-root", root]), /it is 1024 MiB \(1073741824 bytes\), more than the 256 MiB a host file may have/));
  });

  it("as a lifecycle log: read as a stream, holding none of it, and reported empty", (t) => {
    asFile(LOG, () => {
      const measured = measure(t, ["events", "--channel", "System", "--host-root", root], STREAMED_GB_MS);
      assert.equal(measured.exitCode, 0);
      assert.match(measured.envelope.warnings.join("\n"), /is empty: it holds no events/);
    });
  });

  it("as a task file: refused (CR2003) for its size before it is read", (t) => {
    asFile(TASK, () => refusedAsMalformed(measure(t, ["task", "status", "--host-root", root]), /it is 1024 MiB \(1073741824 bytes\), more than the 256 MiB/));
  });
});

describe(`${NESTED.toLocaleString("en")} nested elements`, () => {
  it("in applicationHost.config: refused (CR2003) at the depth limit", (t) => {
    const root = hostWith(CONFIG, `<configuration>${nested()}</configuration>`);
    refusedAsMalformed(measure(t, ["bindings", "--host-root", root]), /nested deeper than 256 levels/);
  });

  it("in a lifecycle log, around the events: skipped with warnings, the event is read", (t) => {
    const root = hostWith(LOG, `<Events>${nested()}${EVENT}</Events>`);
    const measured = measure(t, ["events", "--channel", "System", "--host-root", root]);
    assert.equal(measured.exitCode, 0);
    assert.equal((measured.envelope.data as { events: unknown[] }).events.length, 1);
    assert.match(measured.envelope.warnings.join("\n"), /the element <a> outside the events is skipped/);
  });

  it("in a lifecycle event: the event is refused as too large, with a warning", (t) => {
    const root = hostWith(LOG, `<Events>${EVENT.replace("<UserData>", `<UserData>${nested()}`)}</Events>`);
    const measured = measure(t, ["events", "--channel", "System", "--host-root", root]);
    assert.equal(measured.exitCode, 0);
    assert.match(measured.envelope.warnings.join("\n"), /event 1 is larger than 1048576 characters: it is refused and skipped/);
  });

  it("in a task file: refused (CR2003) at the depth limit", (t) => {
    const root = hostWith(TASK, taskXml(nested()));
    refusedAsMalformed(measure(t, ["task", "status", "--host-root", root]), /nested deeper than 256 levels/);
  });
});

it("a lifecycle event nested deeper than 32 levels, under 1 MiB: refused with a warning", (t) => {
  const deep = `${"<a>".repeat(100_000)}${"</a>".repeat(100_000)}`;
  const root = hostWith(LOG, `<Events>${EVENT.replace("<UserData>", `<UserData>${deep}`)}</Events>`);
  const measured = measure(t, ["events", "--channel", "System", "--host-root", root]);
  assert.equal(measured.exitCode, 0);
  assert.match(measured.envelope.warnings.join("\n"), /event 1 is malformed and skipped: elements are nested deeper than 32 levels/);
});
