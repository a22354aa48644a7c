import { test } from "node:test";
import assert from "node:assert/strict";
import { CertRebindError } from "../../../ts-src/core/errors.js";
import { describeReceived, normalizeThumbprint, tryNormalizeThumbprint } from "../../../ts-src/core/thumbprint.js";

const T = "DB0FEA9B641F3814FC5168AE83EF7839AF1BB012";

const accepted: [string, string][] = [
  ["upper case", T],
  ["lower case, as lifecycle events log it", T.toLowerCase()],
  ["byte pairs with spaces, as certutil prints", "db 0f ea 9b 64 1f 38 14 fc 51 68 ae 83 ef 78 39 af 1b b0 12"],
  ["colon-separated, as node prints", "DB:0F:EA:9B:64:1F:38:14:FC:51:68:AE:83:EF:78:39:AF:1B:B0:12"],
  ["leading left-to-right mark from the certificate dialog", `\u200E${T}`],
  ["right-to-left mark and zero-width space inside", `DB0F\u200FEA9B641F\u200B3814FC5168AE83EF7839AF1BB012`],
  ["byte order mark and trailing newline", `\uFEFF${T}\r\n`],
  ["no-break spaces and tabs", `DB0F\u00A0EA9B\t641F3814FC5168AE83EF7839AF1BB012`],
  ["dashes", "DB0FEA9B-641F3814-FC5168AE-83EF7839-AF1BB012"],
  ["bidi embedding and isolate marks", `\u202A${T}\u202C\u2066`],
];

for (const [name, input] of accepted) {
  test(`normalizeThumbprint accepts ${name}`, () => {
    assert.equal(normalizeThumbprint(input), T);
  });
}

const refused: [string, string, RegExp][] = [
  ["too short", "DB0FEA9B", /has 8 characters/],
  ["too long (SHA-256)", "A".repeat(64), /has 64 characters/],
  ["a letter that is not hex", `${T.slice(0, 39)}G`, /non-hexadecimal character 'G'/],
  ["empty", "", /has 0 characters/],
  ["shell metacharacters", `${T.slice(0, 30)};rm -rf /`, /non-hexadecimal characters/],
  ["a quote", `"${T}"`, /non-hexadecimal character '"'/],
];

for (const [name, input, message] of refused) {
  test(`normalizeThumbprint refuses ${name} with CR2001 and exit code 2`, () => {
    assert.throws(
      () => normalizeThumbprint(input),
      (error: unknown) =>
        error instanceof CertRebindError && error.code === "CR2001" && error.exitCode === 2 && message.test(error.message),
    );
  });
}

test("the message spells out invisible characters that were received", () => {
  assert.throws(() => normalizeThumbprint(`\u200E${T.slice(0, 20)}`), /'<U\+200E>DB0FEA9B641F3814FC51'/);
  assert.equal(describeReceived("\u200Bab"), "<U+200B>ab");
});

test("the message shows control characters spelled out, so that it stays one line", () => {
  assert.equal(describeReceived("ab\r\ncd\u0000"), "ab<U+000D><U+000A>cd<U+0000>");
  assert.throws(() => normalizeThumbprint(`${T}\u0000; rm -rf /`), (error: Error) => !/[\u0000-\u001F]/.test(error.message));
});

test("the message names what was expected", () => {
  assert.throws(() => normalizeThumbprint("xyz", "old thumbprint"), /The old thumbprint 'xyz' .* exactly 40 hexadecimal characters/);
});

test("tryNormalizeThumbprint returns null instead of throwing", () => {
  assert.equal(tryNormalizeThumbprint(T.toLowerCase()), T);
  assert.equal(tryNormalizeThumbprint("nope"), null);
  assert.equal(tryNormalizeThumbprint(null), null);
  assert.equal(tryNormalizeThumbprint(""), null);
});
