/**
 * Prints certificate lifecycle events as `wevtutil qe <channel> /f:xml /e:Events` does: one rendered event
 * per line, single-quoted attributes, no whitespace inside an event.
 */

export type LifecycleChannel = "System" | "User";

export interface CertificateDetails {
  /** Lower-case hex, as Windows logs it. */
  thumbprint: string;
  notValidAfter: Date;
  subjectNames: string[];
  ekus: { name: string; oid: string }[];
  template?: string;
}

export interface LifecycleEvent {
  channel: LifecycleChannel;
  eventId: 1001 | 1002 | 1003 | 1004 | 1005 | 1006 | 1007;
  recordId: number;
  /** ISO 8601 with seven fractional digits, as the event log keeps it. */
  timeCreated: string;
  processId: number;
  threadId: number;
  computer: string;
  userSid: string;
  processName: string;
  accountName: string;
  action?: string;
  /** 1001 carries old and new; the other events carry one certificate. */
  certificate?: CertificateDetails;
  oldCertificate?: CertificateDetails;
  newCertificate?: CertificateDetails;
}

const PROVIDER: Record<LifecycleChannel, { name: string; guid: string }> = {
  System: { name: "Microsoft-Windows-CertificateServicesClient-Lifecycle-System", guid: "{bc0669e1-a10d-4a78-834e-1ca3c806c93b}" },
  User: { name: "Microsoft-Windows-CertificateServicesClient-Lifecycle-User", guid: "{bea18b89-126f-4155-9ee4-d36038b02680}" },
};

const LEVEL = { error: 2, warning: 3, information: 4 } as const;
const levelOf = (id: LifecycleEvent["eventId"]) => (id === 1002 ? LEVEL.error : id === 1003 ? LEVEL.warning : LEVEL.information);

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&apos;").replace(/"/g, "&quot;");

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}='${escapeXml(String(value))}'`)
    .join("");
}

const element = (name: string, attrs: Record<string, string | number>, children = "") =>
  children === "" ? `<${name}${attributes(attrs)}/>` : `<${name}${attributes(attrs)}>${children}</${name}>`;

const isoSeconds = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

function details(name: string, cert: CertificateDetails): string {
  const children = [
    cert.template === undefined ? "" : element("Template", { Name: cert.template }),
    element("SubjectNames", {}, cert.subjectNames.map((n) => `<SubjectName>${escapeXml(n)}</SubjectName>`).join("")),
    element("EKUs", {}, cert.ekus.map((eku) => element("EKU", { Name: eku.name, OID: eku.oid })).join("")),
  ].join("");
  return element(name, { Thumbprint: cert.thumbprint, NotValidAfter: isoSeconds(cert.notValidAfter) }, children);
}

function system(event: LifecycleEvent): string {
  const provider = PROVIDER[event.channel];
  return element(
    "System",
    {},
    [
      element("Provider", { Name: provider.name, Guid: provider.guid }),
      `<EventID>${event.eventId}</EventID>`,
      `<Version>0</Version><Level>${levelOf(event.eventId)}</Level><Task>0</Task><Opcode>0</Opcode>`,
      "<Keywords>0x8000000000000000</Keywords>",
      element("TimeCreated", { SystemTime: event.timeCreated }),
      `<EventRecordID>${event.recordId}</EventRecordID>`,
      "<Correlation/>",
      element("Execution", { ProcessID: event.processId, ThreadID: event.threadId }),
      `<Channel>${provider.name}/Operational</Channel>`,
      `<Computer>${escapeXml(event.computer)}</Computer>`,
      element("Security", { UserID: event.userSid }),
    ].join(""),
  );
}

function userData(event: LifecycleEvent): string {
  const children = [
    event.action === undefined ? "" : `<Action>${escapeXml(event.action)}</Action>`,
    event.oldCertificate ? details("OldCertificateDetails", event.oldCertificate) : "",
    event.newCertificate ? details("NewCertificateDetails", event.newCertificate) : "",
    event.certificate ? details("CertificateDetails", event.certificate) : "",
  ].join("");
  const context = event.channel === "System" ? "Machine" : "User";
  const data = element("CertNotificationData", { ProcessName: event.processName, AccountName: event.accountName, Context: context }, children);
  return `<UserData>${data}</UserData>`;
}

export function formatEvent(event: LifecycleEvent): string {
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>${system(event)}${userData(event)}</Event>`;
}

export function formatEventLog(events: LifecycleEvent[]): string {
  return ["<Events>", ...events.map(formatEvent), "</Events>", ""].join("\r\n");
}
