import type { Host } from "../../../../ts-src/platform/ports.js";
import type { KeyAccess, KeyGrant, KeyRef } from "../../../../ts-src/platform/service-ports.js";
import type { ToolRunner } from "../../../../ts-src/platform/windows/tool-runner.js";
import { toolsOnlyWindows } from "../../support/windows-access.js";

/** A listener as Win32_TSGeneralSetting gives it (the Windows read's names). */
export interface CimListener {
  TerminalName: string;
  SSLCertificateSHA1Hash: string | null;
  SSLCertificateSHA1HashType: number;
}

/** The script of a powershell.exe command line (its -EncodedCommand, UTF-16LE base64). */
export function scriptOf(args: readonly string[]): string {
  assert(args.at(-2) === "-EncodedCommand", `powershell.exe was not given -EncodedCommand: ${args.join(" ")}`);
  return Buffer.from(args.at(-1)!, "base64").toString("utf16le");
}

function assert(ok: boolean, message: string): asserts ok {
  if (!ok) throw new Error(message);
}

/**
 * powershell.exe as the kind's scripts find Windows: the listeners in memory (null: no TerminalServices namespace,
 * exit code 3), a read prints them as ConvertTo-Json -Compress does, a write (Set-CimInstance) sets one listener's hash.
 * `failWrites` makes Set-CimInstance fail as it does for a certificate outside My ("Invalid parameter").
 */
export function fakeCim(listeners: CimListener[] | null, options: { failWrites?: boolean } = {}) {
  const scripts: string[] = [];
  const run: ToolRunner = async (file, args) => {
    if (file !== "powershell.exe") throw new Error(`the fake Windows has no ${file}`);
    const script = scriptOf(args);
    scripts.push(script);
    if (listeners === null) return { exitCode: 3, stdout: "", stderr: "" };
    const filter = /^\$filter = 'TerminalName=''([^']+)'''$/m.exec(script)?.[1];
    const chosen = filter === undefined ? listeners : listeners.filter((l) => l.TerminalName.toLowerCase() === filter.toLowerCase());
    if (filter !== undefined && chosen.length === 0) return { exitCode: 3, stdout: "", stderr: "" };
    const set = /Set-CimInstance -InputObject \$listener -Property @\{ SSLCertificateSHA1Hash = '([0-9A-F]{40})' \}/.exec(script);
    if (set) {
      if (options.failWrites) return { exitCode: 1, stdout: "", stderr: "Set-CimInstance : Invalid parameter\r\n" };
      chosen[0]!.SSLCertificateSHA1Hash = set[1]!;
    }
    return { exitCode: 0, stdout: `${JSON.stringify(chosen)}\r\n`, stderr: "" };
  };
  return { run, scripts, listeners };
}

/** Key access in memory: who may read each key, by thumbprint; `failGrant` refuses every grant. */
export function fakeKeys(readers: Record<string, string[]> = {}, options: { failGrant?: boolean; noKey?: string[] } = {}) {
  const keys: KeyAccess = {
    async canRead(key: KeyRef, account: string) {
      if (options.noKey?.includes(key.thumbprint)) return null;
      return (readers[key.thumbprint] ?? []).includes(account);
    },
    async grantRead(key: KeyRef, account: string): Promise<KeyGrant> {
      if (options.failGrant) throw new Error("NCryptSetProperty failed: NTE_PERM");
      const before = JSON.stringify(readers[key.thumbprint] ?? []);
      readers[key.thumbprint] = [...(readers[key.thumbprint] ?? []), account];
      return { key, account, before };
    },
    async revoke(grant: KeyGrant) {
      readers[grant.key.thumbprint] = JSON.parse(grant.before) as string[];
    },
  };
  return { keys, readers };
}

/** A Windows host with only what the kind uses: tools (powershell.exe) and key access. */
export function windowsHost(run: ToolRunner, keys: KeyAccess = fakeKeys().keys): Host {
  return { windows: toolsOnlyWindows(run), keys } as unknown as Host;
}
