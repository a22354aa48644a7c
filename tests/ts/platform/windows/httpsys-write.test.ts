import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import type { HttpSysRecord } from "../../../../ts-src/core/model.js";
import { parseSslCertDocument, printSslCertDocument, withThumbprint } from "../../../../ts-src/platform/formats/netsh-sslcert.js";
import { RebindWriteError, type RecordRebind } from "../../../../ts-src/platform/ports.js";
import { RestateError, readNetshRecords } from "../../../../ts-src/platform/windows/netsh-restate.js";
import { WindowsHttpSys, tempScriptWriter, type ScriptWriter } from "../../../../ts-src/platform/windows/httpsys.js";
import type { ToolResult, ToolRunner } from "../../../../ts-src/platform/windows/tool-runner.js";

const FIXTURES = join(import.meta.dirname, "../../../fixtures/netsh");
const fixture = (file: string) => readFileSync(join(FIXTURES, file), "utf8");
const MIXED = fixture("mixed-kinds-crlf.txt");
const SOURCE = "netsh http show sslcert";
const NEW = "ABCDEF0123456789ABCDEF0123456789ABCDEF01";
const OLD_MIXED = "1111111111111111111111111111111111111111";
const WIN2022 = "10.0.20348";
const WIN2012R2 = "6.3.9600";
const SCRIPT_PATH = "C:\\Temp\\certrebind-x\\sslcert.netsh";

const ok = (stdout = ""): ToolResult => ({ exitCode: 0, stdout, stderr: "" });

/**
 * netsh as the tests see it: `show sslcert` answers the next text of `shows`, `-f` answers `script` (or throws it).
 * Records every call and every script written.
 */
function fakeNetsh(shows: string[], script: ToolResult | Error = ok("Ok.\r\n")) {
  const calls: string[][] = [];
  const scripts: string[] = [];
  let removed = 0;
  const run: ToolRunner = async (file, args) => {
    calls.push([file, ...args]);
    if (args[0] === "-f") {
      if (script instanceof Error) throw script;
      return script;
    }
    assert.deepEqual(args, ["http", "show", "sslcert"]);
    const text = shows.shift();
    assert.ok(text !== undefined, "an unexpected show sslcert");
    return ok(text);
  };
  const writeScript: ScriptWriter = async (text) => {
    scripts.push(text);
    return { path: SCRIPT_PATH, remove: async () => void (removed += 1) };
  };
  return { calls, scripts, run, writeScript, removed: () => removed };
}

/** The netsh text with the hash of `endpoints` (of `kind`) replaced by `thumbprint`. */
function rehashed(text: string, endpoints: string[], thumbprint: string, kind: HttpSysRecord["kind"] = "ipport"): string {
  let document = parseSslCertDocument(text, SOURCE);
  for (const endpoint of endpoints) document = withThumbprint(document, { kind, endpoint }, thumbprint);
  return printSslCertDocument(document);
}

const recordsIn = (text: string) => readNetshRecords(text, SOURCE);
const rebindsOf = (records: HttpSysRecord[], thumbprint = NEW, storeName: string | null = null): RecordRebind[] =>
  records.map((record) => ({ record, thumbprint, storeName }));
const targetsIn = (text: string, hash: string) => recordsIn(text).filter((record) => record.thumbprint === hash);

const BASE =
  "verifyclientcertrevocation=enable verifyrevocationwithcachedclientcertonly=disable usagecheck=enable " +
  "revocationfreshnesstime=0 urlretrievaltimeout=0 dsmapperusage=disable clientcertnegotiation=disable";
const IIS = "appid={4dc3e181-e14b-4a21-b022-59fc669b0914}";
const new_ = `certhash=${NEW.toLowerCase()}`;

describe("WindowsHttpSys.rebindRecords", () => {
  const scriptCases = [
    {
      name: "one update line per record from Windows 10 on",
      version: WIN2022,
      script: [
        `http update sslcert ipport=0.0.0.0:443 ${new_} ${IIS} certstorename=MY ${BASE}`,
        `http update sslcert ipport=[::]:443 ${new_} ${IIS} certstorename=MY ${BASE}`,
      ],
    },
    {
      name: "delete and add per record on Windows 6.3 (Server 2012 R2 has no update)",
      version: WIN2012R2,
      script: [
        "http delete sslcert ipport=0.0.0.0:443",
        `http add sslcert ipport=0.0.0.0:443 ${new_} ${IIS} certstorename=MY ${BASE}`,
        "http delete sslcert ipport=[::]:443",
        `http add sslcert ipport=[::]:443 ${new_} ${IIS} certstorename=MY ${BASE}`,
      ],
    },
  ];
  for (const { name, version, script } of scriptCases) {
    it(`writes ${name}, runs netsh -f once and reads back once`, async () => {
      const after = rehashed(MIXED, ["0.0.0.0:443", "[::]:443"], NEW);
      const netsh = fakeNetsh([after]);
      const httpSys = new WindowsHttpSys(netsh.run, { windowsVersion: version, writeScript: netsh.writeScript });
      await httpSys.rebindRecords(rebindsOf(targetsIn(MIXED, OLD_MIXED)));
      assert.deepEqual(netsh.scripts, [script.map((line) => `${line}\r\n`).join("")]);
      assert.deepEqual(netsh.calls, [
        ["netsh", "-f", SCRIPT_PATH],
        ["netsh", "http", "show", "sslcert"],
      ]);
      assert.equal(netsh.removed(), 1);
    });
  }

  const fixtureCases = [
    {
      file: "server2022-extended-properties.txt",
      line: `http update sslcert ipport=0.0.0.0:443 ${new_} appid={00000000-0000-0000-0000-000000000000} certstorename=MY ${BASE} reject=disable`,
    },
    { file: "dotfiles-ipport-newer-layout.txt", line: `http update sslcert ipport=0.0.0.0:44307 ${new_} appid={214124cd-d05b-4309-9af9-9caa44b2b74a} certstorename=MY ${BASE} reject=disable` },
    { file: "german-reconstructed.txt", line: `http update sslcert ipport=0.0.0.0:443 ${new_} ${IIS} ${BASE}` },
    { file: "azure-pipelines-extensions-140.txt", line: `http update sslcert ipport=0.0.0.0:443 ${new_} ${IIS} ${BASE}` },
    {
      file: "adfsanalyzer-41.txt",
      kind: "hostnameport" as const,
      line: `http update sslcert hostnameport=sts.margiestravel.com:443 ${new_} appid={5d89a20c-beab-4389-9447-324788eb944a} certstorename=my ${BASE.replace(" dsmapperusage", " sslctlstorename=adfstrusteddevices dsmapperusage")}`,
    },
  ];
  for (const { file, line, kind } of fixtureCases) {
    it(`restates every setting of ${file} and accepts its read-back`, async () => {
      const before = fixture(file);
      const [record] = recordsIn(before);
      const netsh = fakeNetsh([rehashed(before, [record!.endpoint], NEW, kind)]);
      await new WindowsHttpSys(netsh.run, { windowsVersion: WIN2022, writeScript: netsh.writeScript }).rebindRecords(rebindsOf([record!]));
      assert.deepEqual(netsh.scripts, [`${line}\r\n`]);
    });
  }

  it("moves the store when the rebind names one, and checks it on read-back without case", async () => {
    const [record] = recordsIn(fixture("azure-pipelines-extensions-140.txt"));
    const after = rehashed(fixture("azure-pipelines-extensions-140.txt"), ["0.0.0.0:443"], NEW).replace("(null)", "WEBHOSTING");
    const netsh = fakeNetsh([after]);
    await new WindowsHttpSys(netsh.run, { windowsVersion: WIN2022, writeScript: netsh.writeScript }).rebindRecords(rebindsOf([record!], NEW, "WebHosting"));
    assert.match(netsh.scripts[0]!, / certstorename=WebHosting /);
  });

  const mismatches = [
    { name: "a record whose hash did not change", after: () => rehashed(MIXED, ["0.0.0.0:443"], NEW), failed: ["[::]:443"], why: /\[::\]:443 \(hash 1{40} instead of ABCDEF0123456789ABCDEF0123456789ABCDEF01\)/ },
    {
      name: "a record that lost a setting",
      after: () => rehashed(MIXED, ["0.0.0.0:443", "[::]:443"], NEW).replace(/(IP:port {22}: \[::\]:443[\s\S]*?Negotiate Client Certificate : )Disabled/, "$1Enabled"),
      failed: ["[::]:443"],
      why: /\[::\]:443 \(Negotiate Client Certificate is Enabled, was Disabled\)/,
    },
    {
      name: "a record that is gone",
      after: () => rehashed(MIXED, ["0.0.0.0:443"], NEW).replace(/ {4}IP:port {22}: \[::\]:443\r\n[\s\S]*?\r\n\r\n/, ""),
      failed: ["[::]:443"],
      why: /\[::\]:443 \(missing\)/,
    },
    {
      name: "a record in another store",
      after: () => rehashed(MIXED, ["0.0.0.0:443", "[::]:443"], NEW).replace("Certificate Store Name       : MY", "Certificate Store Name       : Root"),
      failed: ["0.0.0.0:443"],
      why: /0\.0\.0\.0:443 \(store Root instead of MY\)/,
    },
  ];
  for (const { name, after, failed, why } of mismatches) {
    it(`throws RebindWriteError naming ${name}`, async () => {
      const netsh = fakeNetsh([after()]);
      const httpSys = new WindowsHttpSys(netsh.run, { windowsVersion: WIN2022, writeScript: netsh.writeScript });
      await assert.rejects(httpSys.rebindRecords(rebindsOf(targetsIn(MIXED, OLD_MIXED))), (error: unknown) => {
        assert.ok(error instanceof RebindWriteError);
        assert.deepEqual(error.failed, failed);
        assert.match(error.message, /^netsh -f exited with code 0; 1 of 2 records read back as the rebind intended; not as intended: /);
        assert.match(error.message, why);
        return true;
      });
      assert.equal(netsh.calls.length, 2);
    });
  }

  it("turns a failing netsh into RebindWriteError after reading back, saying what did change", async () => {
    const netsh = fakeNetsh([rehashed(MIXED, ["0.0.0.0:443"], NEW)], { exitCode: 1, stdout: "\r\nThe parameter is incorrect.\r\n", stderr: "" });
    const httpSys = new WindowsHttpSys(netsh.run, { windowsVersion: WIN2022, writeScript: netsh.writeScript });
    await assert.rejects(httpSys.rebindRecords(rebindsOf(targetsIn(MIXED, OLD_MIXED))), (error: unknown) => {
      assert.ok(error instanceof RebindWriteError);
      assert.deepEqual(error.failed, ["[::]:443"]);
      assert.match(error.message, /^netsh -f exited with code 1: The parameter is incorrect\.; 1 of 2 records read back as the rebind intended; not as intended: \[::\]:443 /);
      return true;
    });
    assert.equal(netsh.calls.length, 2);
    assert.equal(netsh.removed(), 1);
  });

  it("fails a non-zero exit even when every record reads back as intended", async () => {
    const netsh = fakeNetsh([rehashed(MIXED, ["0.0.0.0:443", "[::]:443"], NEW)], { exitCode: 1, stdout: "", stderr: "" });
    const httpSys = new WindowsHttpSys(netsh.run, { windowsVersion: WIN2022, writeScript: netsh.writeScript });
    await assert.rejects(httpSys.rebindRecords(rebindsOf(targetsIn(MIXED, OLD_MIXED))), (error: unknown) => {
      assert.ok(error instanceof RebindWriteError);
      assert.deepEqual(error.failed, []);
      assert.equal(error.message, "netsh -f exited with code 1; 2 of 2 records read back as the rebind intended.");
      return true;
    });
  });

  it("reads back even when netsh -f cannot start, and keeps the cause", async () => {
    const cause = new Error("netsh could not be started: ENOENT");
    const netsh = fakeNetsh([MIXED], cause);
    const httpSys = new WindowsHttpSys(netsh.run, { windowsVersion: WIN2022, writeScript: netsh.writeScript });
    await assert.rejects(httpSys.rebindRecords(rebindsOf(targetsIn(MIXED, OLD_MIXED))), (error: unknown) => {
      assert.ok(error instanceof RebindWriteError);
      assert.equal(error.cause, cause);
      assert.deepEqual(error.failed, ["0.0.0.0:443", "[::]:443"]);
      assert.match(error.message, /^netsh -f could not run: netsh could not be started: ENOENT; 0 of 2 records/);
      return true;
    });
    assert.equal(netsh.calls.length, 2);
    assert.equal(netsh.removed(), 1);
  });

  it("counts every record as failed when the read-back fails", async () => {
    const calls: string[][] = [];
    const run: ToolRunner = async (file, args) => {
      calls.push([file, ...args]);
      return args[0] === "-f" ? ok() : { exitCode: 5, stdout: "", stderr: "Access is denied.\r\n" };
    };
    const httpSys = new WindowsHttpSys(run, { windowsVersion: WIN2022, writeScript: fakeNetsh([]).writeScript });
    await assert.rejects(httpSys.rebindRecords(rebindsOf(targetsIn(MIXED, OLD_MIXED))), (error: unknown) => {
      assert.ok(error instanceof RebindWriteError);
      assert.deepEqual(error.failed, ["0.0.0.0:443", "[::]:443"]);
      assert.match(error.message, /^netsh -f ran, but the records could not be read back \(netsh failed with exit code 5: Access is denied\.\); none of the 2 counts as changed\.$/);
      return true;
    });
    assert.equal(calls.length, 2);
  });

  for (const count of [1, 500]) {
    for (const version of [WIN2022, WIN2012R2]) {
      it(`starts two processes for ${count} record(s) on ${version}`, async () => {
        const before = manyRecords(count, OLD_MIXED);
        const netsh = fakeNetsh([manyRecords(count, NEW)]);
        await new WindowsHttpSys(netsh.run, { windowsVersion: version, writeScript: netsh.writeScript }).rebindRecords(rebindsOf(recordsIn(before)));
        assert.equal(netsh.calls.length, 2);
        assert.equal(netsh.scripts[0]!.split("\r\n").length - 1, version === WIN2022 ? count : 2 * count);
      });
    }
  }

  it("names ten failed records in the message and counts the rest", async () => {
    const netsh = fakeNetsh([manyRecords(500, OLD_MIXED)]);
    const httpSys = new WindowsHttpSys(netsh.run, { windowsVersion: WIN2022, writeScript: netsh.writeScript });
    await assert.rejects(httpSys.rebindRecords(rebindsOf(recordsIn(manyRecords(500, OLD_MIXED)))), (error: unknown) => {
      assert.ok(error instanceof RebindWriteError);
      assert.equal(error.failed.length, 500);
      assert.match(error.message, /10\.0\.0\.9:443 \(hash 1{40} instead of [0-9A-F]{40}\) and 490 more\.$/);
      return true;
    });
  });

  const hostile: { name: string; rebind: () => RecordRebind }[] = [
    { name: "a host name with &", rebind: () => sniRebind({ endpoint: "a&b.contoso.com:443" }) },
    { name: 'a host name with "', rebind: () => sniRebind({ endpoint: 'a"b.contoso.com:443' }) },
    { name: "a host name with a space", rebind: () => sniRebind({ endpoint: "a b.contoso.com:443" }) },
    { name: "a host name with a newline", rebind: () => sniRebind({ endpoint: "x:443\nhttp delete sslcert ipport=0.0.0.0:443\nb:443" }) },
    { name: "an appid that is not a GUID", rebind: () => sniRebind({ appId: "{not-a-guid}" }) },
    { name: "a thumbprint with ;", rebind: () => ({ ...sniRebind({}), thumbprint: `${NEW.slice(0, 39)};` }) },
    { name: "a store name with a space", rebind: () => ({ ...sniRebind({}), storeName: "Remote Desktop" }) },
  ];
  for (const { name, rebind } of hostile) {
    it(`refuses ${name} before any process starts`, async () => {
      const netsh = fakeNetsh([]);
      const httpSys = new WindowsHttpSys(netsh.run, { windowsVersion: WIN2022, writeScript: netsh.writeScript });
      const good = rebindsOf(targetsIn(MIXED, OLD_MIXED));
      await assert.rejects(httpSys.rebindRecords([...good, rebind()]), (error: unknown) => error instanceof RestateError && error.code === "CR3006");
      assert.deepEqual(netsh.calls, []);
      assert.deepEqual(netsh.scripts, []);
    });
  }

  it("starts nothing for no records", async () => {
    const netsh = fakeNetsh([]);
    await new WindowsHttpSys(netsh.run, { windowsVersion: WIN2022, writeScript: netsh.writeScript }).rebindRecords([]);
    assert.deepEqual(netsh.calls, []);
  });
});

describe("WindowsHttpSys.restoreRecords", () => {
  const old = () => targetsIn(MIXED, OLD_MIXED);

  it("reads once and writes nothing when every record is already as it was", async () => {
    const netsh = fakeNetsh([MIXED]);
    await new WindowsHttpSys(netsh.run, { windowsVersion: WIN2022, writeScript: netsh.writeScript }).restoreRecords(old());
    assert.deepEqual(netsh.calls, [["netsh", "http", "show", "sslcert"]]);
    assert.deepEqual(netsh.scripts, []);
  });

  const cases = [
    {
      version: WIN2022,
      script: [
        `http update sslcert ipport=0.0.0.0:443 certhash=${OLD_MIXED} ${IIS} certstorename=MY ${BASE}`,
        `http add sslcert ipport=[::]:443 certhash=${OLD_MIXED} ${IIS} certstorename=MY ${BASE}`,
      ],
    },
    {
      version: WIN2012R2,
      script: [
        "http delete sslcert ipport=0.0.0.0:443",
        `http add sslcert ipport=0.0.0.0:443 certhash=${OLD_MIXED} ${IIS} certstorename=MY ${BASE}`,
        `http add sslcert ipport=[::]:443 certhash=${OLD_MIXED} ${IIS} certstorename=MY ${BASE}`,
      ],
    },
  ];
  for (const { version, script } of cases) {
    it(`restates a changed record and adds a deleted one on ${version}, in three processes`, async () => {
      const now = rehashed(MIXED, ["0.0.0.0:443"], NEW).replace(/ {4}IP:port {22}: \[::\]:443\r\n[\s\S]*?\r\n\r\n/, "");
      const netsh = fakeNetsh([now, MIXED]);
      await new WindowsHttpSys(netsh.run, { windowsVersion: version, writeScript: netsh.writeScript }).restoreRecords(old());
      assert.deepEqual(netsh.scripts, [script.map((line) => `${line}\r\n`).join("")]);
      assert.deepEqual(netsh.calls, [
        ["netsh", "http", "show", "sslcert"],
        ["netsh", "-f", SCRIPT_PATH],
        ["netsh", "http", "show", "sslcert"],
      ]);
    });
  }

  it("throws RebindWriteError when a restored record does not read back as it was", async () => {
    const now = rehashed(MIXED, ["0.0.0.0:443", "[::]:443"], NEW);
    const netsh = fakeNetsh([now, rehashed(MIXED, ["[::]:443"], NEW)]);
    const httpSys = new WindowsHttpSys(netsh.run, { windowsVersion: WIN2022, writeScript: netsh.writeScript });
    await assert.rejects(httpSys.restoreRecords(old()), (error: unknown) => {
      assert.ok(error instanceof RebindWriteError);
      assert.deepEqual(error.failed, ["[::]:443"]);
      assert.match(error.message, /1 of 2 records read back as the restore intended; not as intended: \[::\]:443 \(hash ABCDEF/);
      return true;
    });
  });

  it("refuses a record it cannot restate before any process starts", async () => {
    const netsh = fakeNetsh([]);
    const httpSys = new WindowsHttpSys(netsh.run, { windowsVersion: WIN2022, writeScript: netsh.writeScript });
    const ccs = recordsIn(MIXED).filter((record) => record.kind === "ccs");
    await assert.rejects(httpSys.restoreRecords([...old(), ...ccs]), RestateError);
    assert.deepEqual(netsh.calls, []);
  });
});

describe("WindowsHttpSys.checkRestatable", () => {
  it("answers for the port without starting a process", () => {
    const netsh = fakeNetsh([]);
    const httpSys = new WindowsHttpSys(netsh.run, { windowsVersion: WIN2022, writeScript: netsh.writeScript });
    const [ipport] = recordsIn(MIXED);
    const ccs = recordsIn(MIXED).find((record) => record.kind === "ccs")!;
    assert.equal(httpSys.checkRestatable(ipport!), null);
    assert.equal(httpSys.checkRestatable(ipport!, "WebHosting"), null);
    assert.match(httpSys.checkRestatable(ipport!, "Remote Desktop") ?? "", /'Remote Desktop' is not a store name/);
    assert.match(httpSys.checkRestatable(ccs) ?? "", /is a ccs record/);
    assert.deepEqual(netsh.calls, []);
  });
});

describe("tempScriptWriter", () => {
  it("writes the script into a fresh directory under the temporary folder and removes that directory", async () => {
    const file = await tempScriptWriter("http show sslcert\r\n");
    assert.equal(dirname(dirname(file.path)), tmpdir());
    assert.equal(readFileSync(file.path, "utf8"), "http show sslcert\r\n");
    await file.remove();
    assert.equal(existsSync(dirname(file.path)), false);
  });
});

function sniRebind(override: Partial<HttpSysRecord>): RecordRebind {
  const record = recordsIn(MIXED).find((candidate) => candidate.kind === "hostnameport")!;
  return { record: { ...record, ...override }, thumbprint: NEW, storeName: null };
}

/** `count` ipport records on 10.0.x.y:443 in the 13-line layout, all with `hash`. */
function manyRecords(count: number, hash: string): string {
  const block = MIXED.split("\r\n\r\n")[1]!;
  const blocks = Array.from({ length: count }, (_, i) =>
    block.replace("0.0.0.0:443", `10.0.${Math.floor(i / 250)}.${i % 250}:443`).replace(OLD_MIXED.toLowerCase(), hash.toLowerCase()),
  );
  return `\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n${blocks.join("\r\n\r\n")}\r\n\r\n`;
}
