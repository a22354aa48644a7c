import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { runToFiles, wine64 } from "./support.js";
import {
  installStandin,
  newStandinStore,
  parseStandinStore,
  readStandinCalls,
  readStandinStore,
  standinCheckExe,
  standinKey,
  standinSkip,
  writeStandinStore,
  type StandinRecord,
  type StandinVariant,
} from "./standin.js";
import { generateStandinRecords } from "./standin-records.js";

// The httpapi.dll stand-in proves its documented behaviour under wine with a Windows program
// (tests/native/httpapi-standin/standin-check.c) that loads it from System32 and resolves its functions at run
// time, as the native layer does. These tests check what that program reports and what the record file holds.

const APP_ID = "{4dc3e181-e14b-4a21-b022-59fc669b0914}";

function runCheck(variant: StandinVariant, scenario: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const { env } = installStandin(variant);
  const store = newStandinStore();
  return { store, env: (more: NodeJS.ProcessEnv = {}) => env({ ...store.env, ...extraEnv, ...more }), scenario };
}

function checkLines(stdout: string) {
  const lines = stdout.split(/\r?\n/).filter(Boolean);
  return {
    ok: lines.filter((l) => l.startsWith("ok ")).map((l) => l.slice(3)),
    failed: lines.filter((l) => l.startsWith("not ok ")),
    update: lines.find((l) => l.startsWith("# update "))?.slice("# update ".length),
  };
}

for (const variant of ["with-update", "without-update"] as const) {
  test(`stand-in (${variant}): every documented behaviour of the configuration functions`, { skip: standinSkip }, () => {
    const { store, env } = runCheck(variant, "api");
    const result = runToFiles(wine64, [standinCheckExe, "api"], env());
    const lines = checkLines(result.stdout);
    assert.deepEqual(lines.failed, [], result.stdout + result.stderr);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(lines.update, variant === "with-update" ? "exported" : "absent");
    for (const name of [
      "query before HttpInitialize is refused",
      "set of an existing key answers ERROR_ALREADY_EXISTS",
      "exact query without a buffer answers ERROR_INSUFFICIENT_BUFFER",
      "a buffer one byte short answers ERROR_INSUFFICIENT_BUFFER",
      "every field reads back as set (hash, AppId, store, check mode, times, CTL, all 32 flag bits)",
      "the key, hash and strings point into the output buffer",
      "exact query of a missing key answers ERROR_FILE_NOT_FOUND",
      "HttpServiceConfigQueryNext enumerates the four ipport records",
      "the token after the last answers ERROR_NO_MORE_ITEMS",
      "an exact query without a key answers ERROR_INVALID_PARAMETER",
      "the same host in other case is the same key",
      "a scopedccs record reads back with its host",
      "ErrorHeaders read back with every header, inside the output",
      "query ex TlsRestrictions that is not set answers ERROR_FILE_NOT_FOUND",
      "delete of a missing record answers ERROR_FILE_NOT_FOUND",
      "deleting a record deletes its extended parameters",
      ...(variant === "with-update"
        ? ["the update changed the hash and store and kept every other field", "update of a missing record answers ERROR_FILE_NOT_FOUND"]
        : ["HttpUpdateServiceConfiguration is not exported"]),
    ])
      assert.ok(lines.ok.includes(name), `missing check: ${name}\n${result.stdout}`);

    // What the calls left in the record file, read by the tests' own parser.
    const records = readStandinStore(store.store);
    assert.deepEqual(
      records.map((r) => `${r.kind} ${r.address}${r.host ? ` ${r.host}` : ""}`),
      ["ipport 0.0.0.0:443", "ipport [::]:443", "ipport [::1]:443", "hostnameport 0.0.0.0:443 www.Contoso.com", "ccs 0.0.0.0:443", "scopedccs 0.0.0.0:443 scoped.contoso.com"],
    );
    const first = records[0]!;
    assert.equal(first.hash, variant === "with-update" ? "101112131415161718191A1B1C1D1E1F20212223" : "A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3");
    assert.equal(first.storeName, variant === "with-update" ? "WebHosting" : "My");
    assert.deepEqual(
      { appId: first.appId, mode: first.certCheckMode, fresh: first.revocationFreshnessTime, url: first.revocationUrlRetrievalTimeout, ctl: first.sslCtlIdentifier, ctlStore: first.sslCtlStoreName, flags: first.flags, ex: first.extended },
      { appId: APP_ID, mode: 0x10007, fresh: 3600, url: 15000, ctl: "Ctl é 1", ctlStore: "CtlStore", flags: 0xffffffff, ex: [] },
    );
    assert.deepEqual(records[3]!.extended, [
      { type: 4, name: "errorHeaders", flags: "0", statusCode: 503, headers: [{ name: "X-Powered-By", value: "nop" }, { name: "X-Error", value: "a b:c=d~e" }] },
    ]);
    const calls = readStandinCalls(store.calls);
    assert.ok(calls.some((c) => c.fn === "HttpDeleteServiceConfiguration" && c.detail === "ipport 10.1.2.3:8443" && c.result === 0));
    assert.equal(calls.some((c) => c.fn === "HttpUpdateServiceConfiguration" && c.result === 0), variant === "with-update");
  });
}

const fullRecords: StandinRecord[] = [
  {
    kind: "ipport", address: "0.0.0.0:443", hash: "0F70C94C6482E61B0A43B9816E830ED7B30B8C44", appId: APP_ID, storeName: "My",
    certCheckMode: 0x10007, revocationFreshnessTime: 86400, revocationUrlRetrievalTimeout: 20000, sslCtlIdentifier: "Ctl ü", sslCtlStoreName: "Root",
    flags: 0xc000_ffff,
    extended: [
      { type: 0, name: "http2Window", flags: "18446744073709551615", receiveWindowSize: 65535 },
      { type: 1, name: "http2SettingsLimits", flags: "0", maxSettingsPerFrame: 10, maxSettingsPerMinute: 600 },
      { type: 2, name: "performance", flags: "2", performanceType: 1, buffer: "01000000" },
      { type: 3, name: "other", flags: "7" },
      { type: 4, name: "errorHeaders", flags: "0", statusCode: 404, headers: [{ name: "Cache-Control", value: "no-store" }] },
    ],
  },
  {
    kind: "ipport", address: "[::]:8443", hash: "FAC2BE397B0EF579E4C64AE777717B344007BA2C", appId: "{00000000-0000-0000-0000-000000000000}", storeName: null,
    certCheckMode: 0, revocationFreshnessTime: 0, revocationUrlRetrievalTimeout: 0, sslCtlIdentifier: null, sslCtlStoreName: null, flags: 0, extended: [],
  },
  {
    kind: "hostnameport", address: "0.0.0.0:443", host: "Shop.Contoso.com", hash: "00112233445566778899AABBCCDDEEFF00112233", appId: APP_ID, storeName: "WebHosting",
    certCheckMode: 2, revocationFreshnessTime: 0, revocationUrlRetrievalTimeout: 0, sslCtlIdentifier: "", sslCtlStoreName: null, flags: 0x2000,
    extended: [{ type: 0, name: "http2Window", flags: "1", receiveWindowSize: 1 }],
  },
  {
    kind: "ccs", address: "0.0.0.0:8444", hash: "", appId: APP_ID, storeName: null,
    certCheckMode: 0, revocationFreshnessTime: 0, revocationUrlRetrievalTimeout: 0, sslCtlIdentifier: null, sslCtlStoreName: null, flags: 0, extended: [],
  },
  {
    kind: "scopedccs", address: "0.0.0.0:443", host: "scoped.contoso.com", hash: "", appId: APP_ID, storeName: null,
    certCheckMode: 1, revocationFreshnessTime: 0, revocationUrlRetrievalTimeout: 0, sslCtlIdentifier: null, sslCtlStoreName: null, flags: 0x10, extended: [],
  },
];

test("stand-in: records written by writeStandinStore come back through the API exactly", { skip: standinSkip }, () => {
  const { store, env } = runCheck("without-update", "dump");
  writeStandinStore(store.store, fullRecords);
  const written = readFileSync(store.store);
  const result = runToFiles(wine64, [standinCheckExe, "dump"], env());
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.deepEqual(parseStandinStore(result.stdout.replace(/\r/g, "")), fullRecords);
  assert.ok(readFileSync(store.store).equals(written), "reading leaves the file byte for byte as it was");
});

test("stand-in: the generated records of the end-to-end tests come back through the API exactly", { skip: standinSkip }, () => {
  const { store, env } = runCheck("with-update", "dump");
  const records = generateStandinRecords(1000);
  writeStandinStore(store.store, records);
  const result = runToFiles(wine64, [standinCheckExe, "dump"], env());
  assert.equal(result.status, 0, result.stdout.slice(-2000) + result.stderr);
  const read = parseStandinStore(result.stdout.replace(/\r/g, ""));
  const key = (r: StandinRecord) => standinKey(r);
  assert.deepEqual([...read].sort((a, b) => key(a).localeCompare(key(b))), [...records].sort((a, b) => key(a).localeCompare(key(b))));
});

const twoRecords: StandinRecord[] = [fullRecords[0]!, { ...fullRecords[0]!, address: "0.0.0.0:8443", extended: [] }];

for (const [scenario, variant, variable, value] of [
  ["fail-set", "without-update", "CERTREBIND_STANDIN_FAIL_SET_AT", "1"],
  ["fail-update", "with-update", "CERTREBIND_STANDIN_FAIL_UPDATE_AT", "2"],
  ["fail-delete", "without-update", "CERTREBIND_STANDIN_FAIL_DELETE_AT", "1"],
  ["fail-set-after-delete", "without-update", "CERTREBIND_STANDIN_FAIL_SET_AFTER_DELETE", "1"],
] as const) {
  test(`stand-in: ${variable}=${value} fails that call once with a documented error and leaves the file consistent`, { skip: standinSkip }, () => {
    const { store, env } = runCheck(variant, scenario, { [variable]: value });
    writeStandinStore(store.store, twoRecords);
    const result = runToFiles(wine64, [standinCheckExe, scenario], env());
    const lines = checkLines(result.stdout);
    assert.deepEqual(lines.failed, [], result.stdout + result.stderr);
    assert.equal(result.status, 0);
    assert.ok(lines.ok.length >= 3, result.stdout);
    assert.deepEqual(readStandinStore(store.store), twoRecords, "every record as before");
    assert.deepEqual(readdirSync(store.dir).sort(), ["calls.txt", "store.txt"], "no temporary file is left behind");
    const failedCalls = readStandinCalls(store.calls).filter((c) => c.result !== 0 && c.fn !== "HttpQueryServiceConfiguration");
    assert.equal(failedCalls.length, 1, JSON.stringify(failedCalls));
  });
}
