import assert from "node:assert/strict";
import { test } from "node:test";
import type { HttpSysRecord } from "../../../../ts-src/core/model.js";
import { keptSettings } from "../../../../ts-src/kinds/httpsys-record/plan.js";

test("a record read through the HTTP Server API lists every setting it keeps by its documented name", () => {
  const record: HttpSysRecord = {
    kind: "ipport",
    endpoint: "0.0.0.0:443",
    thumbprint: "AB".repeat(20),
    appId: "{4dc3e181-e14b-4a21-b022-59fc669b0914}",
    storeName: "My",
    settings: {
      certCheckMode: 0x10004,
      revocationFreshnessTime: 600,
      revocationUrlRetrievalTimeout: 15000,
      sslCtlIdentifier: null,
      sslCtlStoreName: "CA",
      flags: 0x8000_2004,
      extended: [{ type: 0, name: "http2Window", flags: "0", receiveWindowSize: 65535 }],
    },
  };
  assert.deepEqual(keptSettings(record), [
    "AppId: {4dc3e181-e14b-4a21-b022-59fc669b0914}",
    "DefaultCertCheckMode: 65540",
    "DefaultRevocationFreshnessTime: 600",
    "DefaultRevocationUrlRetrievalTimeout: 15000",
    "DefaultSslCtlIdentifier: (null)",
    "DefaultSslCtlStoreName: CA",
    "DefaultFlags: 0x80002004 (NO_RAW_FILTER, ENABLE_CLIENT_CORRELATION, 0x80000000)",
    'Extended parameter: ExParamTypeHttp2Window: {"flags":"0","receiveWindowSize":65535}',
]);
});
