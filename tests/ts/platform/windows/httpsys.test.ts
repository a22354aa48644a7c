import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HttpSysExtendedParam, HttpSysRecord } from "../../../../ts-src/core/model.js";
import { RebindWriteError } from "../../../../ts-src/platform/ports.js";
import { WIN32_ERRORS, Win32CallError } from "../../../../ts-src/platform/windows/httpapi/win32-errors.js";
import { WindowsHttpSys } from "../../../../ts-src/platform/windows/httpsys.js";
import { FakeHttpApi } from "../../support/fake-http-api.js";

const OLD = "1111111111111111111111111111111111111111";
const NEW = "ABCDEF0123456789ABCDEF0123456789ABCDEF01";
const IIS = "{4dc3e181-e14b-4a21-b022-59fc669b0914}";
const EXTENDED: HttpSysExtendedParam[] = [
  { type: 0, name: "http2Window", flags: "0", receiveWindowSize: 65535 },
  { type: 1, name: "http2SettingsLimits", flags: "18446744073709551615", maxSettingsPerFrame: 3, maxSettingsPerMinute: 100 },
  { type: 2, name: "performance", flags: "1", performanceType: 4, buffer: "00010000" },
  { type: 3, name: "other", flags: "5", entries: 0 },
  { type: 4, name: "errorHeaders", flags: "0", statusCode: 503, headers: [{ name: "Retry-After", value: "120" }] },
];

function record(endpoint: string, overrides: Partial<HttpSysRecord> = {}, extended: HttpSysExtendedParam[] | null = []): HttpSysRecord {
  const kind = overrides.kind ?? (/^[\d.]+:\d+$|^\[/.test(endpoint) ? "ipport" : "hostnameport");
  return {
    kind,
    endpoint,
    thumbprint: OLD,
    appId: IIS,
    storeName: "My",
    // Every DefaultFlags bit including ones no SDK names, check-mode bit 4 with a freshness time, CTL fields.
    settings: {
      certCheckMode: 0x10005,
      revocationFreshnessTime: 600,
      revocationUrlRetrievalTimeout: 15000,
      sslCtlIdentifier: "CTL 1",
      sslCtlStoreName: "CA",
      flags: 0xffffffff,
      extended,
    },
    ...overrides,
  };
}

const httpSysOn = (api: FakeHttpApi) => new WindowsHttpSys(async () => api);
const rebinds = (records: HttpSysRecord[], storeName: string | null = null) => records.map((r) => ({ record: r, thumbprint: NEW, storeName }));
const moved = (r: HttpSysRecord, storeName = r.storeName): HttpSysRecord => ({ ...r, thumbprint: NEW, storeName });
const sorted = (records: HttpSysRecord[]) => [...records].sort((a, b) => `${a.kind} ${a.endpoint}`.localeCompare(`${b.kind} ${b.endpoint}`));
const writes = (api: FakeHttpApi) => api.calls.filter((c) => !/^(Get|List) /.test(c));

async function rejection(promise: Promise<unknown>): Promise<RebindWriteError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RebindWriteError, String(error));
    return error;
  }
  assert.fail("no RebindWriteError");
}

describe("WindowsHttpSys.readRecords", () => {
  it("lists the records of every kind with every field and their extended parameters, writing nothing", async () => {
    const records = [
      record("0.0.0.0:443", {}, EXTENDED),
      record("[::]:443"),
      record("www.contoso.com:443"),
      record("443", { kind: "ccs", thumbprint: null }, null),
      record("static.contoso.com:443", { kind: "scopedccs", thumbprint: null }, null),
    ];
    const api = new FakeHttpApi(records);
    const read = await httpSysOn(api).readRecords();
    assert.deepEqual(
      read.map((r) => [r.kind, r.endpoint]),
      [
        ["ipport", "0.0.0.0:443"],
        ["ipport", "[::]:443"],
        ["hostnameport", "www.contoso.com:443"],
        ["ccs", "443"],
        ["scopedccs", "static.contoso.com:443"],
      ],
    );
    assert.deepEqual(read[0], records[0]);
    assert.deepEqual(read.at(-1)!.settings!.extended, null);
    assert.deepEqual(writes(api), []);
  });

  it("gives extended: null on a Windows without the …Ex configuration ids", async () => {
    const [read] = await httpSysOn(new FakeHttpApi([record("0.0.0.0:443")], { withEx: false })).readRecords();
    assert.equal(read!.settings!.extended, null);
  });
});

for (const withUpdate of [true, false]) {
  const path = withUpdate ? "HttpUpdateServiceConfiguration" : "HttpDeleteServiceConfiguration then HttpSetServiceConfiguration";
  describe(`WindowsHttpSys.rebindRecords through ${path}`, () => {
    it("changes only the hash: every flag bit, check mode, time, CTL and extended parameter stays", async () => {
      const records = [record("0.0.0.0:443", {}, EXTENDED), record("www.contoso.com:443", {}, EXTENDED.slice(0, 2)), record("10.0.0.5:8443", { thumbprint: "2".repeat(40) })];
      const api = new FakeHttpApi(records, { withUpdate });
      await httpSysOn(api).rebindRecords(rebinds(records.slice(0, 2)));
      assert.deepEqual(api.all(), sorted([records[2]!, moved(records[0]!), moved(records[1]!)]));
      if (withUpdate) assert.deepEqual(writes(api), ["Update ipport 0.0.0.0:443", "Update hostnameport www.contoso.com:443"]);
      else {
        assert.deepEqual(writes(api).filter((c) => !c.startsWith("SetEx")), [
          "Delete ipport 0.0.0.0:443",
          "Set ipport 0.0.0.0:443",
          "Delete hostnameport www.contoso.com:443",
          "Set hostnameport www.contoso.com:443",
        ]);
        // The Delete took the extended parameters with it: each one is set again, one call per ParamType.
        assert.equal(writes(api).filter((c) => c.startsWith("SetEx")).length, EXTENDED.length + 2);
      }
    });

    it("changes the store name too when the new certificate is in another store", async () => {
      const records = [record("0.0.0.0:443")];
      const api = new FakeHttpApi(records, { withUpdate });
      await httpSysOn(api).rebindRecords(rebinds(records, "WebHosting"));
      assert.deepEqual(api.all(), [moved(records[0]!, "WebHosting")]);
    });

    it("refuses a record another writer changed since it was read, and leaves it as that writer left it", async () => {
      const planned = record("0.0.0.0:443");
      const now = { ...planned, settings: { ...planned.settings!, flags: 0x2 } };
      const api = new FakeHttpApi([now], { withUpdate });
      const error = await rejection(httpSysOn(api).rebindRecords(rebinds([planned])));
      assert.deepEqual(error.failed, ["0.0.0.0:443"]);
      assert.match(error.message, /0\.0\.0\.0:443 \(the record changed since it was read \(DefaultFlags is 0x2, not 0xffffffff\); it was left as it is\)/);
      assert.deepEqual(api.all(), [now]);
      assert.deepEqual(writes(api), []);
    });

    it("names a record that is gone", async () => {
      const error = await rejection(httpSysOn(new FakeHttpApi([], { withUpdate })).rebindRecords(rebinds([record("0.0.0.0:443")])));
      assert.match(error.message, /0\.0\.0\.0:443 \(the record is gone\)/);
    });
  });
}

describe("WindowsHttpSys.rebindRecords, failures", () => {
  const three = [record("0.0.0.0:443"), record("0.0.0.0:8443"), record("www.contoso.com:443")];

  it("stops at the failing Update, names it with the function, the error's name and number, and writes no record after it", async () => {
    const api = new FakeHttpApi(three, { fail: { "Update#2": WIN32_ERRORS.ERROR_NO_SUCH_LOGON_SESSION } });
    const error = await rejection(httpSysOn(api).rebindRecords(rebinds(three)));
    assert.deepEqual(error.failed, ["0.0.0.0:8443"]);
    assert.match(error.message, /^The rebind stopped at 0\.0\.0\.0:8443, the others were not written; 1 of 3 records read back as the rebind intended; not as intended: 0\.0\.0\.0:8443 \(HttpUpdateServiceConfiguration failed: ERROR_NO_SUCH_LOGON_SESSION \(1312\)\)\.$/);
    assert.deepEqual(writes(api), ["Update ipport 0.0.0.0:443", "Update ipport 0.0.0.0:8443"]);
  });

  it("sets the original back at once when the Set after the Delete fails", async () => {
    const api = new FakeHttpApi(three, { withUpdate: false, fail: { "Set#1": WIN32_ERRORS.ERROR_INVALID_PARAMETER } });
    const error = await rejection(httpSysOn(api).rebindRecords(rebinds(three)));
    assert.match(error.message, /0\.0\.0\.0:443 \(HttpSetServiceConfiguration failed: ERROR_INVALID_PARAMETER \(87\); the original was set back\)/);
    assert.deepEqual(writes(api), ["Delete ipport 0.0.0.0:443", "Set ipport 0.0.0.0:443", "Set ipport 0.0.0.0:443"]);
    assert.deepEqual(api.all(), sorted(three));
  });

  it("says the record is deleted when setting the original back fails too", async () => {
    const api = new FakeHttpApi(three, { withUpdate: false, fail: { "Set#1": WIN32_ERRORS.ERROR_INVALID_PARAMETER, "Set#2": WIN32_ERRORS.ERROR_ACCESS_DENIED } });
    const error = await rejection(httpSysOn(api).rebindRecords(rebinds(three)));
    assert.match(error.message, /ERROR_INVALID_PARAMETER \(87\); setting the original back failed too: HttpSetServiceConfiguration failed: ERROR_ACCESS_DENIED \(5\): the record is deleted/);
  });

  it("does not delete a record whose extended parameters it could not set again (no Update on this Windows)", async () => {
    const kept: HttpSysExtendedParam = { type: 5, name: "other", flags: "0", entries: 2 };
    const records = [record("0.0.0.0:443", {}, [kept])];
    const api = new FakeHttpApi(records, { withUpdate: false });
    const error = await rejection(httpSysOn(api).rebindRecords(rebinds(records)));
    assert.match(error.message, /would lose the record's extended parameter 5, whose contents this tool cannot write back; nothing was changed/);
    assert.deepEqual(writes(api), []);
    assert.deepEqual(api.all(), records);
  });

  it("sets the extended parameters again when an Update lost them", async () => {
    const records = [record("0.0.0.0:443", {}, EXTENDED)];
    const api = new FakeHttpApi(records, { updateDropsEx: true });
    await httpSysOn(api).rebindRecords(rebinds(records));
    assert.deepEqual(api.all(), [moved(records[0]!)]);
    assert.equal(writes(api).filter((c) => c.startsWith("SetEx")).length, EXTENDED.length);
  });

  it("reads every record back and names one the write did not leave as intended", async () => {
    const records = [record("0.0.0.0:443"), record("0.0.0.0:8443")];
    const api = new FakeHttpApi(records);
    const update = api.update!;
    // An Update that drops DefaultFlags bit 0x2000 of the second record.
    Object.defineProperty(api, "update", {
      value: (r: HttpSysRecord) => update(r.endpoint === "0.0.0.0:8443" ? { ...r, settings: { ...r.settings!, flags: r.settings!.flags & ~0x2000 } } : r),
    });
    const error = await rejection(httpSysOn(api).rebindRecords(rebinds(records)));
    assert.deepEqual(error.failed, ["0.0.0.0:8443"]);
    assert.match(error.message, /^1 of 2 records read back as the rebind intended; not as intended: 0\.0\.0\.0:8443 \(DefaultFlags is 0xffffdfff, not 0xffffffff\)\.$/);
  });
});

describe("WindowsHttpSys.restoreRecords", () => {
  const journaled = [record("0.0.0.0:443", {}, EXTENDED), record("0.0.0.0:8443"), record("www.contoso.com:443")];

  for (const withUpdate of [true, false]) {
    it(`puts back every field of changed and missing records and leaves the others alone (${withUpdate ? "Update" : "Delete + Set"})`, async () => {
      const api = new FakeHttpApi([moved(journaled[0]!), journaled[1]!], { withUpdate });
      await httpSysOn(api).restoreRecords(journaled);
      assert.deepEqual(api.all(), sorted(journaled));
      assert.ok(!writes(api).some((c) => c.endsWith("0.0.0.0:8443")), "a record already as journaled is not written");
      assert.ok(writes(api).includes("Set hostnameport www.contoso.com:443"), "a missing record is set");
    });
  }

  it("restores the records it can and names the others: one journaled without its settings, one whose Set fails", async () => {
    const api = new FakeHttpApi([moved(journaled[1]!)], { fail: { "Set#1": WIN32_ERRORS.ERROR_ALREADY_EXISTS } });
    const withoutSettings: HttpSysRecord = { ...journaled[0]!, settings: null };
    const error = await rejection(httpSysOn(api).restoreRecords([withoutSettings, journaled[1]!, journaled[2]!]));
    assert.deepEqual(error.failed, ["0.0.0.0:443", "www.contoso.com:443"]);
    assert.match(error.message, /journaled without the settings/);
    assert.match(error.message, /HttpSetServiceConfiguration failed: ERROR_ALREADY_EXISTS \(183\)/);
    assert.deepEqual(api.all(), [journaled[1]!]);
  });
});

describe("Win32CallError", () => {
  it("is CR4006, a sentence with the function, the error's name and number", () => {
    const error = new Win32CallError("HttpSetServiceConfiguration", 183);
    assert.equal(error.code, "CR4006");
    assert.equal(error.exitCode, 4);
    assert.equal(error.message, "HttpSetServiceConfiguration failed: ERROR_ALREADY_EXISTS (183)");
    assert.equal(new Win32CallError("HttpInitialize", 1234).message, "HttpInitialize failed: Win32 error 1234");
  });
});
