/*
 * The scheduled task `\CertRebind\AutoRebind`, generated as Task Scheduler XML, modelled on Microsoft's IIS rebind
 * task (tests/fixtures/tasks/SOURCES.md). Pure: the same options always give the same bytes.
 *
 * Schema (Task Scheduler Schema, https://learn.microsoft.com/windows/win32/taskschd/task-scheduler-schema, pages
 * taskschedulerschema-*-complextype in repo MicrosoftDocs/win32, desktop-src/TaskSchd/):
 * - taskType, registrationInfoType, settingsType, principalType and execType are xs:all (any order); this file
 *   writes them in the order Task Scheduler itself exports them, the order of Microsoft's IIS task.
 * - triggerBaseType is a sequence: Enabled, StartBoundary, EndBoundary, Repetition, ExecutionTimeLimit.
 *   eventTriggerType adds, in order, Subscription (required), Delay, ValueQueries; calendarTriggerType adds
 *   RandomDelay, then one of ScheduleByDay | ScheduleByWeek | …; dailyScheduleType holds DaysInterval (1–365).
 *   Task Scheduler's own exports put StartBoundary before Enabled, against the documented sequence; the
 *   calendar trigger therefore leaves Enabled out (its default is true), so the two orders cannot disagree.
 * - actionsType: up to 32 actions, and every action runs for every trigger: there is no trigger-to-action
 *   mapping. Hence ONE Exec action whose arguments work for all three triggers (below).
 *
 * One action for three triggers: `$(name)` in Exec/Arguments is replaced by the value query of that name of the
 * event that fired the trigger
 * (https://learn.microsoft.com/windows/win32/api/taskschd/nf-taskschd-ieventtrigger-put_valuequeries). The 1001
 * trigger defines OldCertHash and NewCertHash; the 1006 and daily triggers define none, and MS-TSCH §2.5.9.2
 * (https://learn.microsoft.com/openspecs/windows_protocols/ms-tsch/
 * 83566c5c-a82d-4658-9fa8-0ebd9df9071b) says a parameter with no value is NOT replaced: those runs receive the
 * literal text `$(OldCertHash)`. The exe's `on-task` command therefore rebinds the pair when it gets two
 * thumbprints, and runs the successor scan (`rebind --auto`) when it gets none (empty or a `$(…)` placeholder).
 */
import { usageError } from "../core/errors.js";

export const AUTO_REBIND_TASK_PATH = "\\CertRebind\\AutoRebind";
export const IIS_REBIND_TASK_PATH = "\\Microsoft\\Windows\\CertificateServicesClient\\IIS-AutoCertRebind";
export const LIFECYCLE_SYSTEM_CHANNEL = "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational";
/** The XPaths of Microsoft's IIS task (tests/fixtures/tasks/SOURCES.md), applied to the event that fired the trigger. */
export const OLD_CERT_HASH_QUERY = "Event/UserData/CertNotificationData/OldCertificateDetails/@Thumbprint";
export const NEW_CERT_HASH_QUERY = "Event/UserData/CertNotificationData/NewCertificateDetails/@Thumbprint";
/** The arguments of the task's one action: quoted, so that an empty value stays an argument of its own. */
export const TASK_ARGUMENTS = 'on-task --old "$(OldCertHash)" --new "$(NewCertHash)"';
export const DEFAULT_DAILY_AT = "03:30";
export const TASK_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task";
/** How long one run may take before Task Scheduler stops it (Microsoft's IIS task uses the same). */
export const EXECUTION_TIME_LIMIT = "PT1H";
/** Delay after event 1006: an ACME client that imports a certificate gets time to finish its own work first. */
export const INSTALL_EVENT_DELAY = "PT1M";
/** A fixed date in the past: the daily trigger runs from then on, and the XML does not depend on the clock. */
const START_DATE = "2020-01-01";

export interface AutoRebindTaskOptions {
  /** The exe the task runs: an absolute Windows path (`C:\Program Files\CertRebind\certrebind.exe`). */
  command: string;
  /** The version of certrebind that registers the task (RegistrationInfo/Version). */
  version: string;
  /** Time of the daily scan, `HH:MM` (24 h, local time of the server). */
  dailyAt: string;
}

type Node = { name: string; attributes?: [string, string][]; text?: string; children?: Node[] };
const el = (name: string, content?: string | Node[], attributes?: [string, string][]): Node =>
  typeof content === "string" ? { name, text: content, attributes } : { name, children: content ?? [], attributes };

/** The task XML as a string whose declaration says UTF-16; write it with `encodeTaskXml`. CRLF line ends. */
export function autoRebindTaskXml(options: AutoRebindTaskOptions): string {
  const command = checkCommand(options.command);
  const dailyAt = parseDailyAt(options.dailyAt);
  if (!/^[0-9A-Za-z.+-]{1,40}$/.test(options.version)) throw usageError(`'${options.version}' is not a version.`);
  const eventTrigger = (eventId: number, extra: Node[]) =>
    el("EventTrigger", [el("Enabled", "true"), el("Subscription", subscription(LIFECYCLE_SYSTEM_CHANNEL, eventId)), ...extra]);
  const task = el(
    "Task",
    [
      el("RegistrationInfo", [
        el("Author", "CertRebind"),
        el("Version", options.version),
        el(
          "Description",
          "Re-binds IIS and HTTP.sys certificate bindings when a certificate is renewed (lifecycle event 1001), and " +
            "finds and binds the successors of expiring certificates after a certificate is installed (event 1006) " +
            "and once a day. Managed by 'certrebind task enable|disable|status'.",
        ),
        el("URI", AUTO_REBIND_TASK_PATH),
      ]),
      el("Triggers", [
        eventTrigger(1001, [
          el("ValueQueries", [
            el("Value", OLD_CERT_HASH_QUERY, [["name", "OldCertHash"]]),
            el("Value", NEW_CERT_HASH_QUERY, [["name", "NewCertHash"]]),
          ]),
        ]),
        eventTrigger(1006, [el("Delay", INSTALL_EVENT_DELAY)]),
        el("CalendarTrigger", [el("StartBoundary", `${START_DATE}T${dailyAt}:00`), el("ScheduleByDay", [el("DaysInterval", "1")])]),
      ]),
      el("Principals", [el("Principal", [el("UserId", "S-1-5-18"), el("RunLevel", "HighestAvailable")], [["id", "System"]])]),
      el("Settings", [
        el("MultipleInstancesPolicy", "Queue"),
        el("DisallowStartIfOnBatteries", "false"),
        el("StopIfGoingOnBatteries", "false"),
        el("AllowHardTerminate", "true"),
        el("StartWhenAvailable", "true"),
        el("RunOnlyIfNetworkAvailable", "false"),
        el("IdleSettings", [el("StopOnIdleEnd", "false"), el("RestartOnIdle", "false")]),
        el("AllowStartOnDemand", "true"),
        el("Enabled", "true"),
        el("Hidden", "false"),
        el("RunOnlyIfIdle", "false"),
        el("WakeToRun", "false"),
        el("ExecutionTimeLimit", EXECUTION_TIME_LIMIT),
        el("Priority", "7"),
        el("RestartOnFailure", [el("Interval", "PT10M"), el("Count", "3")]),
      ]),
      el("Actions", [el("Exec", [el("Command", command), el("Arguments", TASK_ARGUMENTS)])], [["Context", "System"]]),
    ],
    [
      ["version", "1.2"],
      ["xmlns", TASK_NAMESPACE],
    ],
  );
  return `<?xml version="1.0" encoding="UTF-16"?>\r\n${serialize(task, 0).join("\r\n")}\r\n`;
}

/** The event query of a trigger: a QueryList document, which the XML carries as (escaped) text. */
export function subscription(channel: string, eventId: number): string {
  return `<QueryList><Query Id="0" Path="${channel}"><Select Path="${channel}">*[System[EventID=${eventId}]]</Select></Query></QueryList>`;
}

/** UTF-16 LE with a byte order mark: what `schtasks /Create /XML` reliably accepts (chef/chef#6639,
 * https://github.com/fatso83/vmware-auto-suspend/issues/8). */
export function encodeTaskXml(xml: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml, "utf16le")]);
}

/**
 * The text of a task file as `schtasks /query /xml` output may have been saved: UTF-16 LE or BE with a BOM, UTF-8
 * with or without one; without a BOM, a file whose second byte is 0 is taken as UTF-16 LE.
 */
export function decodeTaskXml(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    // An odd last byte is no character: dropped, as the "utf16le" decoder drops it.
    const swapped = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString("utf8");
  if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) return bytes.toString("utf16le");
  return bytes.toString("utf8");
}

/** `HH:MM` from 00:00 to 23:59 (one-digit hours accepted), as `HH:MM`; CR2000 otherwise. */
export function parseDailyAt(value: string): string {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  if (!match) throw usageError(`--daily-at '${value}': give a time of day as HH:MM, from 00:00 to 23:59.`);
  return `${match[1]!.padStart(2, "0")}:${match[2]}`;
}

/** An absolute Windows path of an .exe with nothing Task Scheduler would expand or a command line would split on. */
function checkCommand(command: string): string {
  if (!/^[A-Za-z]:\\[^"%<>|?*\u0000-\u001f]+\.exe$/i.test(command)) {
    throw usageError(`'${command}' cannot be the task's program: give an absolute Windows path of an .exe without quotes or %.`);
  }
  return command;
}

export function escapeXmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, "&quot;");
}

function serialize(node: Node, depth: number): string[] {
  const indent = "  ".repeat(depth);
  const attributes = (node.attributes ?? []).map(([name, value]) => ` ${name}="${escapeXmlAttribute(value)}"`).join("");
  if (node.text !== undefined) return [`${indent}<${node.name}${attributes}>${escapeXmlText(node.text)}</${node.name}>`];
  return [`${indent}<${node.name}${attributes}>`, ...node.children!.flatMap((c) => serialize(c, depth + 1)), `${indent}</${node.name}>`];
}

/**
 * The folders and name of a task path such as `\CertRebind\AutoRebind`: every part starts with a letter or digit
 * and holds letters, digits, space, `.`, `_` and `-` only (so no part is `.` or `..`, and nothing needs quoting
 * in PowerShell). CR2000 otherwise.
 */
export function taskPathParts(path: string): string[] {
  if (!/^(\\[A-Za-z0-9][A-Za-z0-9 ._-]{0,100})+$/.test(path) || path.length > 238) {
    throw usageError(`'${path}' is not a task path this tool uses (\\Folder\\Name, letters, digits, space, . _ -).`);
  }
  return path.slice(1).split("\\");
}
