import { test } from "node:test";
import assert from "node:assert/strict";
import { nameCovers, namesCover, toALabel, uncoveredHosts } from "../../../ts-src/core/hostname.js";

const cases: [string, string, boolean, string][] = [
  ["www.contoso.com", "www.contoso.com", true, "exact"],
  ["WWW.Contoso.COM", "www.contoso.com", true, "case-insensitive"],
  ["www.contoso.com.", "www.contoso.com", true, "trailing dot"],
  ["www.contoso.com", "contoso.com", false, "different name"],
  ["*.contoso.com", "shop.contoso.com", true, "wildcard covers one label"],
  ["*.contoso.com", "a.b.contoso.com", false, "wildcard covers only one label"],
  ["*.contoso.com", "contoso.com", false, "wildcard does not cover the bare domain"],
  ["*.com", "contoso.com", false, "wildcard over a top-level domain is refused"],
  ["w*.contoso.com", "www.contoso.com", false, "partial-label wildcard is not honoured"],
  ["www.*.com", "www.contoso.com", false, "wildcard not in the left-most label"],
  ["*.contoso.com", "*.contoso.com", true, "a wildcard binding host covered by the same wildcard"],
  ["xn--bcher-kva.example", "bücher.example", true, "IDN host as U-label matches an A-label name"],
  ["bücher.example", "xn--bcher-kva.example", true, "IDN name as U-label matches an A-label host"],
  ["*.xn--bcher-kva.example", "shop.bücher.example", true, "IDN under a wildcard"],
  ["", "www.contoso.com", false, "empty name"],
];

for (const [certName, host, expected, why] of cases) {
  test(`nameCovers(${JSON.stringify(certName)}, ${JSON.stringify(host)}) is ${expected}: ${why}`, () => {
    assert.equal(nameCovers(certName, host), expected);
  });
}

test("namesCover and uncoveredHosts look at every name of the certificate", () => {
  const names = ["contoso.com", "*.contoso.com"];
  assert.equal(namesCover(names, "contoso.com"), true);
  assert.equal(namesCover(names, "api.contoso.com"), true);
  assert.deepEqual(uncoveredHosts(names, ["contoso.com", "a.b.contoso.com", "fabrikam.com"]), ["a.b.contoso.com", "fabrikam.com"]);
});

test("toALabel converts Unicode labels and keeps a wildcard", () => {
  assert.equal(toALabel("Bücher.Example"), "xn--bcher-kva.example");
  assert.equal(toALabel("*.Bücher.Example"), "*.xn--bcher-kva.example");
});
