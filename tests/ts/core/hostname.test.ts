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

/** RFC 6125 §6.4's rules spelled out with strings, as nameCovers read before it compared in place. */
function referenceCovers(certName: string, host: string): boolean {
  const pattern = toALabel(certName);
  const target = toALabel(host);
  if (!pattern || !target) return false;
  if (!pattern.startsWith("*.")) return pattern === target;
  const suffix = pattern.slice(1);
  if (!target.endsWith(suffix)) return false;
  const label = target.slice(0, target.length - suffix.length);
  return label.length > 0 && !label.includes(".") && suffix.split(".").length >= 3;
}

test("nameCovers agrees with the rules spelled out with strings on every pair of short names", () => {
  // Every name of up to 5 characters from a, b, '.' and '*': empty labels, wildcards anywhere, one or many labels.
  const names = [""];
  for (let length = 1; length <= 5; length++) for (const name of names.filter((n) => n.length === length - 1)) for (const c of "ab.*") names.push(name + c);
  let compared = 0;
  for (const certName of names) {
    for (const host of names) {
      if (nameCovers(certName, host) !== referenceCovers(certName, host)) assert.fail(`nameCovers(${JSON.stringify(certName)}, ${JSON.stringify(host)})`);
      compared++;
    }
  }
  assert.equal(compared, 1365 ** 2);
});
