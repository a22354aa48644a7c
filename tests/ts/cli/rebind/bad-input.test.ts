import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildHost } from "../../support/host-builder.js";
import { run } from "../../support/run.js";
import { treeHash } from "../../support/tree-hash.js";

interface Case {
  name: string;
  /** Breaks the host; returns the arguments after `rebind --json --host-root ROOT` (defaults: --old OLD --new NEW). */
  setup?: (root: string, t: Record<string, string>) => string[] | void;
  args?: (t: Record<string, string>) => string[];
  env?: NodeJS.ProcessEnv;
  exit: number;
  code: string;
  message: RegExp;
  /** Refusals are audited: the state folder may change, nothing else. */
  audited?: boolean;
}

const pair = (t: Record<string, string>) => ["--old", t["old"]!, "--new", t["new"]!];

const cases: Case[] = [
  { name: "a malformed old thumbprint", args: (t) => ["--old", "12345", "--new", t["new"]!], exit: 2, code: "CR2001", message: /old thumbprint '12345' .* 5 characters/ },
  { name: "a new thumbprint with a pasted mark and a G", args: (t) => ["--old", t["old"]!, "--new", `\u200E${t["new"]!.slice(0, 39)}G`], exit: 2, code: "CR2001", message: /'<U\+200E>[0-9A-F]{39}G' .* non-hexadecimal character 'G'/ },
  { name: "shell metacharacters in a thumbprint", args: (t) => ["--old", `${t["old"]!.slice(0, 30)}$(reboot)`, "--new", t["new"]!], exit: 2, code: "CR2001", message: /non-hexadecimal characters/ },
  { name: "a 64-character SHA-256 fingerprint", args: (t) => ["--old", "AB".repeat(32), "--new", t["new"]!], exit: 2, code: "CR2001", message: /64 characters/ },
  { name: "no --new", args: (t) => ["--old", t["old"]!], exit: 2, code: "CR2000", message: /needs --old and --new/ },
  { name: "no --old", args: (t) => ["--new", t["new"]!], exit: 2, code: "CR2000", message: /needs --old and --new/ },
  { name: "old == new", args: (t) => ["--old", t["old"]!, "--new", t["old"]!], exit: 2, code: "CR2011", message: /are the same/ },
  { name: "old == new written differently", args: (t) => ["--old", t["old"]!, "--new", t["old"]!.toLowerCase().replace(/(..)/g, "$1:")], exit: 2, code: "CR2011", message: /are the same/ },
  { name: "a new certificate in no store", args: (t) => ["--old", t["old"]!, "--new", "AB".repeat(20)], exit: 2, code: "CR2010", message: /is in no certificate store of snapshot host .* \(stores looked at: My\)/ },
  { name: "a new certificate without its private key", setup: (root) => rmSync(join(root, "certs/My/new.key")), exit: 3, code: "CR3001", message: /has no private key/, audited: true },
  { name: "an expired new certificate", env: { CERTREBIND_NOW: "2028-01-01T00:00:00Z" }, exit: 3, code: "CR3003", message: /expired on 2027-12-10/, audited: true },
  { name: "a new certificate that is not valid yet", env: { CERTREBIND_NOW: "2026-10-01T00:00:00Z" }, exit: 3, code: "CR3002", message: /not valid until 2026-11-01/, audited: true },
  { name: "a new certificate for client authentication only", args: (t) => ["--old", t["old"]!, "--new", t["client"]!], exit: 3, code: "CR3004", message: /not for server authentication/, audited: true },
  { name: "an unreadable applicationHost.config", setup: (root) => { rmSync(join(root, "inetsrv/applicationHost.config")); mkdirSync(join(root, "inetsrv/applicationHost.config")); }, exit: 2, code: "CR2004", message: /applicationHost\.config cannot be read/ },
  { name: "a malformed applicationHost.config", setup: (root) => writeFileSync(join(root, "inetsrv/applicationHost.config"), "<configuration><system.applicationHost>\r\n</configuration>"), exit: 2, code: "CR2003", message: /applicationHost\.config, line 2: <\/configuration> closes <system\.applicationHost>/ },
  { name: "a malformed sslcert.txt", setup: (root) => writeFileSync(join(root, "httpsys/sslcert.txt"), "    IP:port                      : 0.0.0.0:443\n    Certificate Hash             : 12zz\n"), exit: 2, code: "CR2003", message: /sslcert\.txt, line 2/ },
  { name: "a truncated sslcert.txt record", setup: (root) => writeFileSync(join(root, "httpsys/sslcert.txt"), "    Hostname:port                : www.contoso.com:443\n"), exit: 2, code: "CR2003", message: /sslcert\.txt, line 1: the record www\.contoso\.com:443 has 0 of the 3 lines/ },
  { name: "a read-only sslcert.txt", setup: (root) => chmodSync(join(root, "httpsys/sslcert.txt"), 0o444), exit: 4, code: "CR4004", message: /sslcert\.txt is read-only/ },
  { name: "a read-only applicationHost.config", setup: (root) => chmodSync(join(root, "inetsrv/applicationHost.config"), 0o444), exit: 4, code: "CR4004", message: /applicationHost\.config is read-only/ },
  { name: "a malformed certificate properties file", setup: (root) => writeFileSync(join(root, "certs/My/new.json"), "{ archived: yes }"), exit: 2, code: "CR2003", message: /new\.json: not JSON/ },
  { name: "a negative --wait", args: (t) => [...pair(t), "--wait", "-1"], exit: 2, code: "CR2000", message: /--wait -1/ },
  { name: "an unknown --trigger", args: (t) => [...pair(t), "--trigger", "cron"], exit: 2, code: "CR2000", message: /--trigger cron: use one of manual, event, auto/ },
  { name: "an unknown option", args: (t) => [...pair(t), "--yes"], exit: 2, code: "CR2000", message: /Unknown argument: yes/ },
  { name: "an invalid CERTREBIND_NOW", env: { CERTREBIND_NOW: "soon" }, exit: 2, code: "CR2000", message: /CERTREBIND_NOW='soon'/ },
  { name: "a lock held by a live run, with --wait 0", setup: (root) => { mkdirSync(join(root, "state")); writeFileSync(join(root, "state/lock"), JSON.stringify({ pid: process.ppid, since: "2026-11-27T00:00:00Z" })); }, args: (t) => [...pair(t), "--wait", "0"], exit: 4, code: "CR4003", message: /Another certrebind run \(process \d+, since 2026-11-27T00:00:00Z\) holds the lock/ },
];

for (const c of cases) {
  test(`rebind with ${c.name}: exit ${c.exit}, ${c.code}, host unchanged`, async () => {
    const { root, thumbprints } = buildHost({
      certs: {
        old: { dnsNames: ["www.contoso.com"], notAfter: new Date("2026-12-10T00:00:00Z") },
        new: { dnsNames: ["www.contoso.com"], notBefore: new Date("2026-11-01T00:00:00Z"), notAfter: new Date("2027-12-10T00:00:00Z") },
        client: { dnsNames: ["www.contoso.com"], ekus: ["1.3.6.1.5.5.7.3.2"] },
      },
      records: [{ kind: "hostnameport", endpoint: "www.contoso.com:443", cert: "old" }],
      sites: [{ name: "WWW", bindings: [["https", "*:443:www.contoso.com", 1]] }, { name: "FTP", bindings: [["ftp", "*:21:"]], ftpCert: "old" }],
    });
    c.setup?.(root, thumbprints);
    const before = treeHash(root);
    const result = await run(["rebind", "--json", "--host-root", root, ...(c.args ?? pair)(thumbprints)], { CERTREBIND_NOW: "2026-11-27T00:00:00Z", ...c.env });
    assert.equal(result.exitCode, c.exit, result.stdout);
    const envelope = result.envelope();
    assert.equal(envelope.ok, false);
    assert.equal(envelope.errors[0]!.code, c.code);
    assert.match(envelope.errors[0]!.message, c.message);
    const outsideState = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).filter(([p]) => !c.audited || !p.startsWith("state")));
    assert.deepEqual(outsideState(treeHash(root)), outsideState(before));
    if (c.audited) assert.ok(treeHash(root)["state/audit.jsonl"], "a refused run is audited");
  });
}

test("there are at least 20 bad-input cases", () => {
  assert.ok(cases.length >= 20);
});
