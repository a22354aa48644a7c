import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LifecycleLogReader, type LogItem } from "../../../ts-src/events/log-stream.js";
import type { LifecycleChannel } from "../../../ts-src/platform/ports.js";

export const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../../fixtures/wevtutil", name), "utf8");

export const NS = "http://schemas.microsoft.com/win/2004/08/events/event";

export interface EventParts {
  id?: number | string;
  time?: string;
  recordId?: number | string;
  computer?: string;
  /** The children of CertNotificationData. */
  payload?: string;
  /** Attributes of CertNotificationData. */
  notification?: string;
  /** Replaces the whole UserData element. */
  userData?: string;
}

/** One event as wevtutil prints it (the shape of tests/fixtures/wevtutil), with the parts a test varies. */
export function eventXml(parts: EventParts = {}): string {
  const {
    id = 1006,
    time = "2026-11-20T09:14:02.5176243Z",
    recordId = 41,
    computer = "WEB01.contoso.com",
    payload = `<Action>Enroll</Action>${details("CertificateDetails", "fac2be397b0ef579e4c64ae777717b344007ba2c")}`,
    notification = " ProcessName='certreq.exe' AccountName='CONTOSO\\WEB01$' Context='Machine'",
  } = parts;
  const userData = parts.userData ?? `<UserData><CertNotificationData${notification}>${payload}</CertNotificationData></UserData>`;
  return (
    `<Event xmlns='${NS}'><System><Provider Name='Microsoft-Windows-CertificateServicesClient-Lifecycle-System' ` +
    `Guid='{bc0669e1-a10d-4a78-834e-1ca3c806c93b}'/><EventID>${id}</EventID><Version>0</Version><Level>4</Level>` +
    `<Task>0</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='${time}'/>` +
    `<EventRecordID>${recordId}</EventRecordID><Correlation/><Execution ProcessID='5212' ThreadID='6840'/>` +
    `<Channel>Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational</Channel>` +
    `<Computer>${computer}</Computer><Security UserID='S-1-5-18'/></System>${userData}</Event>`
  );
}

/** A details element with attributes Thumbprint and NotValidAfter, subject names and EKUs. */
export function details(element: string, thumbprint: string, notAfter = "2027-11-20T00:00:00Z", names = ["CN=www.contoso.com", "www.contoso.com"]): string {
  return (
    `<${element} Thumbprint='${thumbprint}' NotValidAfter='${notAfter}'><Template Name='WebServer'/><SubjectNames>` +
    names.map((n) => `<SubjectName>${n}</SubjectName>`).join("") +
    `</SubjectNames><EKUs><EKU Name='Server Authentication' OID='1.3.6.1.5.5.7.3.1'/></EKUs></${element}>`
  );
}

/** Every item of a log read in chunks of `size` characters (the whole text at once by default). */
export function readAll(text: string, size = text.length || 1, channel: LifecycleChannel = "System"): LogItem[] {
  const reader = new LifecycleLogReader(channel);
  const items: LogItem[] = [];
  for (let i = 0; i < text.length; i += size) items.push(...reader.write(text.slice(i, i + size)));
  items.push(...reader.end());
  return items;
}

export const eventsOf = (items: LogItem[]) => items.flatMap((i) => (i.type === "event" ? [i.record] : []));
export const problemsOf = (items: LogItem[]) => items.flatMap((i) => (i.type === "problem" ? [i] : []));

/** Memory in use after a full collection (the test process exposes gc through v8 flags; see memory tests). */
export function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
