import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type LifecycleEvent, formatEvent, formatEventLog } from "../../../scripts/demo-host/lifecycle-events.js";

const cert = (thumbprint: string) => ({
  thumbprint,
  notValidAfter: new Date("2027-11-20T00:00:00Z"),
  subjectNames: ["CN=www.contoso.com, O=Contoso & Co"],
  ekus: [{ name: "Server Authentication", oid: "1.3.6.1.5.5.7.3.1" }],
});

const replaced: LifecycleEvent = {
  channel: "System",
  eventId: 1001,
  recordId: 42,
  timeCreated: "2026-11-20T09:14:02.6331098Z",
  processId: 5212,
  threadId: 6840,
  computer: "WEB01.contoso.com",
  userSid: "S-1-5-18",
  processName: "certreq.exe",
  accountName: "CONTOSO\\WEB01$",
  action: "Renew",
  oldCertificate: cert("0f70c94c6482e61b0a43b9816e830ed7b30b8c44"),
  newCertificate: cert("fac2be397b0ef579e4c64ae777717b344007ba2c"),
};

describe("formatEvent", () => {
  const xml = formatEvent(replaced);

  it("renders the System block of the channel's provider", () => {
    assert.match(xml, /^<Event xmlns='http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event'><System>/);
    assert.match(xml, /<Provider Name='Microsoft-Windows-CertificateServicesClient-Lifecycle-System' Guid='\{bc0669e1-a10d-4a78-834e-1ca3c806c93b\}'\/>/);
    assert.match(xml, /<EventID>1001<\/EventID><Version>0<\/Version><Level>4<\/Level>/);
    assert.match(xml, /<TimeCreated SystemTime='2026-11-20T09:14:02\.6331098Z'\/><EventRecordID>42<\/EventRecordID>/);
    assert.match(xml, /<Channel>Microsoft-Windows-CertificateServicesClient-Lifecycle-System\/Operational<\/Channel>/);
  });

  it("puts old and new thumbprints in attributes of the details elements", () => {
    assert.match(xml, /<CertNotificationData ProcessName='certreq\.exe' AccountName='CONTOSO\\WEB01\$' Context='Machine'><Action>Renew<\/Action>/);
    assert.match(xml, /<OldCertificateDetails Thumbprint='0f70c94c6482e61b0a43b9816e830ed7b30b8c44' NotValidAfter='2027-11-20T00:00:00Z'>/);
    assert.match(xml, /<NewCertificateDetails Thumbprint='fac2be397b0ef579e4c64ae777717b344007ba2c' /);
    assert.match(xml, /<SubjectName>CN=www\.contoso\.com, O=Contoso &amp; Co<\/SubjectName>/);
  });

  it("marks 1003 as a warning and user events with the User context", () => {
    const expiring = formatEvent({ ...replaced, eventId: 1003, channel: "User", oldCertificate: undefined, newCertificate: undefined, certificate: cert("ab".repeat(20)) });
    assert.match(expiring, /<Level>3<\/Level>/);
    assert.match(expiring, /Context='User'/);
    assert.match(expiring, /Lifecycle-User' Guid='\{bea18b89-126f-4155-9ee4-d36038b02680\}'/);
    assert.match(expiring, /<CertificateDetails Thumbprint='abab/);
  });
});

describe("formatEventLog", () => {
  it("wraps the events in <Events>, one per line", () => {
    const log = formatEventLog([replaced, replaced]);
    assert.equal(log, `<Events>\r\n${formatEvent(replaced)}\r\n${formatEvent(replaced)}\r\n</Events>\r\n`);
    assert.equal(formatEventLog([]), "<Events>\r\n</Events>\r\n");
  });
});
