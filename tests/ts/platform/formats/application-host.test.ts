import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import {
  parseApplicationHost,
  parseBindingInformation,
  parseRedirection,
} from "../../../../ts-src/platform/formats/application-host.js";

const corpus = (path: string) => readFileSync(new URL(`../../../fixtures/iis-config/${path}`, import.meta.url), "utf8");

const bindingInformation: [string, ReturnType<typeof parseBindingInformation>][] = [
  ["*:443:", { ip: "*", port: 443, host: "" }],
  ["*:443:www.contoso.com", { ip: "*", port: 443, host: "www.contoso.com" }],
  ["10.0.0.10:443:shop.contoso.com", { ip: "10.0.0.10", port: 443, host: "shop.contoso.com" }],
  ["[2001:db8::1]:443:v6.contoso.com", { ip: "[2001:db8::1]", port: 443, host: "v6.contoso.com" }],
  ["[::]:8443:", { ip: "[::]", port: 8443, host: "" }],
  [":443:", { ip: "", port: 443, host: "" }],
  ["*:443:*.cosoluce.fr", { ip: "*", port: 443, host: "*.cosoluce.fr" }],
  ["808:*", null],
  ["localhost", null],
  ["*:0:", null],
  ["*:70000:", null],
  ["*:https:", null],
];

for (const [value, expected] of bindingInformation) {
  test(`parseBindingInformation(${JSON.stringify(value)})`, () => {
    assert.deepEqual(parseBindingInformation(value), expected);
  });
}

const corpusFiles: [string, { sites: number; https: string[] }][] = [
  ["iis-reverse-proxy/applicationHost.config", { sites: 1, https: ["Default Web Site *:443: 0"] }],
  ["web-server-iis/applicationHost.config", { sites: 2, https: ["mysite.tbd *:443:mysite.tbd 0"] }],
  ["supernova/applicationHost_SSL.config", { sites: 1, https: ["Supernova *:443:*.cosoluce.fr 0"] }],
  ["supernova/applicationHost.config", { sites: 1, https: [] }],
  ["iis-sharedgitconfig/applicationHost.config", { sites: 4, https: [] }],
];

for (const [file, expected] of corpusFiles) {
  test(`parseApplicationHost reads the real configuration ${file}`, () => {
    const { config, warnings } = parseApplicationHost(corpus(file), file);
    assert.equal(config.sites.length, expected.sites);
    const https = config.sites.flatMap((s) =>
      s.bindings.filter((b) => b.protocol === "https").map((b) => `${s.name} ${b.bindingInformation} ${b.sslFlags}`),
    );
    assert.deepEqual(https, expected.https);
    assert.deepEqual(warnings, []);
    assert.equal(config.siteDefaultsFtpSsl, null);
  });
}

const ftpConfig = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r
<configuration>\r
  <system.applicationHost>\r
    <sites>\r
      <site name="Contoso FTP" id="8">\r
        <bindings><binding protocol="ftp" bindingInformation="*:21:" /></bindings>\r
        <ftpServer><security><ssl controlChannelPolicy="SslRequire" serverCertHash="57686f6120447564652c2049495320526f636b73" serverCertStoreName="My" /></security></ftpServer>\r
      </site>\r
      <site name="Inherits" id="9"><bindings><binding protocol="ftp" bindingInformation="*:2121:ftp.contoso.com" /></bindings></site>\r
      <siteDefaults>\r
        <ftpServer><security><ssl serverCertHash="DB0FEA9B641F3814FC5168AE83EF7839AF1BB012" /></security></ftpServer>\r
      </siteDefaults>\r
    </sites>\r
  </system.applicationHost>\r
  <location path="Contoso FTP"><system.ftpServer><security><ssl serverCertHash="ignored" /></security></system.ftpServer></location>\r
</configuration>\r
`;

test("FTP serverCertHash is read per site and from siteDefaults", () => {
  const { config } = parseApplicationHost(ftpConfig, "ftp.config");
  assert.deepEqual(config.sites[0]!.ftpSsl, { serverCertHash: "57686f6120447564652c2049495320526f636b73", serverCertStoreName: "My" });
  assert.equal(config.sites[1]!.ftpSsl, null);
  assert.deepEqual(config.siteDefaultsFtpSsl, { serverCertHash: "DB0FEA9B641F3814FC5168AE83EF7839AF1BB012", serverCertStoreName: null });
  assert.deepEqual(config.sites[1]!.bindings[0]!.endpoint, { ip: "*", port: 2121, host: "ftp.contoso.com" });
});

test("sites inside a global <location> are read; sites in a path location are not sites", () => {
  const text = `<configuration><location path=""><system.applicationHost><sites><site name="A" id="1"><bindings><binding protocol="https" bindingInformation="*:443:a" sslFlags="1"/></bindings></site></sites></system.applicationHost></location></configuration>`;
  assert.deepEqual(parseApplicationHost(text, "x").config.sites.map((s) => s.name), ["A"]);
});

const malformed: [string, string, RegExp][] = [
  ["broken XML with its line number", `<configuration>\n<system.applicationHost>\n<sites>\n</system.applicationHost>\n</configuration>`, /x\.config, line 4: <\/system\.applicationHost> closes <sites>/],
  ["sslFlags that is not a number", `<configuration><system.applicationHost><sites><site name="A"><bindings><binding protocol="https" bindingInformation="*:443:" sslFlags="SNI"/></bindings></site></sites></system.applicationHost></configuration>`, /sslFlags="SNI" is not a whole number/],
  ["sites kept in another file", `<configuration><system.applicationHost><sites configSource="sites.config"/></system.applicationHost></configuration>`, /configSource="sites.config"/],
  // Found by application-host.property.test.ts: it used to fail with a RangeError.
  ["a character reference to no character", `<configuration>\n<system.applicationHost><sites><site name="a&#x110000;"/></sites></system.applicationHost></configuration>`, /x\.config, line 2: the character reference &#x110000; is not a character/],
];

for (const [name, text, message] of malformed) {
  test(`parseApplicationHost refuses ${name} with CR2003`, () => {
    assert.throws(() => parseApplicationHost(text, "x.config"), (e: unknown) => e instanceof CertRebindError && e.code === "CR2003" && message.test(e.message));
  });
}

test("an https binding that is not ip:port:host is reported and skipped", () => {
  const text = `<configuration><system.applicationHost><sites><site name="A"><bindings><binding protocol="https" bindingInformation="*:port:"/></bindings></site></sites></system.applicationHost></configuration>`;
  const { config, warnings } = parseApplicationHost(text, "x.config");
  assert.equal(config.sites[0]!.bindings.length, 0);
  assert.match(warnings[0]!, /https binding '\*:port:' is not ip:port:host/);
});

test("redirection.config: the real disabled form, and an enabled shared configuration", () => {
  assert.deepEqual(parseRedirection(corpus("iis-sharedgitconfig/redirection.config"), "r"), { enabled: false, path: null });
  const enabled = `<configuration><configurationRedirection enabled="true" path="\\\\fs01\\iisconfig" userName="" password="" /></configuration>`;
  assert.deepEqual(parseRedirection(enabled, "r"), { enabled: true, path: "\\\\fs01\\iisconfig" });
});
