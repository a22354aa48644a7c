import { join, win32 } from "node:path";
import type { IisConfiguration } from "../../core/model.js";
import { parseApplicationHost, parseRedirection } from "../formats/application-host.js";
import type { IisConfig } from "../ports.js";
import { readHostText } from "../snapshot/files.js";

/**
 * `%windir%\System32\inetsrv\config\applicationHost.config`, or the shared copy that `redirection.config`
 * points at (iis-httpsys-bindings.md §1, §1.7). Read as a file: appcmd breaks on large configurations
 * (peers-and-pains.md, pain 18) and costs a process per call. The exe is 64-bit, so System32 is not redirected.
 */
export class WindowsIisConfig implements IisConfig {
  readonly warnings: string[] = [];

  constructor(private readonly configDir = defaultConfigDir()) {}

  async read(): Promise<IisConfiguration | null> {
    const redirectionPath = join(this.configDir, "redirection.config");
    const redirectionText = await readHostText(redirectionPath);
    const redirection = redirectionText === null ? null : parseRedirection(redirectionText, redirectionPath);
    const redirected = !!redirection?.enabled && !!redirection.path;
    const path = redirected ? win32.join(redirection!.path!, "applicationHost.config") : join(this.configDir, "applicationHost.config");
    const text = await readHostText(path);
    if (text === null) return null;
    const parsed = parseApplicationHost(text, path, redirected);
    this.warnings.push(...parsed.warnings);
    return parsed.config;
  }
}

function defaultConfigDir(): string {
  return win32.join(process.env["windir"] ?? "C:\\Windows", "System32", "inetsrv", "config");
}
