import fc from "fast-check";
import type { HttpSysExtendedParam, HttpSysRecord, HttpSysSettings } from "../../../../ts-src/core/model.js";

/*
 * HTTP.sys records with every field of the API's structure: every kind, IPv4, [IPv6], 0.0.0.0 and [::] keys, any
 * DWORD in the numeric settings (every DefaultFlags bit, unknown ones too), any extended parameter shape, strings
 * with quotes, backslashes and characters outside ASCII. Keys differ (HTTP.sys holds one record per key).
 */

const uint32 = fc.oneof(fc.constantFrom(0, 1, 4, 0x10000, 0xffffffff), fc.nat({ max: 0xffffffff }));
const ulonglong = fc.oneof(fc.constantFrom(0n, 18446744073709551615n), fc.bigInt({ min: 0n, max: 18446744073709551615n })).map(String);
const text = fc.oneof(fc.constantFrom("MY", "My", "WebHosting", "Remote Desktop", 'a "quoted" \\ name', "Zertifikatspeicher-ü"), fc.string({ unit: "grapheme", maxLength: 12 }));
const hex40 = fc.stringMatching(/^[0-9a-fA-F]{40}$/);
const guid = fc.uuid().map((u) => `{${u}}`);
const port = fc.integer({ min: 0, max: 65535 });
const hostName = fc.oneof(fc.domain(), fc.constantFrom("localhost", "*", "bücher.example", "WWW.Contoso.COM"));

const extendedParam: fc.Arbitrary<HttpSysExtendedParam> = fc.oneof(
  fc.record({ type: fc.constant(0 as const), name: fc.constant("http2Window" as const), flags: ulonglong, receiveWindowSize: uint32 }),
  fc.record({ type: fc.constant(1 as const), name: fc.constant("http2SettingsLimits" as const), flags: ulonglong, maxSettingsPerFrame: uint32, maxSettingsPerMinute: uint32 }),
  fc.record({ type: fc.constant(2 as const), name: fc.constant("performance" as const), flags: ulonglong, performanceType: uint32, buffer: fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b).toString("hex")) }),
  fc.record({
    type: fc.constant(4 as const),
    name: fc.constant("errorHeaders" as const),
    flags: ulonglong,
    statusCode: fc.integer({ min: 0, max: 65535 }),
    headers: fc.array(fc.record({ name: text, value: text }), { maxLength: 2 }),
  }),
  fc.record({ type: fc.constantFrom(3, 5, 6, 7, 4294967295), name: fc.constant("other" as const), flags: ulonglong }),
);

export const settingsArbitrary: fc.Arbitrary<HttpSysSettings> = fc.record({
  certCheckMode: uint32,
  revocationFreshnessTime: uint32,
  revocationUrlRetrievalTimeout: uint32,
  sslCtlIdentifier: fc.option(text, { nil: null }),
  sslCtlStoreName: fc.option(text, { nil: null }),
  flags: uint32,
  extended: fc.option(fc.uniqueArray(extendedParam, { maxLength: 4, selector: (p) => p.type }), { nil: null }),
});

const keyed: fc.Arbitrary<Pick<HttpSysRecord, "kind" | "endpoint">> = fc.oneof(
  fc.tuple(fc.ipV4(), port).map(([ip, p]) => ({ kind: "ipport" as const, endpoint: `${ip}:${p}` })),
  fc.tuple(fc.ipV6(), port).map(([ip, p]) => ({ kind: "ipport" as const, endpoint: `[${ip}]:${p}` })),
  port.map((p) => ({ kind: "ipport" as const, endpoint: `[::]:${p}` })),
  fc.tuple(hostName, port).map(([host, p]) => ({ kind: "hostnameport" as const, endpoint: `${host}:${p}` })),
  port.map((p) => ({ kind: "ccs" as const, endpoint: String(p) })),
  fc.tuple(hostName, port).map(([host, p]) => ({ kind: "scopedccs" as const, endpoint: `${host}:${p}` })),
);

export const recordArbitrary: fc.Arbitrary<HttpSysRecord> = keyed.chain(({ kind, endpoint }) =>
  fc.record({
    kind: fc.constant(kind),
    endpoint: fc.constant(endpoint),
    thumbprint: kind === "ccs" || kind === "scopedccs" ? fc.constant(null) : fc.option(hex40.map((h) => h.toUpperCase()), { nil: null, freq: 8 }),
    appId: fc.option(guid, { nil: null, freq: 8 }),
    storeName: fc.option(text, { nil: null }),
    settings: settingsArbitrary,
  }),
);

/** Up to eight records whose keys differ (kind and endpoint, host names without regard to case). */
export const recordsArbitrary: fc.Arbitrary<HttpSysRecord[]> = fc
  .uniqueArray(recordArbitrary, { maxLength: 8, selector: (r) => `${r.kind}|${r.endpoint.toLowerCase()}` })
  // Plain objects, as a parser makes them (fast-check's records have no prototype).
  .map((records) => JSON.parse(JSON.stringify(records)) as HttpSysRecord[]);
