/*
 * Reading a registered task's XML back: what it runs, on which triggers, as whom. Used to report the task's
 * status and to decide whether `task enable` has anything to change (Task Scheduler re-serialises a registered
 * task, adds elements such as Date, and may keep defaults or drop them, so tasks are compared by what they do,
 * never by their text).
 */
import { parseXmlTree, child, childText, descend, type XmlElement } from "./xml-tree.js";

export interface TaskDefinition {
  uri: string | null;
  /** RegistrationInfo/Version: for `\CertRebind\AutoRebind`, the certrebind version that registered it. */
  version: string | null;
  author: string | null;
  /** Settings/Enabled (true when absent, the schema's default). */
  enabled: boolean;
  triggers: TriggerDefinition[];
  principal: { userId: string | null; runLevel: string | null };
  settings: { multipleInstancesPolicy: string | null; executionTimeLimit: string | null; startWhenAvailable: boolean | null };
  actions: ActionDefinition[];
}

export type TriggerDefinition =
  | {
      kind: "event";
      enabled: boolean;
      /** The Select elements of the subscription: channel and XPath (white space removed). */
      selects: { path: string; xpath: string }[];
      delay: string | null;
      valueQueries: Record<string, string>;
    }
  | { kind: "daily"; enabled: boolean; at: string | null; daysInterval: number }
  | { kind: "other"; enabled: boolean; element: string };

export type ActionDefinition = { kind: "exec"; command: string; arguments: string | null } | { kind: "other"; element: string };

export class TaskXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TaskXmlError";
  }
}

/** Throws XmlTreeError for malformed XML and TaskXmlError when the root element is not a Task. */
export function readTaskDefinition(xml: string): TaskDefinition {
  const task = parseXmlTree(xml);
  if (task.name !== "Task") throw new TaskXmlError(`the root element is <${task.name}>, not <Task>`);
  const registration = child(task, "RegistrationInfo");
  const settings = child(task, "Settings");
  const principal = child(child(task, "Principals"), "Principal");
  return {
    uri: childText(registration, "URI"),
    version: childText(registration, "Version"),
    author: childText(registration, "Author"),
    enabled: bool(childText(settings, "Enabled")) ?? true,
    triggers: (child(task, "Triggers")?.children ?? []).map(readTrigger),
    principal: { userId: principal ? normalizeUserId(childText(principal, "UserId")) : null, runLevel: childText(principal, "RunLevel") },
    settings: {
      multipleInstancesPolicy: childText(settings, "MultipleInstancesPolicy"),
      executionTimeLimit: childText(settings, "ExecutionTimeLimit"),
      startWhenAvailable: bool(childText(settings, "StartWhenAvailable")),
    },
    actions: (child(task, "Actions")?.children ?? []).map((action) =>
      action.name === "Exec"
        ? { kind: "exec" as const, command: childText(action, "Command") ?? "", arguments: childText(action, "Arguments") }
        : { kind: "other" as const, element: action.name },
    ),
  };
}

/**
 * What makes `actual` do something else than `expected`, as sentences; empty when they do the same. Compared:
 * the version that registered it, the actions, the triggers, the principal and the settings that decide how runs
 * happen. Not compared: Enabled (reported on its own), description, author, dates.
 */
export function definitionDifferences(actual: TaskDefinition, expected: TaskDefinition): string[] {
  const differences: string[] = [];
  if (actual.version !== expected.version) {
    differences.push(`it was registered by certrebind ${actual.version ?? "(no version)"}, not ${expected.version ?? "(no version)"}`);
  }
  if (JSON.stringify(actual.actions) !== JSON.stringify(expected.actions)) {
    differences.push(`it runs ${actual.actions.map(describeAction).join("; ") || "nothing"}`);
  }
  if (JSON.stringify(actual.triggers) !== JSON.stringify(expected.triggers)) {
    const sameOtherwise =
      JSON.stringify(actual.triggers.map(withoutTime)) === JSON.stringify(expected.triggers.map(withoutTime)) && dailyTime(actual) !== dailyTime(expected);
    differences.push(sameOtherwise ? `its daily scan runs at ${dailyTime(actual)}, not ${dailyTime(expected)}` : `its triggers are ${actual.triggers.map(describeTrigger).join("; ") || "none"}`);
  }
  if (actual.principal.userId !== expected.principal.userId || actual.principal.runLevel !== expected.principal.runLevel) {
    differences.push(`it runs as ${actual.principal.userId ?? "(no user)"} at run level ${actual.principal.runLevel ?? "(default)"}`);
  }
  for (const key of ["multipleInstancesPolicy", "executionTimeLimit", "startWhenAvailable"] as const) {
    if (actual.settings[key] !== expected.settings[key]) differences.push(`its setting ${key} is ${actual.settings[key] ?? "(default)"}, not ${expected.settings[key]}`);
  }
  return differences;
}

/** The daily trigger's time (`HH:MM`), if the task has one. */
export function dailyTime(definition: TaskDefinition): string | null {
  const daily = definition.triggers.find((t) => t.kind === "daily");
  return daily?.kind === "daily" ? daily.at : null;
}

/**
 * The task XML with Settings/Enabled set, every other byte kept: the value is replaced where the element exists,
 * otherwise an Enabled element is added at the end of Settings (and a Settings element at the end of the task).
 */
export function withSettingsEnabled(xml: string, enabled: boolean): string {
  const task = parseXmlTree(xml);
  if (task.name !== "Task") throw new TaskXmlError(`the root element is <${task.name}>, not <Task>`);
  const value = enabled ? "true" : "false";
  const settings = child(task, "Settings");
  const current = child(settings, "Enabled");
  if (current) {
    return current.contentEnd === current.contentStart && current.end === current.contentEnd
      ? `${xml.slice(0, current.start)}<Enabled>${value}</Enabled>${xml.slice(current.end)}`
      : `${xml.slice(0, current.contentStart)}${value}${xml.slice(current.contentEnd)}`;
  }
  if (settings && settings.end !== settings.contentStart) {
    return `${xml.slice(0, settings.contentEnd)}<Enabled>${value}</Enabled>${xml.slice(settings.contentEnd)}`;
  }
  const insert = `<Settings><Enabled>${value}</Enabled></Settings>`;
  if (settings) return `${xml.slice(0, settings.start)}${insert}${xml.slice(settings.end)}`;
  return `${xml.slice(0, task.contentEnd)}${insert}${xml.slice(task.contentEnd)}`;
}

function readTrigger(trigger: XmlElement): TriggerDefinition {
  const enabled = bool(childText(trigger, "Enabled")) ?? true;
  if (trigger.name === "EventTrigger") {
    // By name, in name order: the order of the Value elements means nothing.
    const values = (child(trigger, "ValueQueries")?.children ?? []).filter((v) => v.name === "Value");
    const valueQueries: Record<string, string> = Object.fromEntries(
      values.map((v) => [v.attributes["name"] ?? "", v.text.trim()] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    return { kind: "event", enabled, selects: readSubscription(childText(trigger, "Subscription") ?? ""), delay: childText(trigger, "Delay"), valueQueries };
  }
  const byDay = descend(trigger, "ScheduleByDay");
  if (trigger.name === "CalendarTrigger" && byDay) {
    const at = /T(\d{2}):(\d{2})/.exec(childText(trigger, "StartBoundary") ?? "");
    return { kind: "daily", enabled, at: at ? `${at[1]}:${at[2]}` : null, daysInterval: Number(childText(byDay, "DaysInterval") ?? "1") };
  }
  return { kind: "other", enabled, element: trigger.name };
}

/** The Select elements of a QueryList; a subscription that is not one is kept as one XPath without a channel. */
function readSubscription(text: string): { path: string; xpath: string }[] {
  const squeeze = (s: string) => s.replace(/\s+/g, "");
  try {
    const list = parseXmlTree(text);
    if (list.name !== "QueryList") return [{ path: "", xpath: squeeze(text) }];
    return list.children.flatMap((query) =>
      query.children.filter((c) => c.name === "Select").map((select) => ({ path: select.attributes["Path"] ?? query.attributes["Path"] ?? "", xpath: squeeze(select.text) })),
    );
  } catch {
    return [{ path: "", xpath: squeeze(text) }];
  }
}

/** LocalSystem by any of its usual names is S-1-5-18. */
function normalizeUserId(userId: string | null): string | null {
  if (userId === null) return null;
  return /^(S-1-5-18|SYSTEM|NT AUTHORITY\\SYSTEM|LocalSystem)$/i.test(userId) ? "S-1-5-18" : userId;
}

function bool(text: string | null): boolean | null {
  if (text === null) return null;
  if (/^(true|1)$/i.test(text)) return true;
  if (/^(false|0)$/i.test(text)) return false;
  return null;
}

function withoutTime(trigger: TriggerDefinition): TriggerDefinition {
  return trigger.kind === "daily" ? { ...trigger, at: null } : trigger;
}

function describeAction(action: ActionDefinition): string {
  return action.kind === "exec" ? `${action.command} ${action.arguments ?? ""}`.trim() : `a ${action.element} action`;
}

function describeTrigger(trigger: TriggerDefinition): string {
  if (trigger.kind === "event") return `event ${trigger.selects.map((s) => `${s.xpath} of ${s.path}`).join(", ")}`;
  if (trigger.kind === "daily") return `daily at ${trigger.at ?? "(no time)"}`;
  return trigger.element;
}
