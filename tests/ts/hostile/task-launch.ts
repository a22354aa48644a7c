/*
 * How an event's values become the arguments of the task's program: Task Scheduler evaluates the trigger's value
 * queries on the event, pastes each value as text over `$(name)` in the action's arguments (MS-TSCH §2.5.9.2), and
 * starts the program with that command line, which the program's C runtime splits into argv.
 */
import { formatEvent } from "../../../scripts/demo-host/lifecycle-events.js";
import { descend, parseXmlTree } from "../../../ts-src/task/xml-tree.js";

/** Event 1001 as wevtutil prints it, with these OldCertificateDetails and NewCertificateDetails thumbprints. */
export function replacedEvent(oldThumbprint: string, newThumbprint: string): string {
  const certificate = (thumbprint: string) => ({
    thumbprint,
    notValidAfter: new Date("2027-11-20T00:00:00Z"),
    subjectNames: ["www.contoso.com"],
    ekus: [{ name: "Server Authentication", oid: "1.3.6.1.5.5.7.3.1" }],
  });
  return formatEvent({
    channel: "System",
    eventId: 1001,
    recordId: 42,
    timeCreated: "2026-11-20T09:14:02.6331234Z",
    processId: 1234,
    threadId: 5678,
    computer: "WEB01.contoso.com",
    userSid: "S-1-5-18",
    processName: "taskhostw.exe",
    accountName: "",
    action: "Renew",
    oldCertificate: certificate(oldThumbprint),
    newCertificate: certificate(newThumbprint),
  });
}

/** A value query of the form `Event/A/B/@Attribute` on one event; null when it selects nothing. */
export function queryValue(eventXml: string, query: string): string | null {
  const steps = query.split("/");
  const attribute = steps.pop()!.replace(/^@/, "");
  const root = parseXmlTree(eventXml);
  if (root.name !== steps.shift()) return null;
  return descend(root, ...steps)?.attributes[attribute] ?? null;
}

/** The arguments with every `$(name)` that has a value replaced by it, as text. */
export function substitute(argumentsText: string, values: Readonly<Record<string, string>>): string {
  return argumentsText.replace(/\$\(([A-Za-z0-9_]+)\)/g, (placeholder, name: string) => values[name] ?? placeholder);
}

/**
 * A command line split into arguments as the Microsoft C runtime does ("Parsing C command-line arguments",
 * learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments): white space separates arguments outside
 * double quotes; 2n backslashes before a quote give n and the quote delimits, 2n+1 give n and a literal quote; `""`
 * inside a quoted part is a literal quote. The line ends at its first NUL, as CreateProcess reads it.
 */
export function commandLineToArgv(commandLine: string): string[] {
  const line = commandLine.split("\0")[0]!;
  const args: string[] = [];
  let current = "";
  let started = false;
  let quoted = false;
  for (let i = 0; i < line.length; ) {
    const ch = line[i]!;
    if (!quoted && (ch === " " || ch === "\t")) {
      if (started) args.push(current);
      current = "";
      started = false;
      i += 1;
      continue;
    }
    started = true;
    if (ch === "\\") {
      let count = 0;
      while (line[i] === "\\") {
        count += 1;
        i += 1;
      }
      if (line[i] !== '"') {
        current += "\\".repeat(count);
      } else {
        current += "\\".repeat(Math.floor(count / 2));
        if (count % 2 === 1) {
          current += '"';
          i += 1;
        }
      }
    } else if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        current += '"';
        i += 2;
      } else {
        quoted = !quoted;
        i += 1;
      }
    } else {
      current += ch;
      i += 1;
    }
  }
  if (started) args.push(current);
  return args;
}
