import { X509Certificate } from "node:crypto";
import type { ToolRunner } from "../../../ts-src/platform/windows/tool-runner.js";
import type { Thumbprint } from "../../../ts-src/core/thumbprint.js";
import { testCertificate } from "./certs.js";
import { DEFAULT_SETTINGS, FakeHttpApi } from "./fake-http-api.js";
import { FakeEventLog } from "./fake-event-log.js";
import { FakeCrypt32 } from "./fake-crypt32.js";
import { FakeScm } from "./fake-scm.js";

export const OLD = testCertificate({ dnsNames: ["*.contoso.com"], notAfter: new Date("2026-12-10T00:00:00Z") });
export const NEW = testCertificate({ dnsNames: ["*.contoso.com"], notBefore: new Date("2026-11-01T00:00:00Z"), notAfter: new Date("2027-12-10T00:00:00Z") });
export const thumb = (der: Buffer) => new X509Certificate(der).fingerprint.replace(/:/g, "") as Thumbprint;

/**
 * Windows as its tools, its HTTP Server API, crypt32 and its event log API answer: `records` SNI records on OLD; the
 * My store holds OLD and NEW, with keys; the Service Control Manager has no service (no RD Gateway, no SQL Server, …).
 */
export function fakeWindows(records: number) {
  const api = new FakeHttpApi(
    Array.from({ length: records }, (_, i) => ({
      kind: "hostnameport" as const,
      endpoint: `site${i}.contoso.com:443`,
      thumbprint: thumb(OLD.der),
      appId: "{4dc3e181-e14b-4a21-b022-59fc669b0914}",
      storeName: "My",
      settings: { ...DEFAULT_SETTINGS, flags: 0x2000, extended: [] },
      fields: [],
    })),
  );
  const started: string[] = [];
  const crypt32 = new FakeCrypt32({ My: [OLD, NEW].map((c) => ({ der: c.der, key: "csp" as const })) });
  const run: ToolRunner = async (file) => {
    started.push(file);
    throw new Error(`unexpected tool ${file}`);
  };
  const events = new FakeEventLog();
  const scm = new FakeScm({});
  return { run, started, api, httpApi: async () => api, crypt32: async () => crypt32, events, eventLog: async () => events, scm: async () => scm };
}
