import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { autoRebindTaskXml, decodeTaskXml } from "../../../ts-src/task/auto-rebind-task.js";
import { substitutedValue } from "../../../ts-src/task/task-arguments.js";
import { dailyTime, definitionDifferences, readTaskDefinition, TaskXmlError, withSettingsEnabled } from "../../../ts-src/task/task-definition.js";
import { eventIds } from "../support/task-event-ids.js";
import { parseXmlTree, XmlTreeError } from "../../../ts-src/task/xml-tree.js";

const COMMAND = "C:\\Program Files\\CertRebind\\certrebind.exe";
const xml = autoRebindTaskXml({ command: COMMAND, version: "0.1.0", dailyAt: "03:30" });
const expected = readTaskDefinition(xml);
const IIS_TASK = decodeTaskXml(readFileSync(join(import.meta.dirname, "../../fixtures/tasks/IIS-AutoCertRebind.xml")));

/** Our task as Task Scheduler might give it back: re-indented, Date added, single quotes, SYSTEM by name, LogonType. */
const reserialised = xml
  .replace(/\r\n\s*/g, "")
  .replace("<RegistrationInfo>", "<RegistrationInfo><Date>2026-11-27T09:00:00.1234567</Date>")
  .replace(/&lt;Query Id="0" Path="([^"]+)"&gt;&lt;Select Path="([^"]+)"&gt;/g, "&lt;Query Id='0' Path='$1'&gt;&lt;Select Path='$2'&gt;")
  .replace("<UserId>S-1-5-18</UserId>", "<UserId>NT AUTHORITY\\SYSTEM</UserId><LogonType>ServiceAccount</LogonType>")
  .replace("<Author>CertRebind</Author>", "<Author>CONTOSO\\admin</Author>")
  .replace(/(<Value name="OldCertHash">[^<]*<\/Value>)(<Value name="NewCertHash">[^<]*<\/Value>)/, "$2$1");

describe("readTaskDefinition", () => {
  it("reads what our task runs, when and as whom", () => {
    assert.equal(expected.uri, "\\CertRebind\\AutoRebind");
    assert.equal(expected.version, "0.1.0");
    assert.equal(expected.enabled, true);
    assert.deepEqual(expected.actions, [{ kind: "exec", command: COMMAND, arguments: 'on-task --old "$(OldCertHash)" --new "$(NewCertHash)"' }]);
    assert.deepEqual(expected.principal, { userId: "S-1-5-18", runLevel: "HighestAvailable" });
    assert.deepEqual(eventIds(expected), [1001, 1006]);
    assert.equal(dailyTime(expected), "03:30");
    assert.deepEqual(expected.settings, { multipleInstancesPolicy: "Queue", executionTimeLimit: "PT1H", startWhenAvailable: true });
  });

  it("reads Microsoft's IIS task", () => {
    const iis = readTaskDefinition(IIS_TASK);
    assert.equal(iis.uri, "\\Microsoft\\Windows\\CertificateServicesClient\\IIS-AutoCertRebind");
    assert.deepEqual(eventIds(iis), [1001]);
    assert.equal(dailyTime(iis), null);
    assert.deepEqual(iis.actions, [{ kind: "exec", command: "%SystemRoot%\\System32\\inetsrv\\appcmd.exe", arguments: "renew binding /oldcert:$(OldCertHash) /newcert:$(NewCertHash)" }]);
  });

  it("refuses a document that is not a task, and malformed XML with its line", () => {
    assert.throws(() => readTaskDefinition("<QueryList/>"), TaskXmlError);
    assert.throws(() => readTaskDefinition("<Task>\n<Settings></Task>"), (e: unknown) => e instanceof XmlTreeError && e.line === 2);
    assert.throws(() => readTaskDefinition('<!DOCTYPE x [<!ENTITY a "b">]><Task/>'), XmlTreeError);
  });
});

describe("definitionDifferences", () => {
  it("finds none between a task and itself as Task Scheduler re-serialises it", () => {
    assert.ok(reserialised.indexOf('name="NewCertHash"') < reserialised.indexOf('name="OldCertHash"'), "the values in the other order");
    assert.deepEqual(definitionDifferences(readTaskDefinition(reserialised), expected), []);
  });

  it("ignores the enabled state (reported on its own)", () => {
    assert.deepEqual(definitionDifferences(readTaskDefinition(withSettingsEnabled(xml, false)), expected), []);
  });

  const cases: [string, string, RegExp][] = [
    ["another version registered it", xml.replace("<Version>0.1.0</Version>", "<Version>0.0.9</Version>"), /registered by certrebind 0\.0\.9, not 0\.1\.0/],
    ["its daily scan runs at another time", autoRebindTaskXml({ command: COMMAND, version: "0.1.0", dailyAt: "04:15" }), /daily scan runs at 04:15, not 03:30/],
    ["it runs another program", xml.replace(COMMAND, "C:\\Temp\\certrebind.exe"), /it runs C:\\Temp\\certrebind\.exe on-task/],
    ["its arguments differ", xml.replace("on-task --old", "rebind --old"), /it runs .* rebind --old/],
    ["a trigger is missing", xml.replace(/<CalendarTrigger>[\s\S]*<\/CalendarTrigger>/, ""), /its triggers are event/],
    ["it runs as someone else", xml.replace("<UserId>S-1-5-18</UserId>", "<UserId>S-1-5-20</UserId>"), /runs as S-1-5-20/],
    ["instances run in parallel", xml.replace(">Queue<", ">Parallel<"), /multipleInstancesPolicy is Parallel, not Queue/],
  ];
  for (const [name, changed, message] of cases) {
    it(`says so when ${name}`, () => {
      const differences = definitionDifferences(readTaskDefinition(changed), expected);
      assert.equal(differences.length, 1, differences.join(" | "));
      assert.match(differences[0]!, message);
    });
  }
});

describe("withSettingsEnabled", () => {
  it("changes only the value of Settings/Enabled, not the triggers' Enabled", () => {
    const disabled = withSettingsEnabled(xml, false);
    assert.equal(disabled, xml.replace("<Enabled>true</Enabled>\r\n    <Hidden>", "<Enabled>false</Enabled>\r\n    <Hidden>"));
    assert.equal(readTaskDefinition(disabled).enabled, false);
    assert.equal(withSettingsEnabled(disabled, true), xml);
  });

  it("adds the element where Settings has none, and Settings where the task has none", () => {
    const without = xml.replace("<Enabled>true</Enabled>\r\n    <Hidden>", "<Hidden>");
    assert.equal(readTaskDefinition(withSettingsEnabled(without, false)).enabled, false);
    assert.equal(readTaskDefinition(withSettingsEnabled("<Task><Settings/><Actions/></Task>", false)).enabled, false);
    assert.equal(withSettingsEnabled("<Task><Actions/></Task>", false), "<Task><Actions/><Settings><Enabled>false</Enabled></Settings></Task>");
    assert.equal(withSettingsEnabled("<Task><Settings><Enabled/></Settings></Task>", false), "<Task><Settings><Enabled>false</Enabled></Settings></Task>");
  });
});

describe("decodeTaskXml", () => {
  const text = '<?xml version="1.0" encoding="UTF-16"?><Task>ü</Task>';
  const cases: [string, Buffer][] = [
    ["UTF-16 LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
    ["UTF-16 BE with BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()])],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])],
    ["UTF-16 LE without BOM", Buffer.from(text, "utf16le")],
    ["UTF-8 without BOM", Buffer.from(text, "utf8")],
  ];
  for (const [name, bytes] of cases) {
    it(`reads ${name}`, () => assert.equal(decodeTaskXml(bytes), text));
  }

  // Found by task-scheduler.property.test.ts: a UTF-16 BE file cut after an odd byte failed with a RangeError.
  it("drops an odd last byte of UTF-16, big or little endian", () => {
    for (const [name, bytes] of cases.slice(0, 2)) {
      assert.equal(decodeTaskXml(Buffer.concat([bytes, Buffer.from([0x3c])])), text, name);
    }
  });
});

describe("parseXmlTree", () => {
  it("keeps text, CDATA and offsets of every element", () => {
    const source = '<a x="1&amp;2"><b>t&lt;u<![CDATA[<v>]]></b><c/></a>';
    const root = parseXmlTree(source);
    assert.deepEqual(root.attributes, { x: "1&2" });
    assert.equal(root.children[0]!.text, "t<u<v>");
    const c = root.children[1]!;
    assert.equal(source.slice(c.start, c.end), "<c/>");
    assert.equal(source.slice(root.children[0]!.contentStart, root.children[0]!.contentEnd), "t&lt;u<![CDATA[<v>]]>");
  });

  for (const bad of ["", "<a>", "<a></b>", "<a/><b/>", "text<a/>", '<a x="1" x="2"/>', "<a x=1/>"]) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.throws(() => parseXmlTree(bad), XmlTreeError));
  }

  // Regressions found by task-definition.property.test.ts.

  it("reads attributes named like the properties of an object (they were refused as duplicates)", () => {
    const root = parseXmlTree(`<a constructor="1" toString="2" __proto__="3" hasOwnProperty="4"/>`);
    assert.deepEqual(Object.entries(root.attributes), [["constructor", "1"], ["toString", "2"], ["__proto__", "3"], ["hasOwnProperty", "4"]]);
    assert.throws(() => parseXmlTree(`<a __proto__="1" __proto__="2"/>`), /appears twice/);
  });

  it("refuses a character reference to no character with its line (it failed with a RangeError)", () => {
    for (const xml of ["<Task>\n<URI>&#x110000;</URI></Task>", "<Task>\n<URI a='&#xFFFFFFFF;'/></Task>"]) {
      assert.throws(() => parseXmlTree(xml), (e: unknown) => e instanceof XmlTreeError && e.line === 2 && /is not a character/.test(e.message));
    }
  });
});

describe("substitutedValue", () => {
  const cases: [string | undefined, string | null][] = [
    ["db0fea9b641f3814fc5168ae83ef7839af1bb012", "db0fea9b641f3814fc5168ae83ef7839af1bb012"],
    ["$(OldCertHash)", null],
    [" $(NewCertHash) ", null],
    ["", null],
    ["  ", null],
    [undefined, null],
    ["$(OldCertHash)x", "$(OldCertHash)x"],
    ["zz", "zz"],
  ];
  for (const [input, expectedValue] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expectedValue)}`, () => assert.equal(substitutedValue(input), expectedValue));
  }
});
