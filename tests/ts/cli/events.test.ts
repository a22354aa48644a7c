import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { EventsData } from "../../../ts-src/events/read-events.js";
import { eventXml } from "../events/support.js";
import { run } from "../support/run.js";
import { demoHost, testDir } from "../support/snapshot.js";

const WWW_2025 = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
const WWW_2026 = "FAC2BE397B0EF579E4C64AE777717B344007BA2C";
const ALICE = "8C5E0F2A7B3D9E1C4A6F8B0D2E4C6A8F0B1D3E5A";

async function events(args: string[], hostRoot = demoHost) {
  const result = await run(["events", "--json", "--host-root", hostRoot, ...args]);
  const envelope = result.envelope();
  return { ...result, data: envelope.data as EventsData, warnings: envelope.warnings, errors: envelope.errors };
}

const line = (e: EventsData["events"][number]) => `${e.timeCreated} ${e.id} ${e.kind} ${e.channel} ${e.thumbprint ?? `${e.oldThumbprint}->${e.newThumbprint}`}`;

describe("certrebind events on the demo host", () => {
  it("lists both channels' events newest first, every field of the contract", async () => {
    const { exitCode, data, warnings } = await events([]);
    assert.equal(exitCode, 0);
    assert.deepEqual(warnings, []);
    assert.deepEqual(data.events.map(line), [
      `2026-11-25T03:00:11.044Z 1003 ExpiringSoon System ${WWW_2025}`,
      `2026-11-20T09:14:02.633Z 1001 Replaced System ${WWW_2025}->${WWW_2026}`,
      `2026-11-20T09:14:02.517Z 1006 Installed System ${WWW_2026}`,
      `2026-10-05T07:42:19.221Z 1006 Installed User ${ALICE}`,
    ]);
    assert.deepEqual(data.events[1], {
      id: 1001,
      kind: "Replaced",
      timeCreated: "2026-11-20T09:14:02.633Z",
      recordId: 42,
      channel: "System",
      computer: "WEB01.contoso.com",
      action: "Renew",
      thumbprint: null,
      oldThumbprint: WWW_2025,
      newThumbprint: WWW_2026,
      subjectNames: ["CN=www.contoso.com, O=Contoso Ltd", "www.contoso.com", "contoso.com", "shop.contoso.com"],
      notAfter: "2027-11-20T00:00:00.000Z",
      template: null,
    });
    assert.equal(data.events[3]!.template, "User");
    assert.deepEqual([data.matched, data.max, data.truncated], [4, 1000, false]);
    assert.deepEqual(data.channels, [
      { channel: "System", log: join(demoHost, "events/Lifecycle-System.xml"), found: true, read: 3, skipped: 0 },
      { channel: "User", log: join(demoHost, "events/Lifecycle-User.xml"), found: true, read: 1, skipped: 0 },
    ]);
  });

  const filters: [string, string[], number[]][] = [
    ["--id 1001", ["--id", "1001"], [42]],
    ["--id 1001 1006 (several values)", ["--id", "1001", "1006"], [42, 41, 9]],
    ["--id 1001,1003 (commas)", ["--id", "1001,1003"], [47, 42]],
    ["--id 1001 --id 1003 (repeated)", ["--id", "1001", "--id", "1003"], [47, 42]],
    ["--channel User", ["--channel", "User"], [9]],
    ["--channel system (any case)", ["--channel", "system"], [47, 42, 41]],
    ["--after a date (midnight UTC, inclusive)", ["--after", "2026-11-20"], [47, 42, 41]],
    ["--after the 1001's exact time (inclusive)", ["--after", "2026-11-20T09:14:02.6331098Z"], [47, 42]],
    ["--before a time with an offset (exclusive)", ["--before", "2026-11-20T10:14:02.6331098+01:00"], [41, 9]],
    ["--after and --before", ["--after", "2026-11-01", "--before", "2026-11-21"], [42, 41]],
    ["--thumbprint of a replaced certificate, pasted", ["--thumbprint", "0f 70 c9 4c 64 82 e6 1b 0a 43 b9 81 6e 83 0e d7 b3 0b 8c 44"], [47, 42]],
    ["--thumbprint of the renewal (new thumbprint of the 1001)", ["--thumbprint", WWW_2026.toLowerCase()], [42, 41]],
    ["--id and --thumbprint", ["--id", "1006", "--thumbprint", WWW_2026], [41]],
    ["--max 0 (all)", ["--max", "0"], [47, 42, 41, 9]],
  ];
  for (const [name, args, recordIds] of filters) {
    it(`filters with ${name}`, async () => {
      const { exitCode, data, warnings } = await events(args);
      assert.equal(exitCode, 0);
      assert.deepEqual(warnings, []);
      assert.deepEqual(data.events.map((e) => e.recordId), recordIds);
    });
  }

  it("keeps the newest --max events and warns that more matched", async () => {
    const { data, warnings } = await events(["--max", "2"]);
    assert.deepEqual(data.events.map((e) => e.recordId), [47, 42]);
    assert.deepEqual([data.matched, data.max, data.truncated], [4, 2, true]);
    assert.deepEqual(warnings, ["4 events match; only the newest 2 are listed. Raise --max (0 lists every one)."]);
  });

  it("prints a table without --json", async () => {
    const result = await run(["events", "--host-root", demoHost]);
    assert.equal(result.exitCode, 0);
    const lines = result.stdout.split("\n");
    assert.match(lines[0]!, /^Time \(UTC\)\s+Id\s+Kind\s+Channel\s+Thumbprint\s+Subject$/);
    assert.match(lines[3]!, new RegExp(`^2026-11-20 09:14:02Z  1001  Replaced\\s+System\\s+${WWW_2025} -> ${WWW_2026}  CN=www\\.contoso\\.com, O=Contoso Ltd$`));
    assert.match(lines[5]!, new RegExp(`^2026-10-05 07:42:19Z  1006  Installed\\s+User\\s+${ALICE}\\s+CN=Alice Martin`));
    assert.match(result.stdout, /\n4 event\(s\)\.\n$/);
  });

  it("says so when nothing matches", async () => {
    const result = await run(["events", "--host-root", demoHost, "--id", "1010"]);
    assert.equal(result.stdout, "No lifecycle events match.\n");
  });
});

describe("certrebind events: logs that are missing, empty or malformed", () => {
  it("answers a host without logs with no events and a warning per missing log (exit 0)", async () => {
    const root = testDir({ "certs/.keep": "" });
    const { exitCode, data, warnings } = await events([], root);
    assert.equal(exitCode, 0);
    assert.deepEqual(data.events, []);
    assert.deepEqual(warnings, [
      `The System lifecycle log is missing: ${join(root, "events/Lifecycle-System.xml")} does not exist, so it adds no events.`,
      `The User lifecycle log is missing: ${join(root, "events/Lifecycle-User.xml")} does not exist, so it adds no events.`,
    ]);
    const text = await run(["events", "--host-root", root]);
    assert.equal(text.stdout, "No lifecycle events found.\n");
    assert.match(text.stderr, /certrebind: warning: The System lifecycle log is missing/);
  });

  it("answers an empty log with a warning that it is empty", async () => {
    const root = testDir({ "events/Lifecycle-System.xml": "", "events/Lifecycle-User.xml": "<Events>\r\n</Events>\r\n" });
    const { exitCode, warnings } = await events([], root);
    assert.equal(exitCode, 0);
    assert.deepEqual(warnings, [
      `The System lifecycle log (${join(root, "events/Lifecycle-System.xml")}) is empty: it holds no events.`,
      `The User lifecycle log (${join(root, "events/Lifecycle-User.xml")}) is empty: it holds no events.`,
    ]);
  });

  it("skips a malformed event with a warning naming the file, the event and the line, and lists the others", async () => {
    const system = ["<Events>", eventXml({ recordId: 1 }), eventXml({ recordId: 2, time: "not a time" }), eventXml({ recordId: 3 }), "</Events>", ""].join("\r\n");
    const root = testDir({ "events/Lifecycle-System.xml": system, "events/Lifecycle-User.xml": "<Events/>" });
    const { exitCode, data, warnings } = await events(["--channel", "System"], root);
    assert.equal(exitCode, 0);
    assert.deepEqual(data.events.map((e) => e.recordId), [3, 1]);
    assert.deepEqual(data.channels[0]!.skipped, 1);
    assert.deepEqual(warnings, [
      `${join(root, "events/Lifecycle-System.xml")}: event 2 is malformed and skipped: its TimeCreated/@SystemTime 'not a time' is not an ISO 8601 time (line 3).`,
    ]);
  });

  it("refuses a DOCTYPE with a warning and expands nothing", async () => {
    const system = `<!DOCTYPE Events [<!ENTITY a "${"x".repeat(1000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\r\n<Events>${eventXml({ recordId: 1, computer: "&b;" })}${eventXml({ recordId: 2 })}</Events>`;
    const root = testDir({ "events/Lifecycle-System.xml": system });
    const { exitCode, data, warnings } = await events(["--channel", "System"], root);
    assert.equal(exitCode, 0);
    assert.deepEqual(data.events.map((e) => e.recordId), [2]);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /line 1\)\.$/);
    assert.match(warnings[0]!, /a DOCTYPE is refused and skipped/);
    assert.match(warnings[1]!, /event 1 is malformed and skipped: the entity reference '&b;' is refused/);
  });
});

describe("certrebind events: bad input is exit 2", () => {
  const table: [string, string[], string, RegExp][] = [
    ["an id of 0", ["--id", "0"], "CR2000", /--id 0: an event id is a whole number from 1 to 65535/],
    ["an id above 65535", ["--id", "65536"], "CR2000", /--id 65536/],
    ["an id that is not a number", ["--id", "1001,x"], "CR2000", /--id x/],
    ["a time without a zone", ["--after", "2026-11-20T10:00"], "CR2000", /--after 2026-11-20T10:00: give an ISO 8601 date/],
    ["a time that is not one", ["--before", "last week"], "CR2000", /--before last week/],
    ["an unknown channel", ["--channel", "Security"], "CR2000", /--channel Security: use System, User or All/],
    ["a negative --max", ["--max", "-1"], "CR2000", /--max|max/],
    ["a --max that is not a number", ["--max", "ten"], "CR2000", /--max ten: give a whole number/],
    ["a malformed thumbprint", ["--thumbprint", "xyz"], "CR2001", /'xyz' is not a certificate thumbprint/],
    ["an option without its value", ["--after"], "CR2000", /after/],
  ];
  for (const [name, args, code, message] of table) {
    it(`refuses ${name} with ${code}`, async () => {
      const result = await run(["events", "--json", "--host-root", demoHost, ...args]);
      assert.equal(result.exitCode, 2);
      const [error] = result.envelope().errors;
      assert.equal(error!.code, code);
      assert.match(error!.message, message);
    });
  }
});
