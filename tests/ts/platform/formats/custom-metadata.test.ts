import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parseApplicationHost } from "../../../../ts-src/platform/formats/application-host.js";
import { editMetabaseSsl } from "../../../../ts-src/kinds/httpsys-record/metabase-edit.js";

const fixture = (path: string) => readFileSync(new URL(`../../../fixtures/iis-config/${path}`, import.meta.url), "utf8");
const REMNANTS = fixture("metabase-remnants/applicationHost.config");
// Microsoft's example value (KB 2025598) and the thumbprint it encodes.
const MS_VALUE = "oXiHOzFAMOF0YxIuI7soWvDFEzg=";
const MS_THUMBPRINT = "A178873B314030E17463122E23BB285AF0C51338";
const NEW = "1A202ED21D19F873E0A448F967DFE428F278FCCD";

describe("customMetadata 5506/5511 in applicationHost.config", () => {
  it("reads the web keys that hold them, and nothing from a configuration without them", () => {
    assert.deepEqual(parseApplicationHost(REMNANTS, "x.config").config.metabaseSsl, [
      {
        path: "LM/W3SVC/1",
        siteId: "1",
        storeName: { dataType: "String", value: "MY" },
        certHash: { dataType: "Binary", value: MS_VALUE },
      },
    ]);
    assert.deepEqual(parseApplicationHost(fixture("iis-reverse-proxy/applicationHost.config"), "x.config").config.metabaseSsl, []);
    // A key of another service (FTP) and an id of another property are not web SSL entries.
    const other = `<configuration><system.applicationHost><customMetadata><key path="LM/MSFTPSVC/1"><property id="5506" dataType="Binary" value="${MS_VALUE}"/></key><key path="/lm/w3svc"><property id="1018" dataType="DWord" value="1"/><property id="5511" dataType="String" value="WebHosting"/></key></customMetadata></system.applicationHost></configuration>`;
    assert.deepEqual(parseApplicationHost(other, "x.config").config.metabaseSsl, [
      { path: "/lm/w3svc", siteId: null, certHash: null, storeName: { dataType: "String", value: "WebHosting" } },
    ]);
  });

  it("changes the two values and keeps every other byte of the real file", () => {
    const after = editMetabaseSsl(REMNANTS, "x.config", [
      { key: "LM/W3SVC/1", site: "Default Web Site", property: 5506, from: MS_THUMBPRINT, to: NEW },
      { key: "LM/W3SVC/1", site: "Default Web Site", property: 5511, from: "MY", to: "Web'Hosting" },
    ]);
    const newValue = Buffer.from(NEW, "hex").toString("base64");
    assert.equal(after, REMNANTS.replace(`value="${MS_VALUE}"`, `value="${newValue}"`).replace('value="MY"', 'value="Web\'Hosting"'));
    assert.deepEqual(parseApplicationHost(after, "x.config").config.metabaseSsl![0], {
      path: "LM/W3SVC/1",
      siteId: "1",
      storeName: { dataType: "String", value: "Web'Hosting" },
      certHash: { dataType: "Binary", value: newValue },
    });
    assert.ok(after.includes("\r\n") && !/[^\r]\n/.test(after), "CRLF line endings kept");
  });

  it("refuses to edit a key the file does not have", () => {
    assert.throws(() => editMetabaseSsl(REMNANTS, "x.config", [{ key: "LM/W3SVC/2", site: "Shop", property: 5506, from: MS_THUMBPRINT, to: NEW }]), /no value for property 5506 of the <customMetadata> key LM\/W3SVC\/2/);
  });
});
