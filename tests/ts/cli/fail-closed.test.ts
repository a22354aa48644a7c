import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { rebind } from "./rebind/support.js";
import { run } from "../support/run.js";
import { testDir } from "../support/snapshot.js";
import { copyOfTextDemoHost, demoSslcertText } from "../support/text-demo-host.js";
import { treeHash } from "../support/tree-hash.js";

const SSLCERT = "httpsys/sslcert.txt";
const IIS_RECORDS = ["0.0.0.0:443", "10.0.0.10:443", "www.contoso.com:443"];

describe("a rebind refuses the IIS records whose host names it cannot check (CR3005), and moves nothing of them", () => {
  const hosts: [string, (root: string) => void, RegExp][] = [
    ["redirection.config enables shared configuration and the shared copy is missing", (root) => redirect(root), /redirection\.config enables shared configuration, but .*shared\/applicationHost\.config is missing/],
    [
      "redirection.config enables shared configuration and the shared copy cannot be read",
      (root) => {
        redirect(root);
        mkdirSync(join(root, "inetsrv/shared/applicationHost.config"), { recursive: true });
      },
      /redirection\.config enables shared configuration, but .*shared\/applicationHost\.config cannot be read: it is not a regular file/,
    ],
    ["HTTP.sys has IIS's records but there is no applicationHost.config", (root) => rmSync(join(root, "inetsrv/applicationHost.config")), /HTTP\.sys has IIS's records \(such as 0\.0\.0\.0:443, appid \{4dc3e181-e14b-4a21-b022-59fc669b0914\}\), but there is no applicationHost\.config/],
  ];
  for (const [name, make, reason] of hosts) {
    it(name, async () => {
      const root = copyOfTextDemoHost();
      make(root);
      const before = readFileSync(join(root, SSLCERT));
      const result = await rebind(root);
      // 0.0.0.0:443 is RD Gateway's record on the demo host (CR3017): the gateway, which would move it, is refused for it.
      const iis = result.data.changes.filter((c) => IIS_RECORDS.includes(c.endpoint) || c.endpoint === "TSGateway");
      assert.deepEqual(iis.map((c) => `${c.endpoint} ${c.status} ${c.code}`), ["10.0.0.10:443 refused CR3005", "www.contoso.com:443 refused CR3005", "TSGateway refused CR3005"], result.stdout);
      assert.deepEqual(result.data.informational.filter((i) => i.endpoint === "0.0.0.0:443").map((i) => i.code), ["CR3017"]);
      for (const change of iis) assert.match(change.reason!, reason);
      // Only WinRM's record moved (with its listener, which is not IIS's); no IIS record did.
      assert.deepEqual(recordHashes(readFileSync(join(root, SSLCERT), "utf8")), { ...recordHashes(before.toString("utf8")), "0.0.0.0:5986": NEW_HASH });
      assert.equal(result.exitCode, 3);

      const forced = await rebind(root, ["--force"]);
      assert.deepEqual(forced.data.changes.filter((c) => IIS_RECORDS.includes(c.endpoint) || c.endpoint === "TSGateway").map((c) => c.status), ["applied", "applied", "applied"], forced.stdout);
      assert.ok(forced.data.changes.every((c) => !IIS_RECORDS.includes(c.endpoint) || c.notes.some((n) => /The host-name check was overridden: the host names of this IIS record were not checked/.test(n))));
      assert.match(readFileSync(join(root, SSLCERT), "utf8"), /IP:port\s+: 0\.0\.0\.0:443\s+Certificate Hash\s+: fac2be397b0ef579e4c64ae777717b344007ba2c/i, "RD Gateway moved its record");
    });
  }

  it("a server without IIS and without IIS's records is not refused for it", async () => {
    const root = copyOfTextDemoHost();
    rmSync(join(root, "inetsrv/applicationHost.config"));
    writeFileSync(join(root, SSLCERT), demoSslcertText().replaceAll("{4dc3e181-e14b-4a21-b022-59fc669b0914}", "{12345678-1234-1234-1234-123456789abc}"));
    const result = await rebind(root);
    assert.ok(result.data.changes.every((c) => c.code !== "CR3005"), result.stdout);
  });
});

const NEW_HASH = "fac2be397b0ef579e4c64ae777717b344007ba2c";

/** Each record's certificate hash in `netsh http show sslcert` text, by its endpoint. */
function recordHashes(text: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const [, endpoint, hash] of text.matchAll(/(?:IP:port|Hostname:port|Central Certificate Store|Scoped CCS)\s*: (\S+)\s+Certificate Hash\s+: (\S+)/g)) hashes[endpoint!] = hash!.toLowerCase();
  return hashes;
}

function redirect(root: string): void {
  writeFileSync(join(root, "inetsrv/redirection.config"), `<configuration><configurationRedirection enabled="true" path="\\\\fs01\\iis" /></configuration>`);
}

describe("a folder that is not a snapshot host is an error (CR2006), not an empty healthy server", () => {
  for (const [name, files] of [["an empty folder", {}], ["a folder of other files", { "notes.txt": "hello", "inet/applicationHost.config": "<configuration/>" }]] as const) {
    it(name, async () => {
      const root = testDir(files);
      for (const command of [["bindings"], ["rebind", "--auto"], ["events"]]) {
        const result = await run([...command, "--json", "--host-root", root]);
        assert.equal(result.exitCode, 2, `${command.join(" ")}: ${result.stdout}`);
        assert.equal(result.envelope().errors[0]!.code, "CR2006");
        assert.match(result.envelope().errors[0]!.message, /is not a snapshot host: it has none of inetsrv\/, httpsys\/, certs\//);
      }
    });
  }
});

describe("sslcert.txt that parses but cannot be trusted is refused with the line (CR2007), and nothing changes", () => {
  const demo = () => demoSslcertText();
  const firstBlock = () => demo().split(/\r?\n\r?\n/).find((b) => b.includes("IP:port"))!;
  const cases: [string, () => string, RegExp][] = [
    ["a record twice", () => `${demo()}\r\n${firstBlock()}\r\n`, /line \d+: the ipport record 0\.0\.0\.0:443 is there twice \(first on line 5\)/],
    ["an error message instead of a capture", () => "The system cannot find the file specified.\r\n", /line 1: 'The system cannot find the file specified\.' is not a record, and the file holds none/],
    ["line ends that are a CR alone", () => demo().replaceAll("\r\n", "\r"), /line 1: a line ends with a carriage return alone/],
    ["one CR alone among CRLF line ends", () => demo().replace("0.0.0.0:443\r\n", "0.0.0.0:443\r"), /line 5: a line ends with a carriage return alone/],
  ];
  for (const [name, text, message] of cases) {
    it(name, async () => {
      const root = copyOfTextDemoHost();
      writeFileSync(join(root, SSLCERT), text());
      const before = treeHash(root);
      for (const command of [["bindings"], ["rebind", "--auto"]]) {
        const result = await run([...command, "--json", "--host-root", root]);
        assert.equal(result.exitCode, 2, result.stdout);
        assert.equal(result.envelope().errors[0]!.code, "CR2007");
        assert.match(result.envelope().errors[0]!.message, message);
      }
      assert.deepEqual(treeHash(root), before);
    });
  }

  it("a capture with no record (netsh's title and dashes only) is an HTTP.sys with no SSL records", async () => {
    const root = copyOfTextDemoHost();
    writeFileSync(join(root, SSLCERT), "\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n\r\n");
    const result = await run(["bindings", "--json", "--host-root", root]);
    assert.equal(result.exitCode, 0, result.stdout);
  });
});
