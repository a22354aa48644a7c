import { isThumbprint } from "../../core/thumbprint.js";
import { scanJson } from "../../platform/formats/json-scan.js";
import type { WindowsAccess } from "../../platform/kind-access.js";
import { RebindWriteError, type Host } from "../../platform/ports.js";
import { POWERSHELL_PROLOGUE, powershellArguments } from "../../platform/windows/powershell.js";
import type { ApplySession } from "../binding-kind.js";
import type { ListenersRead, ListenerWrite, WinrmAccess } from "./access.js";
import { isListenerAddress } from "./listener-names.js";
import { LISTENER_PROPERTIES, listenersOfJson } from "./listeners-json.js";

/**
 * The listeners as `Get-WSManInstance -ResourceURI winrm/config/Listener -Enumerate` gives them
 * (https://learn.microsoft.com/powershell/module/microsoft.wsman.management/get-wsmaninstance), always as an array:
 * cmdlets, Select-Object and ConvertTo-Json only, which Constrained Language Mode allows (no Add-Type).
 */
export const READ_LISTENERS_SCRIPT = `${POWERSHELL_PROLOGUE}
ConvertTo-Json -Compress -InputObject @(Get-WSManInstance -ResourceURI winrm/config/Listener -Enumerate | Select-Object ${LISTENER_PROPERTIES.join(",")})`;

/** A PowerShell single-quoted literal of a value validated before (no quote can be in it; doubled anyway). */
function quoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Sets each listener's CertificateThumbprint in place with Set-WSManInstance
 * (https://learn.microsoft.com/powershell/module/microsoft.wsman.management/set-wsmaninstance), the Address and the
 * thumbprint checked first and given as single-quoted literals. Nothing else of the listener is named: its Hostname
 * stays, and it is never deleted and re-created.
 */
export function setListenersScript(writes: readonly Pick<ListenerWrite, "address" | "to">[]): string {
  const lines = writes.map(({ address, to }) => {
    if (!isListenerAddress(address)) throw new Error(`internal: '${address}' is not a WinRM listener address`);
    if (!isThumbprint(to)) throw new Error(`internal: '${to}' is not a thumbprint`);
    return `Set-WSManInstance -ResourceURI winrm/config/Listener -SelectorSet @{Address=${quoted(address)};Transport='HTTPS'} -ValueSet @{CertificateThumbprint=${quoted(to)}} | Out-Null`;
  });
  return `${POWERSHELL_PROLOGUE}\n${lines.join("\n")}`;
}

/** WinRM's listeners on this Windows machine, through Windows PowerShell's WS-Management cmdlets. */
export class WindowsWinrm implements WinrmAccess {
  readonly filePath = null;

  constructor(
    private readonly host: Host,
    private readonly windows: WindowsAccess,
  ) {}

  async read(): Promise<ListenersRead> {
    // No WinRM service (wine, a stripped image): WinRM is absent, and no process is started. A stopped one cannot be
    // asked (WS-Management needs it); one the Service Control Manager cannot tell about is not taken for absent.
    let service;
    try {
      service = await this.host.services.query("WinRM");
    } catch (error) {
      return { unreadable: `the WinRM service could not be queried (${(error as Error).message})` };
    }
    if (service === null) return { absent: true };
    if (service.state !== "running") return { unreadable: `the WinRM service is ${service.state}, and Get-WSManInstance reads the listeners through it` };
    let output: string;
    try {
      output = await this.powershell(READ_LISTENERS_SCRIPT, "Get-WSManInstance");
    } catch (error) {
      return { unreadable: (error as Error).message };
    }
    let root;
    try {
      root = scanJson(output.replace(/^\uFEFF/, "").trim() || "[]");
    } catch (error) {
      return { unreadable: `Get-WSManInstance's output is not JSON (${(error as Error).message})` };
    }
    const { entries, problems } = listenersOfJson(root);
    return { listeners: entries.map((e) => e.listener), warnings: problems.map((p) => `Get-WSManInstance's listeners, ${p}; it is left out.`) };
  }

  async write(writes: readonly ListenerWrite[], session: ApplySession): Promise<void> {
    // Registered first: a batch that fails half-way is put back whole (setting a listener to what it holds is harmless).
    session.onUndo("WinRM listeners", () => this.set(writes.map((w) => ({ address: w.address, to: w.from })), writes));
    await this.set(writes, writes);
  }

  async restore(writes: readonly ListenerWrite[]): Promise<void> {
    await this.set(writes, writes);
  }

  private async set(sets: readonly Pick<ListenerWrite, "address" | "to">[], named: readonly ListenerWrite[]): Promise<void> {
    try {
      await this.powershell(setListenersScript(sets), "Set-WSManInstance");
    } catch (error) {
      throw new RebindWriteError(`${(error as Error).message}`, named.map((w) => w.endpoint), { cause: error });
    }
  }

  /** Runs the script; its stdout, or an Error saying which cmdlet failed and how. */
  private async powershell(script: string, cmdlet: string): Promise<string> {
    const result = await this.windows.run("powershell.exe", powershellArguments(script));
    if (result.exitCode !== 0) {
      const detail = (result.stderr || result.stdout).trim().slice(0, 500);
      throw new Error(`PowerShell's ${cmdlet} failed (exit code ${result.exitCode})${detail ? `: ${detail}` : ""}`);
    }
    return result.stdout;
  }
}
