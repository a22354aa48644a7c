import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  AUTO_REBIND_TASK_PATH,
  autoRebindTaskXml,
  decodeTaskXml,
  encodeTaskXml,
  LIFECYCLE_SYSTEM_CHANNEL,
  parseDailyAt,
  subscription,
  TASK_NAMESPACE,
  taskPathParts,
} from "../../../ts-src/task/auto-rebind-task.js";
import { readTaskDefinition } from "../../../ts-src/task/task-definition.js";
import { child, childText, descend, parseXmlTree, type XmlElement } from "../../../ts-src/task/xml-tree.js";

const COMMAND = "C:\\Program Files\\CertRebind\\certrebind.exe";
const options = { command: COMMAND, version: "0.1.0", dailyAt: "03:30" };
const xml = autoRebindTaskXml(options);
const task = parseXmlTree(xml);
const IIS_TASK = decodeTaskXml(readFileSync(join(import.meta.dirname, "../../fixtures/tasks/IIS-AutoCertRebind.xml")));
const iis = parseXmlTree(IIS_TASK);

/*
 * The Task Scheduler schema, as far as this task uses it: per element, the children it may have and whether
 * their order is fixed (xs:sequence) or free (xs:all). Source: Task Scheduler Schema, complex types
 * (https://learn.microsoft.com/windows/win32/taskschd/task-scheduler-schema-complex-types; repo MicrosoftDocs/win32,
 * desktop-src/TaskSchd/taskschedulerschema-<type>-complextype.md): taskType, registrationInfoType, triggersType
 * (a choice of triggers, up to 48), triggerBaseType (sequence Enabled, StartBoundary, EndBoundary, Repetition,
 * ExecutionTimeLimit), eventTriggerType (adds, in sequence, Subscription, Delay, ValueQueries), calendarTriggerType
 * (adds RandomDelay, then one schedule), dailyScheduleType, principalsType, principalType, settingsType,
 * idleSettingsType, restartType, actionsType (up to 32 actions), execType. Required: Actions, Subscription,
 * Command, StartBoundary of a calendar trigger, one schedule of a calendar trigger.
 */
const TRIGGER_BASE = ["Enabled", "StartBoundary", "EndBoundary", "Repetition", "ExecutionTimeLimit"];
const SCHEMA: Record<string, { children: string[]; ordered: boolean; required?: string[] }> = {
  Task: { children: ["RegistrationInfo", "Triggers", "Settings", "Data", "Principals", "Actions"], ordered: false, required: ["Actions"] },
  RegistrationInfo: { children: ["URI", "SecurityDescriptor", "Source", "Date", "Author", "Version", "Description", "Documentation"], ordered: false },
  Triggers: {
    children: ["BootTrigger", "RegistrationTrigger", "IdleTrigger", "TimeTrigger", "EventTrigger", "LogonTrigger", "SessionStateChangeTrigger", "CalendarTrigger"],
    ordered: false,
  },
  EventTrigger: { children: [...TRIGGER_BASE, "Subscription", "Delay", "ValueQueries"], ordered: true, required: ["Subscription"] },
  CalendarTrigger: { children: [...TRIGGER_BASE, "RandomDelay", "ScheduleByDay"], ordered: true, required: ["StartBoundary", "ScheduleByDay"] },
  ScheduleByDay: { children: ["DaysInterval"], ordered: false },
  ValueQueries: { children: ["Value"], ordered: true },
  Principals: { children: ["Principal"], ordered: true },
  Principal: { children: ["UserId", "LogonType", "GroupId", "DisplayName", "RunLevel", "ProcessTokenSidType", "RequiredPrivileges"], ordered: false },
  Settings: {
    children: [
      "AllowStartOnDemand", "RestartOnFailure", "MultipleInstancesPolicy", "DisallowStartIfOnBatteries", "StopIfGoingOnBatteries",
      "AllowHardTerminate", "StartWhenAvailable", "NetworkProfileName", "RunOnlyIfNetworkAvailable", "WakeToRun", "Enabled", "Hidden",
      "DeleteExpiredTaskAfter", "IdleSettings", "NetworkSettings", "ExecutionTimeLimit", "Priority", "RunOnlyIfIdle",
      "UseUnifiedSchedulingEngine", "DisallowStartOnRemoteAppSession",
    ],
    ordered: false,
  },
  IdleSettings: { children: ["Duration", "WaitTimeout", "StopOnIdleEnd", "RestartOnIdle"], ordered: false },
  RestartOnFailure: { children: ["Interval", "Count"], ordered: false, required: ["Interval", "Count"] },
  Actions: { children: ["Exec", "ComHandler", "SendEmail", "ShowMessage"], ordered: false },
  Exec: { children: ["Command", "Arguments", "WorkingDirectory"], ordered: false, required: ["Command"] },
};
const LEAVES = new Set([
  "URI", "Author", "Version", "Description", "Enabled", "Subscription", "Delay", "Value", "StartBoundary", "DaysInterval",
  "UserId", "RunLevel", "MultipleInstancesPolicy", "DisallowStartIfOnBatteries", "StopIfGoingOnBatteries", "AllowHardTerminate",
  "StartWhenAvailable", "RunOnlyIfNetworkAvailable", "StopOnIdleEnd", "RestartOnIdle", "AllowStartOnDemand", "Hidden",
  "RunOnlyIfIdle", "WakeToRun", "ExecutionTimeLimit", "Priority", "Interval", "Count", "Command", "Arguments",
]);

/** Every violation of SCHEMA below `element`, as "path: problem". */
function schemaViolations(element: XmlElement, path = element.name): string[] {
  if (LEAVES.has(element.name)) return element.children.length ? [`${path}: a simple element with child elements`] : [];
  const rule = SCHEMA[element.name];
  if (!rule) return [`${path}: not an element of the schema subset`];
  const problems: string[] = [];
  let last = -1;
  for (const c of element.children) {
    const index = rule.children.indexOf(c.name);
    if (index < 0) problems.push(`${path}: <${c.name}> may not be here`);
    else if (rule.ordered && index < last) problems.push(`${path}: <${c.name}> comes after <${rule.children[last]}>`);
    else if (!rule.ordered && element.children.filter((o) => o.name === c.name).length > 1 && element.name !== "Triggers" && element.name !== "Actions") {
      problems.push(`${path}: <${c.name}> twice`);
    }
    last = Math.max(last, index);
    problems.push(...schemaViolations(c, `${path}/${c.name}`));
  }
  for (const name of rule.required ?? []) if (!child(element, name)) problems.push(`${path}: <${name}> is missing`);
  return problems;
}

describe("the task XML of \\CertRebind\\AutoRebind", () => {
  it("keeps to the documented Task Scheduler schema: elements, their order where it is fixed, required ones", () => {
    assert.deepEqual(schemaViolations(task), []);
  });

  it("is checked by a schema subset that also accepts Microsoft's own IIS task", () => {
    assert.deepEqual(schemaViolations(iis).filter((p) => !p.includes("LogonType")), []);
  });

  it("is a version 1.2 Task in the task namespace, with an XML declaration that says UTF-16", () => {
    assert.equal(task.name, "Task");
    assert.deepEqual(task.attributes, { version: "1.2", xmlns: TASK_NAMESPACE });
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-16"?>\r\n<Task '));
    assert.equal(xml.split("\r\n").length, xml.split("\n").length, "CRLF line ends only");
  });

  it("is written UTF-16 LE with a byte order mark and reads back the same", () => {
    const bytes = encodeTaskXml(xml);
    assert.deepEqual([...bytes.subarray(0, 6)], [0xff, 0xfe, 0x3c, 0x00, 0x3f, 0x00]);
    assert.equal(bytes.length, 2 + xml.length * 2);
    assert.equal(decodeTaskXml(bytes), xml);
  });

  it("names itself \\CertRebind\\AutoRebind and records the certrebind version that registers it", () => {
    const info = child(task, "RegistrationInfo");
    assert.equal(childText(info, "URI"), AUTO_REBIND_TASK_PATH);
    assert.equal(childText(info, "Version"), "0.1.0");
    assert.equal(childText(info, "Author"), "CertRebind");
  });

  it("has three triggers: event 1001 with both thumbprints, event 1006 after a minute, and a daily run", () => {
    const [renewed, installed, daily] = child(task, "Triggers")!.children;
    assert.deepEqual([renewed!.name, installed!.name, daily!.name], ["EventTrigger", "EventTrigger", "CalendarTrigger"]);
    assert.equal(childText(renewed, "Subscription"), subscription(LIFECYCLE_SYSTEM_CHANNEL, 1001));
    assert.deepEqual(
      child(renewed, "ValueQueries")!.children.map((v) => [v.attributes["name"], v.text]),
      [
        ["OldCertHash", "Event/UserData/CertNotificationData/OldCertificateDetails/@Thumbprint"],
        ["NewCertHash", "Event/UserData/CertNotificationData/NewCertificateDetails/@Thumbprint"],
      ],
    );
    assert.equal(childText(installed, "Subscription"), subscription(LIFECYCLE_SYSTEM_CHANNEL, 1006));
    assert.equal(child(installed, "ValueQueries"), null, "no values: the action's $(…) stay unreplaced");
    assert.equal(childText(installed, "Delay"), "PT1M");
    assert.equal(childText(daily, "StartBoundary"), "2020-01-01T03:30:00");
    assert.equal(childText(descend(daily!, "ScheduleByDay"), "DaysInterval"), "1");
  });

  it("escapes the subscription query as text: no markup inside the Subscription element", () => {
    const raw = xml.slice(xml.indexOf("<Subscription>") + "<Subscription>".length, xml.indexOf("</Subscription>"));
    assert.ok(raw.startsWith("&lt;QueryList&gt;&lt;Query Id=\"0\""), raw);
    assert.ok(!raw.includes("<") && !raw.includes(">"));
  });

  it("runs one action as SYSTEM at the highest run level: the exe with on-task and quoted placeholders", () => {
    const principal = descend(task, "Principals", "Principal")!;
    assert.equal(principal.attributes["id"], "System");
    assert.equal(childText(principal, "UserId"), "S-1-5-18");
    assert.equal(childText(principal, "RunLevel"), "HighestAvailable");
    const actions = child(task, "Actions")!;
    assert.equal(actions.attributes["Context"], "System");
    assert.equal(actions.children.length, 1, "every action runs for every trigger: one action serves all three");
    assert.equal(childText(actions.children[0], "Command"), COMMAND);
    assert.equal(childText(actions.children[0], "Arguments"), 'on-task --old "$(OldCertHash)" --new "$(NewCertHash)"');
  });

  it("queues instances, never runs two at once, stops a run after an hour and catches up on a missed daily run", () => {
    const settings = child(task, "Settings");
    assert.equal(childText(settings, "MultipleInstancesPolicy"), "Queue");
    assert.equal(childText(settings, "ExecutionTimeLimit"), "PT1H");
    assert.equal(childText(settings, "StartWhenAvailable"), "true");
    assert.equal(childText(settings, "Enabled"), "true");
    assert.equal(childText(settings, "DisallowStartIfOnBatteries"), "false");
    assert.equal(childText(settings, "StopIfGoingOnBatteries"), "false");
  });

  it("escapes markup characters of the exe path", () => {
    const odd = autoRebindTaskXml({ ...options, command: "D:\\R&D Tools\\certrebind.exe" });
    assert.ok(odd.includes("<Command>D:\\R&amp;D Tools\\certrebind.exe</Command>"));
    assert.equal((readTaskDefinition(odd).actions[0] as { command: string }).command, "D:\\R&D Tools\\certrebind.exe");
  });

  it("gives the same bytes for the same options", () => {
    assert.equal(autoRebindTaskXml(options), xml);
    assert.notEqual(autoRebindTaskXml({ ...options, dailyAt: "4:05" }), xml);
    assert.ok(autoRebindTaskXml({ ...options, dailyAt: "4:05" }).includes("<StartBoundary>2020-01-01T04:05:00</StartBoundary>"));
  });

  for (const command of ["certrebind.exe", "C:\\<x>\\certrebind.exe", "C:\\Program Files\\CertRebind\\certrebind", '"C:\\x\\certrebind.exe"', "%ProgramFiles%\\CertRebind\\certrebind.exe", "C:\\a\nb\\c.exe"]) {
    it(`refuses the program ${JSON.stringify(command)} with CR2000`, () => {
      assert.throws(() => autoRebindTaskXml({ ...options, command }), { code: "CR2000" });
    });
  }
});

describe("Microsoft's IIS-AutoCertRebind task (tests/fixtures/tasks) and ours", () => {
  const ours = readTaskDefinition(xml);
  const theirs = readTaskDefinition(IIS_TASK);

  it("share the root element, namespace and schema version", () => {
    assert.deepEqual(task.attributes, iis.attributes);
  });

  it("select event 1001 of the same channel, in the same XPath", () => {
    const selects = (d: typeof ours) => {
      const first = d.triggers[0]!;
      return first.kind === "event" ? first.selects : null;
    };
    assert.deepEqual(selects(ours), [{ path: "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational", xpath: "*[System[EventID=1001]]" }]);
    assert.deepEqual(selects(ours), selects(theirs));
  });

  it("take the thumbprints with the same value queries", () => {
    const values = (d: typeof ours) => {
      const first = d.triggers[0]!;
      return first.kind === "event" ? first.valueQueries : null;
    };
    assert.deepEqual(values(ours), values(theirs));
  });

  it("run as the same principal, queue instances alike, share the time limit and pass both values to one Exec action", () => {
    assert.deepEqual(ours.principal, theirs.principal);
    assert.equal(ours.settings.multipleInstancesPolicy, theirs.settings.multipleInstancesPolicy);
    assert.equal(ours.settings.executionTimeLimit, theirs.settings.executionTimeLimit);
    assert.deepEqual(child(task, "Actions")!.attributes, child(iis, "Actions")!.attributes);
    for (const definition of [ours, theirs]) {
      assert.equal(definition.actions.length, 1);
      const exec = definition.actions[0]!;
      assert.ok(exec.kind === "exec" && exec.arguments!.includes("$(OldCertHash)") && exec.arguments!.includes("$(NewCertHash)"));
    }
  });

  it("differ where ours adds what IIS's misses: event 1006 and a daily run", () => {
    assert.deepEqual(theirs.triggers.map((t) => t.kind), ["event"]);
    assert.deepEqual(ours.triggers.map((t) => t.kind), ["event", "event", "daily"]);
  });
});

describe("parseDailyAt", () => {
  const cases: [string, string | null][] = [
    ["03:30", "03:30"],
    ["3:30", "03:30"],
    ["00:00", "00:00"],
    ["23:59", "23:59"],
    [" 12:05 ", "12:05"],
    ["24:00", null],
    ["12:60", null],
    ["1230", null],
    ["12:3", null],
    ["noon", null],
    ["", null],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected ?? "CR2000"}`, () => {
      if (expected) assert.equal(parseDailyAt(input), expected);
      else assert.throws(() => parseDailyAt(input), { code: "CR2000" });
    });
  }
});

describe("taskPathParts", () => {
  it("splits a task path into its folders and name", () => {
    assert.deepEqual(taskPathParts("\\CertRebind\\AutoRebind"), ["CertRebind", "AutoRebind"]);
    assert.deepEqual(taskPathParts("\\Microsoft\\Windows\\CertificateServicesClient\\IIS-AutoCertRebind"), ["Microsoft", "Windows", "CertificateServicesClient", "IIS-AutoCertRebind"]);
  });

  for (const path of ["CertRebind\\AutoRebind", "\\CertRebind\\..\\x", "\\CertRebind\\", "\\a\\'b", '\\a\\"b', "\\a\\b;c", "\\a/b", "\\.\\b", `\\${"x".repeat(240)}`]) {
    it(`refuses ${JSON.stringify(path)} with CR2000`, () => {
      assert.throws(() => taskPathParts(path), { code: "CR2000" });
    });
  }
});
