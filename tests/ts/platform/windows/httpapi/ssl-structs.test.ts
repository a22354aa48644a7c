import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HttpSysExtendedParam, HttpSysRecord } from "../../../../../ts-src/core/model.js";
import {
  decodeSslSet,
  decodeSslSetEx,
  encodeSslQuery,
  encodeSslQueryEx,
  encodeSslSet,
  encodeSslSetEx,
  keyOfRecord,
} from "../../../../../ts-src/platform/windows/httpapi/ssl-structs.js";
import { decodeSocketAddress, encodeSocketAddress } from "../../../../../ts-src/platform/windows/httpapi/sockaddr.js";
import { link } from "../../../../../ts-src/platform/windows/httpapi/struct-buffer.js";

const BASE = 0x7ff6_1234_0000n;
const HASH = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";

function record(kind: HttpSysRecord["kind"], endpoint: string, overrides: Partial<HttpSysRecord> = {}): HttpSysRecord {
  return {
    kind,
    endpoint,
    thumbprint: HASH,
    appId: "{4dc3e181-e14b-4a21-b022-59fc669b0914}",
    storeName: "WebHosting",
    settings: {
      certCheckMode: 0x10006,
      revocationFreshnessTime: 4294967295,
      revocationUrlRetrievalTimeout: 1,
      sslCtlIdentifier: "CTL identifier",
      sslCtlStoreName: "",
      flags: 0xffffffff,
      extended: null,
    },
    ...overrides,
  };
}

/** The bytes as the API would see them at BASE, and back. */
const roundTrip = (r: HttpSysRecord) => decodeSslSet(r.kind, link(encodeSslSet(r), BASE), BASE);

describe("HTTP_SERVICE_CONFIG_SSL_SET and its SNI/CCS forms (x64 layout of http.h)", () => {
  for (const r of [
    record("ipport", "0.0.0.0:443"),
    record("ipport", "[::]:443"),
    record("ipport", "[fe80::1%3]:8443"),
    record("ipport", "10.1.2.3:65535", { storeName: null, settings: { ...record("ipport", "x").settings!, sslCtlIdentifier: null, sslCtlStoreName: null, flags: 0 } }),
    record("hostnameport", "www.contoso.com:443"),
    record("hostnameport", "xn--bcher-kva.example:443"),
    record("ccs", "443", { thumbprint: null }),
    record("scopedccs", "static.contoso.com:443", { thumbprint: null }),
  ]) {
    it(`keeps every field of ${r.kind} ${r.endpoint} through encoding and decoding`, () => {
      assert.deepEqual(roundTrip(r), r);
    });
  }

  it("lays out SSL_SET as KeyDesc (a pointer to the SOCKADDR) then SSL_PARAM at offset 8", () => {
    const encoded = encodeSslSet(record("ipport", "10.1.2.3:443"));
    const bytes = link(encoded, BASE);
    const sockaddr = Number(bytes.readBigUInt64LE(0) - BASE);
    assert.deepEqual([...bytes.subarray(sockaddr, sockaddr + 8)], [2, 0, 0x01, 0xbb, 10, 1, 2, 3]);
    const p = 8;
    assert.equal(bytes.readUInt32LE(p), 20, "SslHashLength");
    const hash = Number(bytes.readBigUInt64LE(p + 8) - BASE);
    assert.equal(bytes.subarray(hash, hash + 20).toString("hex").toUpperCase(), HASH);
    // GUID {4dc3e181-e14b-4a21-b022-59fc669b0914}: Data1-3 little-endian, Data4 as written.
    assert.equal(bytes.subarray(p + 16, p + 32).toString("hex"), "81e1c34d4be1214ab02259fc669b0914");
    const store = Number(bytes.readBigUInt64LE(p + 32) - BASE);
    assert.equal(bytes.toString("utf16le", store, store + 22), "WebHosting\0");
    assert.deepEqual([bytes.readUInt32LE(p + 40), bytes.readUInt32LE(p + 44), bytes.readUInt32LE(p + 48)], [0x10006, 4294967295, 1]);
    assert.equal(bytes.readUInt32LE(p + 72), 0xffffffff, "DefaultFlags, every bit");
    const ctlStore = Number(bytes.readBigUInt64LE(p + 64) - BASE);
    assert.equal(bytes.readUInt16LE(ctlStore), 0, "an empty CTL store name is an empty string, not NULL");
  });

  it("lays out SNI_SET as SOCKADDR_STORAGE, the host pointer at 128, SSL_PARAM at 136 (216 bytes before the data)", () => {
    const bytes = link(encodeSslSet(record("hostnameport", "www.contoso.com:8443")), BASE);
    assert.deepEqual([bytes.readUInt16LE(0), bytes.readUInt16BE(2)], [2, 8443]);
    const host = Number(bytes.readBigUInt64LE(128) - BASE);
    assert.ok(host >= 216);
    assert.equal(bytes.toString("utf16le", host, host + 32), "www.contoso.com\0");
    assert.equal(bytes.readUInt32LE(136), 20, "SslHashLength of the SSL_PARAM at 136");
  });

  it("keeps null pointers null and the CCS key at the IPv4 wildcard address", () => {
    const r = record("ccs", "443", { thumbprint: null, storeName: null });
    const bytes = link(encodeSslSet(r), BASE);
    assert.deepEqual([bytes.readUInt16LE(0), bytes.readUInt16BE(2), bytes.readUInt32LE(4)], [2, 443, 0]);
    assert.equal(bytes.readUInt32LE(128), 0, "no hash");
    assert.equal(bytes.readBigUInt64LE(128 + 8), 0n);
    assert.equal(bytes.readBigUInt64LE(128 + 32), 0n, "pSslCertStoreName NULL");
  });

  it("refuses a pointer that leads outside the output buffer instead of following it", () => {
    const bytes = link(encodeSslSet(record("ipport", "0.0.0.0:443")), BASE);
    bytes.writeBigUInt64LE(BASE + BigInt(bytes.length), 8 + 32);
    assert.throws(() => decodeSslSet("ipport", bytes, BASE), /points outside the \d+-byte output buffer/);
  });
});

describe("the query structures", () => {
  it("HTTP_SERVICE_CONFIG_SSL_QUERY: QueryDesc, the key pointer at 8, dwToken at 16 (24 bytes)", () => {
    const next = encodeSslQuery("ipport", { token: 7 }).bytes;
    assert.equal(next.length, 24);
    assert.deepEqual([next.readUInt32LE(0), next.readBigUInt64LE(8), next.readUInt32LE(16)], [1, 0n, 7]);
    const exact = link(encodeSslQuery("ipport", { key: keyOfRecord({ kind: "ipport", endpoint: "[::1]:443" }) }), BASE);
    assert.equal(exact.readUInt32LE(0), 0);
    assert.deepEqual(decodeSocketAddress(exact, Number(exact.readBigUInt64LE(8) - BASE)), { ip: "::1", port: 443 });
  });

  it("the SNI query puts the key inline at 8 and dwToken at 144; the CCS query dwToken at 136", () => {
    const sni = link(encodeSslQuery("hostnameport", { key: keyOfRecord({ kind: "hostnameport", endpoint: "a.example:443" }) }), BASE);
    assert.equal(sni.readUInt16BE(8 + 2), 443);
    assert.ok(sni.readBigUInt64LE(8 + 128) > BASE);
    assert.equal(encodeSslQuery("hostnameport", { token: 3 }).bytes.readUInt32LE(144), 3);
    assert.equal(encodeSslQuery("ccs", { token: 5 }).bytes.readUInt32LE(136), 5);
    assert.equal(encodeSslQuery("ccs", { token: 5 }).bytes.length, 144);
  });

  it("the …Ex queries hold the key inline, then dwToken and ParamType (144 bytes, SNI 152)", () => {
    const ip = encodeSslQueryEx(keyOfRecord({ kind: "ipport", endpoint: "0.0.0.0:443" }), 4).bytes;
    assert.deepEqual([ip.length, ip.readUInt16LE(8), ip.readUInt32LE(136), ip.readUInt32LE(140)], [144, 2, 0, 4]);
    const sni = encodeSslQueryEx(keyOfRecord({ kind: "hostnameport", endpoint: "a.example:443" }), 2);
    assert.deepEqual([sni.bytes.readUInt32LE(144), sni.bytes.readUInt32LE(148)], [0, 2]);
    assert.ok(sni.bytes.length >= 152);
  });
});

describe("HTTP_SERVICE_CONFIG_SSL_PARAM_EX (ParamType at 0, Flags at 8, the union at 16)", () => {
  const params: HttpSysExtendedParam[] = [
    { type: 0, name: "http2Window", flags: "0", receiveWindowSize: 4294967295 },
    { type: 1, name: "http2SettingsLimits", flags: "18446744073709551615", maxSettingsPerFrame: 3, maxSettingsPerMinute: 100 },
    { type: 2, name: "performance", flags: "9007199254740993", performanceType: 5, buffer: Buffer.from([1, 0, 0, 0]).toString("hex") },
    { type: 2, name: "performance", flags: "0", performanceType: 1, buffer: "" },
    { type: 3, name: "other", flags: "5", entries: 0 },
    { type: 4, name: "errorHeaders", flags: "1", statusCode: 503, headers: [{ name: "Retry-After", value: "120" }, { name: "X-Empty", value: "" }] },
    { type: 4, name: "errorHeaders", flags: "0", statusCode: 400, headers: [] },
  ];
  for (const kind of ["ipport", "hostnameport"] as const) {
    for (const param of params) {
      it(`keeps ${param.name} (${JSON.stringify(param).slice(0, 60)}…) of a ${kind} record through encoding and decoding`, () => {
        const key = keyOfRecord({ kind, endpoint: kind === "ipport" ? "[::]:443" : "www.contoso.com:443" });
        const decoded = decodeSslSetEx(kind, link(encodeSslSetEx(key, param), BASE), BASE);
        assert.deepEqual(decoded, { key, param });
      });
    }
  }

  it("writes the ULONGLONG Flags whole and the error headers as HTTP_UNKNOWN_HEADER entries", () => {
    const key = keyOfRecord({ kind: "ipport", endpoint: "0.0.0.0:443" });
    const bytes = link(encodeSslSetEx(key, params[5]!), BASE);
    const at = 128;
    assert.deepEqual([bytes.readUInt32LE(at), bytes.readBigUInt64LE(at + 8)], [4, 1n]);
    assert.deepEqual([bytes.readUInt16LE(at + 16), bytes.readUInt16LE(at + 18)], [503, 2]);
    const headers = Number(bytes.readBigUInt64LE(at + 24) - BASE);
    assert.deepEqual([bytes.readUInt16LE(headers), bytes.readUInt16LE(headers + 2)], [11, 3]);
    const name = Number(bytes.readBigUInt64LE(headers + 8) - BASE);
    assert.equal(bytes.toString("latin1", name, name + 11), "Retry-After");
  });

  it("reads a counted parameter with elements as one it will not write back", () => {
    const key = keyOfRecord({ kind: "ipport", endpoint: "0.0.0.0:443" });
    const bytes = link(encodeSslSetEx(key, { type: 5, name: "other", flags: "0", entries: 0 }), BASE);
    bytes.writeUInt32LE(2, 128 + 16);
    assert.deepEqual(decodeSslSetEx("ipport", bytes, BASE).param, { type: 5, name: "other", flags: "0", entries: 2 });
    assert.throws(() => encodeSslSetEx(key, { type: 5, name: "other", flags: "0", entries: 2 }), /not one this tool can write back/);
  });
});

describe("SOCKADDR_IN / SOCKADDR_IN6", () => {
  it("writes the family little-endian (AF_INET6 is 23 on Windows) and the port in network order", () => {
    const v6 = encodeSocketAddress({ ip: "2001:db8::1", port: 443 });
    assert.deepEqual([v6.readUInt16LE(0), v6.readUInt16BE(2)], [23, 443]);
    assert.equal(v6.subarray(8, 24).toString("hex"), "20010db8000000000000000000000001");
    assert.deepEqual(decodeSocketAddress(v6), { ip: "2001:db8::1", port: 443 });
    assert.deepEqual(decodeSocketAddress(encodeSocketAddress({ ip: "::ffff:10.0.0.1", port: 1 })), { ip: "::ffff:a00:1", port: 1 });
    assert.throws(() => decodeSocketAddress(Buffer.alloc(128)), /address family 0/);
  });
});
