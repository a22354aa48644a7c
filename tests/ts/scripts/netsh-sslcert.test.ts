import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatSslCertList } from "../../../ts-src/platform/formats/netsh-sslcert-print.js";

/** A real Server 2016-era capture (docs/reference: netsh http show sslcert, IP:port record). */
const CAPTURE_2016 = [
  "    IP:port                      : 0.0.0.0:443",
  "    Certificate Hash             : 5226dc6c54559761cd471b86eb51c096252c90f2",
  "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}",
  "    Certificate Store Name       : (null)",
  "    Verify Client Certificate Revocation : Enabled",
  "    Verify Revocation Using Cached Client Certificate Only : Disabled",
  "    Usage Check                  : Enabled",
  "    Revocation Freshness Time    : 0",
  "    URL Retrieval Timeout        : 0",
  "    Ctl Identifier               : (null)",
  "    Ctl Store Name               : (null)",
  "    DS Mapper Usage              : Disabled",
  "    Negotiate Client Certificate : Disabled",
];

const LABELS_2022 = [
  "Reject Connections           :",
  "Disable HTTP2                :",
  "Disable QUIC                 :",
  "Disable TLS1.2               :",
  "Disable TLS1.3               :",
  "Disable OCSP Stapling        :",
  "Enable Token Binding         :",
  "Log Extended Events          :",
  "Disable Legacy TLS Versions  :",
  "Enable Session Ticket        :",
  "Disable Session ID           :",
  "Enable Caching Client Hello  :",
];

const record = {
  kind: "ipport",
  endpoint: "0.0.0.0:443",
  hash: "5226dc6c54559761cd471b86eb51c096252c90f2",
  appId: "{4dc3e181-e14b-4a21-b022-59fc669b0914}",
  storeName: "(null)",
  fieldSet: "2016",
} as const;

describe("formatSslCertList", () => {
  it("prints a record exactly as netsh does, after the CRLF header", () => {
    const text = formatSslCertList([record]);
    assert.equal(text, `\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n${CAPTURE_2016.join("\r\n")}\r\n\r\n`);
  });

  it("appends the newer fields, not set, for the 2022 list", () => {
    const lines = formatSslCertList([{ ...record, fieldSet: "2022" }]).split("\r\n");
    assert.deepEqual(lines.slice(4, 17), CAPTURE_2016);
    assert.deepEqual(
      lines.slice(17, 29).map((l) => l.slice(4, 34)),
      LABELS_2022,
    );
    assert.ok(lines.slice(17, 29).every((l) => l.endsWith(": Not Set") || l.endsWith(": Disabled")));
  });

  it("overrides settings by label and refuses labels outside the list", () => {
    const text = formatSslCertList([{ ...record, fieldSet: "2022", settings: { "Disable HTTP2": "Set" } }]);
    assert.match(text, /\r\n {4}Disable HTTP2 {16}: Set\r\n/);
    assert.throws(() => formatSslCertList([{ ...record, settings: { "Disable HTTP2": "Set" } }]), /not a field of the 2016 list/);
  });

  it("prints the CCS key and an empty hash", () => {
    const text = formatSslCertList([{ ...record, kind: "ccs", endpoint: "443", hash: "" }]);
    assert.match(text, /\r\n {4}Central Certificate Store {4}: 443\r\n {4}Certificate Hash {13}: \r\n/);
  });

  it("separates blocks with one blank line", () => {
    const text = formatSslCertList([record, { ...record, kind: "hostnameport", endpoint: "www.contoso.com:443" }]);
    assert.match(text, /Negotiate Client Certificate : Disabled\r\n\r\n {4}Hostname:port {16}: www\.contoso\.com:443\r\n/);
    assert.ok(text.endsWith("Negotiate Client Certificate : Disabled\r\n\r\n"));
  });
});
