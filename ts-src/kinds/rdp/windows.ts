import { CertRebindError, ExitCode } from "../../core/errors.js";
import type { WindowsAccess } from "../../platform/kind-access.js";
import { powershellArguments } from "../../platform/windows/powershell.js";
import type { ToolResult } from "../../platform/windows/tool-runner.js";
import { ToolStartError } from "../../platform/windows/tool-start-error.js";
import { listenersOf } from "./listeners-json.js";
import type { RdpListeners } from "./port.js";
import { NOT_THERE, READ_LISTENERS_SCRIPT, writeListenerScript } from "./scripts.js";

const WHAT = "the RDP listeners (Win32_TSGeneralSetting)";

/**
 * This Windows machine's RDP listeners, through powershell.exe started with an argument array (the script
 * -EncodedCommand). A read that fails is a warning, never the command's failure: on a hardened server PowerShell may
 * be blocked, and every other kind must still be read.
 */
export function windowsListeners(windows: WindowsAccess): RdpListeners {
  const powershell = (script: string) => windows.run("powershell.exe", powershellArguments(script));
  return {
    async read() {
      let result: ToolResult;
      try {
        result = await powershell(READ_LISTENERS_SCRIPT);
      } catch (error) {
        return unread(`powershell.exe could not be started: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (result.exitCode === NOT_THERE) return null;
      if (result.exitCode !== 0) return unread(failed(result));
      const parsed = parsedOutput(result.stdout);
      return typeof parsed === "string" ? unread(`PowerShell printed something else than the listeners: ${parsed}`) : parsed;
    },
    async write(terminalName, thumbprint) {
      const result = await powershell(writeListenerScript(terminalName, thumbprint));
      if (result.exitCode === NOT_THERE) return null;
      if (result.exitCode !== 0) throw new Error(`Set-CimInstance of the RDP listener ${terminalName} ${failed(result)}`);
      const parsed = parsedOutput(result.stdout);
      if (typeof parsed === "string") throw new Error(`the RDP listener ${terminalName} could not be read back: ${parsed}`);
      return parsed.listeners.find((l) => l.terminalName.toLowerCase() === terminalName.toLowerCase()) ?? null;
    },
    file: () => null,
    async snapshotBytes() {
      const result = await powershell(READ_LISTENERS_SCRIPT).catch((error: unknown) => {
        if (error instanceof ToolStartError) throw error;
        throw new CertRebindError("CR4002", `powershell.exe could not be run: ${error instanceof Error ? error.message : String(error)}`, ExitCode.Environment, "powershell.exe");
      });
      if (result.exitCode === NOT_THERE) return null;
      if (result.exitCode !== 0) throw new CertRebindError("CR4002", `PowerShell's Get-CimInstance Win32_TSGeneralSetting ${failed(result)}`, ExitCode.Environment, "powershell.exe");
      const parsed = parsedOutput(result.stdout);
      if (typeof parsed === "string") throw new CertRebindError("CR4002", `PowerShell's Get-CimInstance Win32_TSGeneralSetting printed something else than the listeners: ${parsed}`, ExitCode.Environment, "powershell.exe");
      return Buffer.from(result.stdout.trim(), "utf8");
    },
  };
}

function unread(why: string) {
  return { listeners: [], warnings: [`${WHAT} could not be read (${why}); their certificates are not listed or changed.`] };
}

function failed(result: ToolResult): string {
  const detail = (result.stderr || result.stdout).trim().slice(0, 500);
  return `failed (exit code ${result.exitCode})${detail ? `: ${detail}` : ""}`;
}

function parsedOutput(stdout: string) {
  let value: unknown;
  try {
    value = JSON.parse(stdout.trim().replace(/^\uFEFF/, ""));
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  return listenersOf(value, "Win32_TSGeneralSetting");
}
