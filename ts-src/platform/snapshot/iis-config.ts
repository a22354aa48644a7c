import { join } from "node:path";
import type { IisConfiguration } from "../../core/model.js";
import { parseApplicationHost, parseRedirection } from "../formats/application-host.js";
import type { IisConfig } from "../ports.js";
import { readHostText } from "./files.js";

/**
 * `inetsrv/applicationHost.config`; when `inetsrv/redirection.config` enables shared configuration, the
 * shared file is expected at `inetsrv/shared/applicationHost.config` (docs/snapshot-host.md).
 */
export class SnapshotIisConfig implements IisConfig {
  readonly warnings: string[] = [];

  constructor(private readonly root: string) {}

  async read(): Promise<IisConfiguration | null> {
    const inetsrv = join(this.root, "inetsrv");
    const redirectionPath = join(inetsrv, "redirection.config");
    const redirectionText = await readHostText(redirectionPath);
    const redirected = redirectionText !== null && parseRedirection(redirectionText, redirectionPath).enabled;
    const path = redirected ? join(inetsrv, "shared", "applicationHost.config") : join(inetsrv, "applicationHost.config");
    const text = await readHostText(path);
    if (text === null) {
      if (redirected) this.warnings.push(`redirection.config enables shared configuration, but ${path} is missing; IIS sites are not known.`);
      return null;
    }
    const parsed = parseApplicationHost(text, path, redirected);
    this.warnings.push(...parsed.warnings);
    return parsed.config;
  }
}
