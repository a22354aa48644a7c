// The httpapi.dll stand-in (tests/native/httpapi-standin/README.md) for tests under wine: builds it, installs it
// into a wine prefix of its own per variant, and reads and writes its record file.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HttpSysExtendedParam, HttpSysRecordKind, HttpSysSettings } from "../../ts-src/core/model.js";
import { haveWine, repoRoot, winePrefix, wineEnvironment, zPath } from "./support.js";
import { tempDir } from "../ts/support/temp-dir.js";

export { zPath };

export type StandinVariant = "with-update" | "without-update";

/** One record of the stand-in's store: the key and every field of `HTTP_SERVICE_CONFIG_SSL_PARAM`. */
export interface StandinRecord extends Omit<HttpSysSettings, "extended"> {
  kind: HttpSysRecordKind;
  /** `0.0.0.0:443`, `10.1.2.3:8443`, `[::]:443`, `[fe80::1%3]:443` (canonical form, as inet_ntop writes it). */
  address: string;
  /** hostnameport and scopedccs only. */
  host?: string;
  /** Hex, upper case, 0 to 20 bytes ("" for ccs). */
  hash: string;
  /** `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`, lower case. */
  appId: string;
  storeName: string | null;
  /** In ParamType order (the performance buffer as hexadecimal digit pairs). */
  extended: HttpSysExtendedParam[];
}

export interface StandinCall {
  fn: string;
  configId: number;
  detail: string;
  result: number;
}

const standinSource = join(repoRoot, "tests/native/httpapi-standin");
export const standinBuildDir = join(standinSource, "build");
export const standinCheckExe = join(standinBuildDir, "standin-check.exe");
const childRecorderExe = join(standinBuildDir, "child-recorder.exe");
const compiler = "x86_64-w64-mingw32-gcc";
export const haveMingw = spawnSync("sh", ["-c", `command -v ${compiler}`]).status === 0;
/** The reason the stand-in tests skip, or false when they can run. */
export const standinSkip: string | false = !haveWine
  ? "wine64 is not installed (./build.sh Test installs it)"
  : !haveMingw
    ? `${compiler} is not installed (scripts/bootstrap.sh --with-wine installs gcc-mingw-w64-x86-64)`
    : false;

let built = false;
/** Builds both variants and the check program (build.sh rebuilds only what changed). */
export function buildStandin(): void {
  if (built) return;
  const result = spawnSync("bash", [join(standinSource, "build.sh")], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`the httpapi.dll stand-in did not build:\n${result.stderr}`);
  built = true;
}

/**
 * A wine prefix whose `C:\windows\system32\httpapi.dll` is the stand-in of that variant, and the environment that
 * makes wine load it (`WINEDLLOVERRIDES=httpapi=n`: without it wine loads its own builtin stub). Each variant has
 * its own prefix, a hard-linked copy of the tests' prefix, so test files of both variants can run at once; a test
 * that changes what the prefix holds (its certificate stores: seed-cert-stores.ts) names a prefix of its own.
 */
export function installStandin(variant: StandinVariant, prefixName: string = variant): { prefix: string; env: (extra?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv } {
  buildStandin();
  wineEnvironment();
  const prefix = join(repoRoot, ".cache/wine-standin", prefixName);
  if (!existsSync(join(prefix, "drive_c"))) {
    mkdirSync(join(repoRoot, ".cache/wine-standin"), { recursive: true });
    const staging = `${prefix}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    // Hard links, but for the registry: wineserver saves a registry file that has more than one link in place
    // (server/registry.c, save_branch), so each prefix gets copies of its own, and the tests' own prefix is never
    // written through a link. The DLL below is replaced by a new file and a rename.
    const copy = spawnSync("cp", ["-al", winePrefix, staging]);
    if (copy.status !== 0) cpSync(winePrefix, staging, { recursive: true, verbatimSymlinks: true });
    for (const file of readdirSync(staging).filter((name) => name.endsWith(".reg"))) {
      copyFileSync(join(staging, file), join(staging, `${file}.copy`));
      renameSync(join(staging, `${file}.copy`), join(staging, file));
    }
    try {
      renameSync(staging, prefix);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another test file made it first
    }
  }
  const system32 = join(prefix, "drive_c/windows/system32");
  replaceIfDifferent(join(standinBuildDir, variant, "httpapi.dll"), join(system32, "httpapi.dll"));
  // netsh.exe and powershell.exe record that they were started (wine's own are stubs): see child-recorder.c.
  replaceIfDifferent(childRecorderExe, join(system32, "netsh.exe"));
  replaceIfDifferent(childRecorderExe, join(system32, "WindowsPowerShell/v1.0/powershell.exe"));
  return {
    prefix,
    env: (extra = {}) => ({ ...wineEnvironment(), WINEPREFIX: prefix, WINEDLLOVERRIDES: "httpapi,netsh.exe,powershell.exe=n", ...extra }),
  };
}

/**
 * Removes the exe's state folder from the prefix (C:\ProgramData\CertRebind\state: lock, journal, backups, audit),
 * so that a run never recovers the journal of an earlier test's run. Wine sets %ProgramData% from the prefix's
 * registry, whatever the environment says, so the folder cannot be moved per run.
 */
export function resetStandinState(prefix: string): void {
  rmSync(join(prefix, "drive_c/ProgramData/CertRebind/state"), { recursive: true, force: true });
}

/** Replaces a file of the prefix by a new one (never writing through a hard link to the tests' own prefix). */
function replaceIfDifferent(source: string, target: string): void {
  const wanted = readFileSync(source);
  if (existsSync(target) && readFileSync(target).equals(wanted)) return;
  const staging = `${target}.${process.pid}.tmp`;
  copyFileSync(source, staging);
  renameSync(staging, target);
}

/** A fresh store (no file yet: an empty store) and call log, and the variables that point the stand-in at them. */
export function newStandinStore(): { dir: string; store: string; calls: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir("certrebind-standin-");
  const store = join(dir, "store.txt");
  const calls = join(dir, "calls.txt");
  return { dir, store, calls, env: { CERTREBIND_STANDIN_STORE: zPath(store), CERTREBIND_STANDIN_CALLS: zPath(calls) } };
}

/** The file the recorder, as netsh.exe or powershell.exe, logs each start to, and the variable for the exe's environment. */
export function standinChildren(dir: string): { children: string; env: NodeJS.ProcessEnv } {
  const children = join(dir, "children.txt");
  return { children, env: { CERTREBIND_STANDIN_CHILDREN: zPath(children) } };
}

/** The command lines the recorder logged, one per start of netsh.exe or powershell.exe. */
export function readStandinChildren(path: string): string[] {
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter(Boolean) : [];
}

/**
 * What a command line the recorder logged starts, as the tests name it: the program (`netsh`, `powershell`), and for
 * PowerShell what its -EncodedCommand script does — each CIM class it reads or changes (`Get-CimInstance
 * Win32_TSGeneralSetting`, `Set-CimInstance Win32_TSGeneralSetting`), each WSMan and scheduled-task cmdlet — so that
 * a test can say which reads started a PowerShell, not only that one started.
 */
export function describeChild(commandLine: string): string {
  const program = (/^"([^"]*)"|^(\S+)/.exec(commandLine)?.slice(1).find(Boolean) ?? "").replace(/^.*[\\/]/, "").replace(/\.exe$/i, "").toLowerCase();
  if (program !== "powershell") return program;
  const encoded = /-EncodedCommand\s+(\S+)/i.exec(commandLine)?.[1];
  if (encoded === undefined) return "powershell (no -EncodedCommand)";
  const script = Buffer.from(encoded, "base64").toString("utf16le");
  const classOf = (text: string) => /-ClassName\s+'?(\w+)|\b(Win32_\w+)/.exec(text)?.slice(1).find(Boolean) ?? "?";
  const uses = new Set<string>();
  for (const line of script.split("\n")) {
    for (const [cmdlet] of line.matchAll(/\b(?:Get|Set|Invoke)-Cim(?:Instance|Method)\b/g)) uses.add(`${cmdlet} ${classOf(line)}`);
    for (const [cmdlet] of line.matchAll(/\b(?:Get|Set)-WSManInstance\b|\bGet-ScheduledTask\b/g)) uses.add(cmdlet);
  }
  // A script that names its class in a variable ($listener = Get-CimInstance …; Set-CimInstance -InputObject $listener).
  const named = classOf(script);
  return ["powershell", ...[...uses].map((use) => use.replace(/ \?$/, ` ${named}`))].join(" ");
}

/**
 * The one process a reading of this machine starts under wine: the RDP listeners have no Win32 API but CIM, read
 * through PowerShell (Get-CimInstance Win32_TSGeneralSetting), and wine's powershell.exe is the recorder, which exits
 * 1, so the command warns that they could not be read. RD Gateway and WinRM ask the Service Control Manager first and
 * start no PowerShell when their service is absent, as under wine; SQL Server is read from the registry; HTTP.sys,
 * the stores and the audit event through their APIs: no netsh, no eventcreate.
 */
export const RDP_READ = "powershell Get-CimInstance Win32_TSGeneralSetting";
export const RDP_UNREAD = "the RDP listeners (Win32_TSGeneralSetting) could not be read (failed (exit code 1)); their certificates are not listed or changed.";

const MAGIC = "certrebind-httpapi-standin 1";
const PLAIN = /^[A-Za-z0-9\-._*]$/;

function escapeBytes(bytes: Buffer): string {
  let out = "";
  for (const byte of bytes) {
    const c = String.fromCharCode(byte);
    out += PLAIN.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function unescapeBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "%") {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

const escapeText = (s: string | null) => (s === null ? "~" : escapeBytes(Buffer.from(s, "utf8")));
const unescapeText = (s: string) => (s === "~" ? null : unescapeBytes(s).toString("utf8"));

/** The store file's text for these records (any order: the stand-in keeps them in key order). */
export function formatStandinStore(records: readonly StandinRecord[]): string {
  const lines = [MAGIC];
  for (const r of records) {
    let line = `record kind=${r.kind} addr=${r.address}`;
    if (r.kind === "hostnameport" || r.kind === "scopedccs") line += ` host=${escapeText(r.host ?? "")}`;
    line += ` hash=${r.hash.toLowerCase()} appid=${r.appId.toLowerCase()} store=${escapeText(r.storeName)}`;
    line += ` checkmode=${r.certCheckMode >>> 0} freshness=${r.revocationFreshnessTime >>> 0} urltimeout=${r.revocationUrlRetrievalTimeout >>> 0}`;
    line += ` ctlid=${escapeText(r.sslCtlIdentifier)} ctlstore=${escapeText(r.sslCtlStoreName)} flags=${r.flags >>> 0}`;
    lines.push(line);
    for (const ex of r.extended) {
      let exLine = `ex type=${ex.type} flags=${BigInt(ex.flags).toString()}`;
      if (ex.name === "http2Window") exLine += ` window=${ex.receiveWindowSize}`;
      else if (ex.name === "http2SettingsLimits") exLine += ` perframe=${ex.maxSettingsPerFrame} perminute=${ex.maxSettingsPerMinute}`;
      else if (ex.name === "performance") exLine += ` perftype=${ex.performanceType} buffer=${ex.buffer}`;
      else if (ex.name === "errorHeaders") {
        exLine += ` status=${ex.statusCode}`;
        for (const h of ex.headers) exLine += ` header=${escapeBytes(Buffer.from(h.name, "latin1"))}:${escapeBytes(Buffer.from(h.value, "latin1"))}`;
      }
      lines.push(exLine);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function writeStandinStore(path: string, records: readonly StandinRecord[]): void {
  writeFileSync(path, formatStandinStore(records));
}

/** Parses the store file; throws on anything the stand-in itself would refuse. */
export function parseStandinStore(text: string): StandinRecord[] {
  const lines = text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
  if (lines.shift() !== MAGIC) throw new Error("not a stand-in store: the first line is not the format line");
  const records: StandinRecord[] = [];
  for (const line of lines) {
    const [head, ...tokens] = line.split(" ");
    const fields = tokens.map((token) => {
      const eq = token.indexOf("=");
      if (eq < 0) throw new Error(`stand-in store: '${token}' is not name=value`);
      return [token.slice(0, eq), token.slice(eq + 1)] as const;
    });
    const one = (name: string) => fields.find(([n]) => n === name)?.[1];
    const required = (name: string) => {
      const value = one(name);
      if (value === undefined) throw new Error(`stand-in store: '${name}' missing in: ${line}`);
      return value;
    };
    if (head === "record") {
      const kind = required("kind") as HttpSysRecordKind;
      const record: StandinRecord = {
        kind,
        address: required("addr"),
        hash: required("hash").toUpperCase(),
        appId: required("appid"),
        storeName: unescapeText(required("store")),
        certCheckMode: Number(required("checkmode")),
        revocationFreshnessTime: Number(required("freshness")),
        revocationUrlRetrievalTimeout: Number(required("urltimeout")),
        sslCtlIdentifier: unescapeText(required("ctlid")),
        sslCtlStoreName: unescapeText(required("ctlstore")),
        flags: Number(required("flags")),
        extended: [],
      };
      const host = one("host");
      if (host !== undefined) record.host = unescapeText(host) ?? undefined;
      records.push(record);
    } else if (head === "ex") {
      const record = records.at(-1);
      if (!record) throw new Error("stand-in store: an ex line before any record");
      const type = Number(required("type"));
      const flags = required("flags");
      if (type === 0) record.extended.push({ type, name: "http2Window", flags, receiveWindowSize: Number(required("window")) });
      else if (type === 1)
        record.extended.push({ type, name: "http2SettingsLimits", flags, maxSettingsPerFrame: Number(required("perframe")), maxSettingsPerMinute: Number(required("perminute")) });
      else if (type === 2)
        record.extended.push({ type, name: "performance", flags, performanceType: Number(required("perftype")), buffer: required("buffer") });
      else if (type === 4) {
        const headers = fields
          .filter(([n]) => n === "header")
          .map(([, value]) => {
            const [name = "", raw = ""] = value.split(":");
            return { name: unescapeBytes(name).toString("latin1"), value: unescapeBytes(raw).toString("latin1") };
          });
        record.extended.push({ type, name: "errorHeaders", flags, statusCode: Number(required("status")), headers });
      } else if (type === 3 || type === 5 || type === 6) record.extended.push({ type, name: "other", flags });
      else throw new Error(`stand-in store: unknown ex type ${type}`);
    } else {
      throw new Error(`stand-in store: unknown line: ${line}`);
    }
  }
  return records;
}

export function readStandinStore(path: string): StandinRecord[] {
  return parseStandinStore(readFileSync(path, "utf8"));
}

/** The call log: one line per call, `<function> <ConfigId> <key or token> -> <result>`. */
export function readStandinCalls(path: string): StandinCall[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const match = /^(\S+) (-?\d+) (.*) -> (\d+)$/.exec(line);
      if (!match) throw new Error(`stand-in call log: unreadable line: ${line}`);
      return { fn: match[1]!, configId: Number(match[2]), detail: match[3]!, result: Number(match[4]) };
    });
}

/** A stable text of a record's key, for maps: `ipport 0.0.0.0:443`, `hostnameport 0.0.0.0:443 www.contoso.com`. */
export const standinKey = (r: StandinRecord) => `${r.kind} ${r.address}${r.host === undefined ? "" : ` ${r.host.toLowerCase()}`}`;
