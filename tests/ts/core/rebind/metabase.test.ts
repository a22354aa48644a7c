import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { IisConfiguration, MetabaseSslKey } from "../../../../ts-src/core/model.js";
import { decodeMetabaseHash, encodeMetabaseHash, metabasePlanner, settleMetabase } from "../../../../ts-src/kinds/httpsys-record/metabase.js";
import type { ChangeView } from "../../../../ts-src/core/rebind/plan.js";
import type { Thumbprint } from "../../../../ts-src/core/thumbprint.js";

const OLD = "A178873B314030E17463122E23BB285AF0C51338" as Thumbprint;
const NEW = "1A202ED21D19F873E0A448F967DFE428F278FCCD";
const OTHER = "DB0FEA9B641F3814FC5168AE83EF7839AF1BB012";
const b64 = (hex: string) => Buffer.from(hex, "hex").toString("base64");

function config(keys: MetabaseSslKey[]): IisConfiguration {
  return {
    path: "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config",
    redirected: false,
    sites: [{ name: "Default Web Site", id: "1", bindings: [], ftpSsl: null }, { name: "Shop", id: "2", bindings: [], ftpSsl: null }],
    siteDefaultsFtpSsl: null,
    metabaseSsl: keys,
  };
}
const key = (path: string, siteId: string | null, hash: string | null, store: string | null = null, hashType = "Binary"): MetabaseSslKey => ({
  path,
  siteId,
  certHash: hash === null ? null : { dataType: hashType, value: hash },
  storeName: store === null ? null : { dataType: "String", value: store },
});
const move = { thumbprint: NEW, storeFrom: "MY", storeTo: "MY" };

describe("metabase 5506/5511 planning", () => {
  it("reads Microsoft's example value as the hash bytes in thumbprint order, and writes it back the same way", () => {
    assert.equal(decodeMetabaseHash("oXiHOzFAMOF0YxIuI7soWvDFEzg="), OLD);
    assert.equal(encodeMetabaseHash(OLD), "oXiHOzFAMOF0YxIuI7soWvDFEzg=");
    for (const bad of ["oXiHOzFAMOF0YxIuI7soWvDFEzg", "oXiHOzFAMOF0YxIuI7soWvDFEzh=", OLD, "oXiHOzFAMOF0YxIuI7soWvDFEzg=\n", ""]) {
      assert.equal(decodeMetabaseHash(bad), null, bad);
    }
  });

  it("moves the site's 5506 with the record, and 5511 when the store changes", () => {
    const plan = metabasePlanner(config([key("LM/W3SVC/1", "1", b64(OLD), "MY")]), OLD);
    assert.deepEqual(plan(["Default Web Site"], move), { changes: [{ key: "LM/W3SVC/1", site: "Default Web Site", property: 5506, from: OLD, to: NEW }], refusal: null });
    assert.deepEqual(plan(["Default Web Site"], { ...move, storeTo: "WebHosting" }).changes, [
      { key: "LM/W3SVC/1", site: "Default Web Site", property: 5506, from: OLD, to: NEW },
      { key: "LM/W3SVC/1", site: "Default Web Site", property: 5511, from: "MY", to: "WebHosting" },
    ]);
    assert.deepEqual(plan(["Shop"], move), { changes: [], refusal: null }, "another site's entry is not this record's");
  });

  it("leaves an entry already on the new certificate alone", () => {
    assert.deepEqual(metabasePlanner(config([key("LM/W3SVC/1", "1", b64(NEW))]), OLD)(["Default Web Site"], move), { changes: [], refusal: null });
  });

  const refusals: [string, MetabaseSslKey[], RegExp][] = [
    ["a hash of a third certificate", [key("LM/W3SVC/1", "1", b64(OTHER))], new RegExp(`holds ${OTHER}, neither the old nor the new`)],
    ["a value that is not base64 of 20 bytes", [key("LM/W3SVC/1", "1", OLD)], /not base64 of a 20-byte certificate hash/],
    ["a hash that is not Binary", [key("LM/W3SVC/1", "1", b64(OLD), null, "String")], /has dataType String, not Binary/],
    ["the service-wide key every site inherits", [key("LM/W3SVC", null, b64(OLD))], /every site inherits/],
    ["a store name that is not the one the record leaves", [key("LM/W3SVC/1", "1", b64(OLD), "Remote Desktop")], /SSLStoreName \(5511\) is 'Remote Desktop'/],
  ];
  for (const [name, keys, why] of refusals) {
    it(`refuses the target with CR3010 for ${name}, saying why and what to do`, () => {
      const { changes, refusal } = metabasePlanner(config(keys), OLD)(["Default Web Site"], { ...move, storeTo: name.includes("store") ? "WebHosting" : "MY" });
      assert.deepEqual(changes, []);
      assert.equal(refusal?.code, "CR3010");
      assert.match(refusal!.reason, why);
      assert.match(refusal!.reason, /Remove the 5506 and 5511 properties of that key .*https-connections-fail-ssl-bindings-deleted.*then run the rebind again/);
    });
  }

  it("refuses a hash without a store name when the new certificate is in another store", () => {
    const { refusal } = metabasePlanner(config([key("LM/W3SVC/1", "1", b64(OLD))]), OLD)(["Default Web Site"], { ...move, storeTo: "WebHosting" });
    assert.match(refusal!.reason, /no SSLStoreName \(5511\), while the new certificate is in store WebHosting/);
  });

  it("refuses a target that would move the site's entry while another target of the same site is refused", () => {
    const view = (endpoint: string, sites: string[], status: ChangeView["status"], metabase: ChangeView["metabase"]): ChangeView => ({
      kind: "ipport", endpoint, sites, hostnames: [], from: OLD, to: NEW, storeName: { from: "MY", to: "MY" },
      status, code: status === "refused" ? "CR3005" : null, reason: null, kept: [], notes: [], metabase,
    });
    const moving = [{ key: "LM/W3SVC/1", site: "Default Web Site", property: 5506 as const, from: OLD, to: NEW }];
    const blocked = view("10.0.0.1:443", ["Default Web Site"], "planned", moving);
    const alone = view("10.0.0.2:443", ["Shop"], "planned", [{ ...moving[0]!, key: "LM/W3SVC/2", site: "Shop" }]);
    settleMetabase([blocked, alone, view("10.0.0.3:443", ["Default Web Site"], "refused", [])]);
    assert.deepEqual([blocked.status, blocked.code, blocked.metabase], ["refused", "CR3010", []]);
    assert.match(blocked.reason!, /its target 10\.0\.0\.3:443 is refused \(CR3005\): moving this one would leave the site split/);
    assert.deepEqual([alone.status, alone.metabase.length], ["planned", 1]);
    assert.match(alone.notes[0]!, /LM\/W3SVC\/2 of site 'Shop' .*SSLCertHash \(5506\) moves to the new certificate in the same run/);
  });
});
