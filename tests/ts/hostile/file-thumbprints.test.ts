/*
 * Thumbprints (and the other values of an HTTP.sys record) read from host files and from the output of Windows
 * tools: a value that is not what it should be is refused, or ignored with a warning, and never reaches a command
 * line; HTTP.sys values go to the HTTP Server API as data, unchanged.
 */
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { WWW_2025, WWW_2026 } from "../cli/rebind/support.js";
import { run } from "../support/run.js";
import { copyOfDemoHost, demoHost } from "../support/snapshot.js";
import { treeHash } from "../support/tree-hash.js";
import { netshTextOf, runOnWindows, windowsFromSnapshot } from "../support/windows-from-snapshot.js";
import { FakeCrypt32 } from "../support/fake-crypt32.js";
import { STORE_NAME } from "../../../ts-src/platform/windows/cert-store.js";
import { assertNotPassedOn, HOSTILE_VALUES } from "./hostile-values.js";
import { replacedEvent } from "./task-launch.js";

/** The demo host's records as English netsh prints them (its snapshot holds them as records.json). */
const SSLCERT = netshTextOf(demoHost);
const CONFIG = readFileSync(join(demoHost, "inetsrv/applicationHost.config"), "utf8");
/** Values that fit on one line of netsh's output and hold a character no store name, CTL identifier or host name has. */
const NOT_NAMES = HOSTILE_VALUES.filter((h) => !/[\r\n]/.test(h.value) && /[^A-Za-z0-9.-]/.test(h.value));

const encodeAttribute = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** The text with the first match of `pattern` (whose first group is kept) followed by the value replaced. */
const replaceFirst = (text: string, pattern: RegExp, value: string) => text.replace(pattern, (_, kept: string) => `${kept}${value}`);
const wrote = (windows: ReturnType<typeof windowsFromSnapshot>) => [...windows.apiWrites(), ...windows.events.events];
const oneLineEach = (texts: readonly string[]) => texts.every((text) => !/[\u0000-\u001F\u007F-\u009F]/.test(text));

/**
 * The audit event of a run names what was refused, as data: its insertion strings are a sentence without control
 * characters and the record as JSON, which parses, so a refused value stays inside a JSON string.
 */
function assertAuditEntryIsData(strings: readonly string[]): void {
  if (strings.length === 0) return;
  assert.equal(strings.length, 2);
  assert.doesNotMatch(strings[0]!, /[\u0000-\u001F\u007F-\u009F]/);
  assert.doesNotMatch(strings[1]!, /[\u0000-\u001F\u007F-\u009F]/);
  JSON.parse(strings[1]!);
}

describe("a certificate hash of netsh http show sslcert (httpsys/sslcert.txt) that is not one", () => {
  for (const hostile of HOSTILE_VALUES) {
    const sslcert = replaceFirst(SSLCERT, /(Certificate Hash\s+: )[0-9a-f]{40}/, hostile.value);
    it(`refuses ${hostile.name}: CR2003, exit 2, on Windows and on a snapshot host, changing nothing`, async () => {
      const root = copyOfDemoHost();
      const before = treeHash(root);
      const windows = windowsFromSnapshot(root, { sslcert });
      const onWindows = await runOnWindows(["rebind", "--auto", "--json"], windows);
      assert.equal(onWindows.exitCode, 2);
      assert.equal(onWindows.envelope().errors[0]!.code, "CR2003");
      assert.deepEqual(wrote(windows), []);
      assertNotPassedOn(windows.texts(), hostile);
      assert.deepEqual(treeHash(root), before);

      // A snapshot host whose records are netsh text only (records.json would take precedence).
      rmSync(join(root, "httpsys/records.json"));
      writeFileSync(join(root, "httpsys/sslcert.txt"), sslcert);
      const written = treeHash(root);
      const snapshot = await run(["rebind", "--auto", "--json", "--host-root", root]);
      assert.equal(snapshot.exitCode, 2);
      assert.equal(snapshot.envelope().errors[0]!.code, "CR2003");
      assert.deepEqual(treeHash(root), written);
    });
  }
});

describe("an FTP serverCertHash of applicationHost.config that is not one", () => {
  for (const hostile of HOSTILE_VALUES) {
    it(`ignores ${hostile.name} with a warning: the rest moves, the attribute stays as it was`, async () => {
      const root = copyOfDemoHost();
      const attribute = `serverCertHash="${encodeAttribute(hostile.value)}"`;
      writeFileSync(join(root, "inetsrv/applicationHost.config"), replaceFirst(CONFIG, /(<ssl [^>]*?)serverCertHash="[0-9a-f]{40}"/, attribute));
      const bindings = await runOnWindows(["bindings", "--json"], windowsFromSnapshot(root));
      assert.equal(bindings.exitCode, 0);
      const warnings = bindings.envelope().warnings;
      assert.ok(warnings.some((w) => /serverCertHash '.*' of site '.*' is not a thumbprint; it is ignored/.test(w)), warnings.join("\n"));
      assert.ok(oneLineEach(warnings), "each warning is one line");

      const windows = windowsFromSnapshot(root);
      const auto = await runOnWindows(["rebind", "--auto", "--json"], windows);
      assert.equal(auto.exitCode, 3, "0.0.0.0:443 is refused (CR3005) as on the demo host; the others move");
      const data = auto.envelope().data as { changes: { endpoint: string; status: string }[] };
      // This Windows answers no PowerShell: WinRM's listeners are unread, so its record stays refused (CR3007).
      assert.deepEqual(data.changes.map((c) => `${c.endpoint} ${c.status}`), ["0.0.0.0:443 refused", "10.0.0.10:443 applied", "0.0.0.0:5986 refused", "www.contoso.com:443 applied", "siteDefaults applied"]);
      assert.ok(readFileSync(join(root, "inetsrv/applicationHost.config"), "utf8").includes(attribute));
      assertNotPassedOn(windows.texts(), hostile);
    });
  }
});

describe("a renewalThumbprint that is not one", () => {
  for (const hostile of HOSTILE_VALUES) {
    it(`refuses ${hostile.name} in certs/My/<name>.json: CR2003, exit 2, changing nothing`, async () => {
      const root = copyOfDemoHost();
      writeFileSync(join(root, "certs/My/www-2025.json"), JSON.stringify({ friendlyName: "www 2025", renewalThumbprint: hostile.value }));
      const before = treeHash(root);
      const result = await run(["rebind", "--auto", "--json", "--host-root", root]);
      assert.equal(result.exitCode, 2);
      assert.equal(result.envelope().errors[0]!.code, "CR2003");
      assert.deepEqual(treeHash(root), before);
    });

    it(`refuses ${hostile.name} as the renewal link (CERT_RENEWAL_PROP_ID) of a certificate in the store: CR4006, exit 4, changing nothing`, async () => {
      const root = copyOfDemoHost();
      const before = treeHash(root);
      const hostileBytes = Buffer.from(hostile.value, "utf8");
      // 20 bytes are a SHA-1 hash whatever they hold (they then read as 40 hex digits); one more byte is not.
      const renewal = hostileBytes.length === 20 ? Buffer.concat([hostileBytes, Buffer.from([0])]) : hostileBytes;
      const crypt32 = new FakeCrypt32({
        My: [
          { der: readFileSync(join(root, "certs/My/www-2025.cer")), key: "csp", renewal },
          { der: readFileSync(join(root, "certs/My/www-2026.cer")), key: "csp" },
        ],
      });
      const windows = windowsFromSnapshot(root, { crypt32 });
      const result = await runOnWindows(["rebind", "--auto", "--json"], windows);
      assert.equal(result.exitCode, 4);
      assert.equal(result.envelope().errors[0]!.code, "CR4006");
      assert.match(result.envelope().errors[0]!.message, new RegExp(`CERT_RENEWAL_PROP_ID of Cert:\\\\LocalMachine\\\\My\\\\[0-9A-F]{40} is ${renewal.length} bytes, not a 20-byte SHA-1 hash`));
      assert.deepEqual(wrote(windows), []);
      assertNotPassedOn(windows.texts(), hostile);
      assert.deepEqual(treeHash(root), before);
    });
  }
});

describe("the other values of an HTTP.sys record, from netsh http show sslcert", () => {
  const WWW_RECORD = /(Hostname:port\s+: www\.contoso\.com:443\r\n(?:.*\r\n)*?)/;
  const fields: [string, RegExp][] = [
    ["the store name", new RegExp(`${WWW_RECORD.source}(    Certificate Store Name\\s+: )My`)],
    ["the CTL identifier", new RegExp(`${WWW_RECORD.source}(    Ctl Identifier\\s+: )\\(null\\)`)],
    ["the host name of the endpoint", /(Hostname:port\s+: )www\.contoso\.com/],
  ];
  for (const [field, pattern] of fields) {
    for (const hostile of NOT_NAMES) {
      it(`keeps ${hostile.name} as ${field} off every command line: refused as input, or kept unchanged as data`, async () => {
        const sslcert = SSLCERT.replace(pattern, (...groups: string[]) => `${groups.slice(1, -2).join("")}${hostile.value}`);
        assert.notEqual(sslcert, SSLCERT);
        const windows = windowsFromSnapshot(copyOfDemoHost(), { sslcert });
        const result = await runOnWindows(["rebind", "--old", WWW_2025, "--new", WWW_2026, "--json"], windows);
        const envelope = result.envelope();
        assert.ok(result.exitCode === 2 || result.exitCode === 3 || result.exitCode === 0, `exit ${result.exitCode}`);
        if (result.exitCode === 2) assert.equal(envelope.errors[0]!.code, "CR2003");
        else if (field === "the store name") {
          const record = windows.api()!.all().find((r) => r.endpoint === "www.contoso.com:443");
          assert.ok(record?.storeName === hostile.value || record?.storeName === "My", `the store name is ${JSON.stringify(record?.storeName)}`);
        }
        assertNotPassedOn(windows.texts(), hostile);
        assertAuditEntryIsData(windows.auditTexts());
        // A store name the bindings give reaches crypt32 (CertOpenStore, read-only) only when it is one.
        const opened = (windows.crypt32()?.calls ?? []).filter((c) => c.startsWith("CertOpenStore ")).map((c) => c.split(" ").slice(5).join(" "));
        if (!STORE_NAME.test(hostile.value)) assert.ok(!opened.includes(hostile.value), `CertOpenStore was given ${JSON.stringify(hostile.value)}`);
      });
    }
  }
});

describe("a thumbprint of a lifecycle event read with wevtutil that is not one", () => {
  for (const hostile of HOSTILE_VALUES) {
    it(`leaves ${hostile.name} out of the event with a warning, off wevtutil's command line`, async () => {
      const root = copyOfDemoHost();
      writeFileSync(join(root, "events/Lifecycle-System.xml"), `<Events>${replacedEvent(hostile.value, WWW_2026.toLowerCase())}</Events>`);
      const windows = windowsFromSnapshot(root);
      const result = await runOnWindows(["events", "--channel", "System", "--json"], windows);
      assert.equal(result.exitCode, 0);
      const envelope = result.envelope();
      const [event] = (envelope.data as { events: { oldThumbprint: string | null; newThumbprint: string | null }[] }).events;
      assert.deepEqual([event!.oldThumbprint, event!.newThumbprint], [null, WWW_2026]);
      assert.ok(envelope.warnings.some((w) => /OldCertificateDetails is not a SHA-1 thumbprint; it is left out/.test(w)), envelope.warnings.join("\n"));
      assert.ok(oneLineEach(envelope.warnings), "each warning is one line");
      assertNotPassedOn(windows.texts(), hostile);
    });

    it(`events --thumbprint refuses ${hostile.name} with exit 2, starting no tool`, async () => {
      const windows = windowsFromSnapshot(copyOfDemoHost());
      const result = await runOnWindows(["events", "--json", `--thumbprint=${hostile.value}`], windows);
      assert.equal(result.exitCode, 2);
      assert.deepEqual(windows.commands, []);
    });
  }
});
