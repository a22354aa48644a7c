// Generated HTTP.sys records for the stand-in: every kind and key shape, every DefaultFlags bit, every check mode,
// and extended parameters, spread over any number of records.
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StandinRecord } from "./standin.js";
import type { SeedCertificate } from "./seed-cert-stores.js";
import { repoRoot } from "./support.js";

const certs = join(repoRoot, "examples/demo-host/certs");
/**
 * The demo host's expiring certificate and its renewal (examples/demo-host/README.md), and one unrelated, as
 * seedCertStores puts them into a prefix's stores: keys in the user key set, the one wine 8's
 * CryptAcquireCertificatePrivateKey finds (seed-cert-stores.ts).
 */
export const OLD_THUMBPRINT = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
export const NEW_THUMBPRINT = "FAC2BE397B0EF579E4C64AE777717B344007BA2C";
export const OTHER_THUMBPRINT = "96CF92D023B60C365AC3AE226252C063364B1551";

const userKey = (path: string) => ({ keySet: "user" as const, privateKey: createPrivateKey(readFileSync(join(certs, path))) });
export const standinDemoCertificates: SeedCertificate[] = [
  { store: "My", der: readFileSync(join(certs, "My/www-2025.cer")), key: userKey("My/www-2025.key"), friendlyName: "www 2025", renewalThumbprint: NEW_THUMBPRINT },
  { store: "My", der: readFileSync(join(certs, "My/www-2026.cer")), key: userKey("My/www-2026.key") },
  { store: "WebHosting", der: readFileSync(join(certs, "WebHosting/api-2026.cer")), key: userKey("WebHosting/api-2026.key") },
];

/** HTTP_SERVICE_CONFIG_SSL_FLAG_* 0x1 … 0x8000 (Windows SDK http.h;
 * https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_param) and unknown bits above. */
const FLAG_VALUES = [
  ...Array.from({ length: 16 }, (_, bit) => 1 << bit),
  0x1_0000, // unknown to this tool
  0xffff, // all sixteen
  0x8000_ffff >>> 0, // all sixteen and the top bit
  0x2000 | 0x4 | 0x8000, // what netsh cannot express: no netsh option sets them
];
/**
 * DefaultCertCheckMode: 0, 1 (no revocation), 2 (cached only), 4 (freshness time), 0x10000 (no usage check)
 * (ns-http-http_service_config_ssl_param), 8 and 16 (HTTP_CERT_CHECK_MODE_CACHED_URLS, _NO_AIA in the SDK header
 * ports), and combinations.
 */
const CHECK_MODES = [0, 1, 2, 4, 0x1_0000, 8, 16, 1 | 4, 2 | 4 | 0x1_0000, 0x1_001f];
const APP_IDS = ["{4dc3e181-e14b-4a21-b022-59fc669b0914}", "{12345678-aaaa-bbbb-cccc-1234567890ab}", "{00000000-0000-0000-0000-000000000000}"];

function extendedFor(i: number): StandinRecord["extended"] {
  switch (i % 6) {
    case 0:
      return [
        { type: 0, name: "http2Window", flags: String(i), receiveWindowSize: 65_535 + i },
        { type: 1, name: "http2SettingsLimits", flags: "0", maxSettingsPerFrame: 1 + (i % 50), maxSettingsPerMinute: 100 + i },
        { type: 2, name: "performance", flags: "18446744073709551615", performanceType: i % 6, buffer: Buffer.from([i & 0xff, 1, 0, 0]).toString("hex") },
        { type: 3, name: "other", flags: "5" },
        { type: 4, name: "errorHeaders", flags: "1", statusCode: 400 + (i % 200), headers: [{ name: "X-Record", value: `n${i}` }, { name: "Cache-Control", value: "no-store" }] },
      ];
    case 3:
      return [{ type: 4, name: "errorHeaders", flags: "0", statusCode: 503, headers: [] }];
    default:
      return [];
  }
}

/**
 * `count` records (at least 20): the first ones hold the fixed shapes (0.0.0.0, [::], [::1], an IPv6 address,
 * a hostnameport, a ccs and a scopedccs record), the rest cycle through the kinds. About nine in ten hashes are
 * the old certificate's; ccs and scopedccs records carry none.
 */
export function generateStandinRecords(count: number): StandinRecord[] {
  const records: StandinRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const port = 1024 + i;
    const shape = i < 8 ? i : 8 + (i % 10);
    const base = {
      hash: i % 10 === 9 ? OTHER_THUMBPRINT : OLD_THUMBPRINT,
      appId: APP_IDS[i % APP_IDS.length]!,
      storeName: i % 10 === 9 ? "WebHosting" : i % 7 === 6 ? "MY" : "My",
      certCheckMode: CHECK_MODES[i % CHECK_MODES.length]!,
      revocationFreshnessTime: i % 4 === 0 ? 0 : 60 * i,
      revocationUrlRetrievalTimeout: i % 3 === 0 ? 0 : 1000 + i,
      sslCtlIdentifier: i % 5 === 0 ? `CTL ${i}` : null,
      sslCtlStoreName: i % 5 === 0 ? "CA" : i % 11 === 0 ? "" : null,
      flags: FLAG_VALUES[i % FLAG_VALUES.length]!,
      extended: extendedFor(i),
    };
    const ipport = (address: string): StandinRecord => ({ kind: "ipport", address, ...base });
    const v4 = `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}:443`;
    switch (shape) {
      case 0: records.push(ipport("0.0.0.0:443")); break;
      case 1: records.push(ipport("[::]:443")); break;
      case 2: records.push(ipport("[::1]:8443")); break;
      case 3: records.push(ipport(`[2001:db8::${i.toString(16)}]:443`)); break;
      case 4: records.push({ kind: "hostnameport", address: "0.0.0.0:443", host: "www.contoso.com", ...base }); break;
      case 5: records.push({ ...base, kind: "ccs", address: `0.0.0.0:${port}`, hash: "", extended: [] }); break;
      case 6: records.push({ ...base, kind: "scopedccs", address: "0.0.0.0:443", host: "static.contoso.com", hash: "", extended: [] }); break;
      case 7: records.push(ipport(`[::]:${port}`)); break;
      case 8: case 9: case 10: records.push(ipport(v4)); break;
      case 11: records.push(ipport(`0.0.0.0:${port}`)); break;
      case 12: records.push(ipport(`[2001:db8::${i.toString(16)}]:${port}`)); break;
      case 13: case 14: records.push({ kind: "hostnameport", address: `0.0.0.0:${port}`, host: i % 2 ? "shop.contoso.com" : "www.contoso.com", ...base }); break;
      case 15: records.push({ ...base, kind: "ccs", address: `0.0.0.0:${port}`, hash: "", extended: [] }); break;
      case 16: records.push({ ...base, kind: "scopedccs", address: `0.0.0.0:${port}`, host: `static${i}.contoso.com`, hash: "", extended: [] }); break;
      default: records.push(ipport(v4));
    }
  }
  return records;
}
