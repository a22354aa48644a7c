import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseApplicationHost } from "../../../../ts-src/platform/formats/application-host.js";
import { editFtpCertificates } from "../../../../ts-src/platform/formats/application-host-edit.js";

const NEW = "1A202ED21D19F873E0A448F967DFE428F278FCCD";
const config = (ssl: string) =>
  `<configuration>\r\n  <system.applicationHost>\r\n    <sites>\r\n      <site name="FTP" id="2">\r\n        <ftpServer><security>${ssl}</security></ftpServer>\r\n      </site>\r\n    </sites>\r\n  </system.applicationHost>\r\n</configuration>\r\n`;
const ftpSsl = (text: string) => parseApplicationHost(text, "x.config").config.sites[0]!.ftpSsl;

describe("editFtpCertificates", () => {
  it("replaces the hash in the letter case of the old one and adds a missing store name after it", () => {
    const before = config(`<ssl serverCertHash="db0fea9b641f3814fc5168ae83ef7839af1bb012" controlChannelPolicy="SslRequire" />`);
    const after = editFtpCertificates(before, "x.config", [{ site: "FTP", thumbprint: NEW, storeName: "WebHosting" }]);
    assert.equal(after, before.replace('db0fea9b641f3814fc5168ae83ef7839af1bb012"', `${NEW.toLowerCase()}" serverCertStoreName="WebHosting"`));
  });

  // Regressions found by application-host.property.test.ts.

  it("escapes the quote of a store name written between single quotes (it used to end the value early)", () => {
    const before = config(`<ssl serverCertHash='${NEW}' serverCertStoreName='My' />`);
    const after = editFtpCertificates(before, "x.config", [{ site: "FTP", thumbprint: NEW, storeName: "Bob's store" }]);
    assert.equal(after, before.replace("'My'", "'Bob&apos;s store'"));
    assert.deepEqual(ftpSsl(after), { serverCertHash: NEW, serverCertStoreName: "Bob's store" });
  });

  it("edits siteDefaults, not a site without a name after it (which it used to take for siteDefaults)", () => {
    const ssl = (hash: string) => `<ftpServer><security><ssl serverCertHash="${hash}" /></security></ftpServer>`;
    const before = `<configuration><system.applicationHost><sites><siteDefaults>${ssl("a".repeat(40))}</siteDefaults><site id="3">${ssl("b".repeat(40))}</site></sites></system.applicationHost></configuration>`;
    const after = editFtpCertificates(before, "x.config", [{ site: null, thumbprint: NEW }]);
    assert.equal(after, before.replace("a".repeat(40), NEW.toLowerCase()));
    const named = editFtpCertificates(before, "x.config", [{ site: "(site id 3)", thumbprint: NEW }]);
    assert.equal(named, before.replace("b".repeat(40), NEW.toLowerCase()));
  });

  it("keeps the letter case of the old hash as read, also when it is written with character references", () => {
    const upper = "&#x44;&#66;" + "0".repeat(38);
    const after = editFtpCertificates(config(`<ssl serverCertHash="${upper}" />`), "x.config", [{ site: "FTP", thumbprint: NEW.toLowerCase() }]);
    assert.equal(ftpSsl(after)!.serverCertHash, NEW);
  });
});
