import { join } from "node:path";
import type { IisConfiguration } from "../../core/model.js";
import { parseApplicationHost, parseRedirection } from "../formats/application-host.js";
import type { IisConfig } from "../ports.js";
import { readHostBytes, readHostText } from "./read-host-file.js";
import { sameFileBytes } from "./same-bytes.js";
import type { HostWriter } from "./host-writer.js";

/**
 * applicationHost.config in `configDir`, or the shared copy that `redirection.config` points at
 * (iis-httpsys-bindings.md §1, §1.7). Read as a file: appcmd breaks on large configurations
 * (peers-and-pains.md, pain 18) and costs a process per call.
 */
export class IisConfigFile implements IisConfig {
  readonly warnings: string[] = [];
  private location: Promise<{ path: string; redirected: boolean }> | null = null;
  /** The text last read or written and its bytes: the same bytes read again are not decoded again. */
  private known: { bytes: Buffer; text: string } | null = null;

  constructor(
    private readonly configDir: string,
    /** Where the shared applicationHost.config is, given the `path` of redirection.config. */
    private readonly sharedConfigPath: (redirectionTarget: string) => string,
    private readonly writer: HostWriter,
  ) {}

  async read(): Promise<IisConfiguration | null> {
    const file = await this.readText();
    if (file === null) return null;
    const { redirected } = await this.locate();
    const parsed = parseApplicationHost(file.text, file.path, redirected);
    this.warnings.push(...parsed.warnings);
    return parsed.config;
  }

  async readText(): Promise<{ path: string; text: string } | null> {
    const { path, redirected } = await this.locate();
    const text = this.known && (await sameFileBytes(path, this.known.bytes)) ? this.known.text : this.decode(await readHostBytes(path));
    if (text === null && redirected) {
      this.warnings.push(`redirection.config enables shared configuration, but ${path} is missing; IIS sites are not known.`);
    }
    return text === null ? null : { path, text };
  }

  async writeText(text: string): Promise<void> {
    const bytes = Buffer.from(text, "utf8");
    await this.writer.write((await this.locate()).path, bytes);
    this.known = { bytes, text };
  }

  /**
   * The file's bytes as text. A rebind reads the file three times (to plan, to edit, to read the edit back): the file
   * is compared with the bytes last read or written, and their text reused when it holds them (12.7 MB at 25,000
   * sites, decoded in 0.12 s with its BOM).
   */
  private decode(bytes: Buffer | null): string | null {
    if (bytes === null) return null;
    const text = bytes.toString("utf8");
    this.known = { bytes, text };
    return text;
  }

  /**
   * The file's journal name (docs/snapshot-host.md, "The journal"), as a snapshot host lays it out on every host:
   * `inetsrv/applicationHost.config`, or `inetsrv/shared/applicationHost.config` when redirection.config points
   * elsewhere; and where it is on this host.
   */
  async journaled(): Promise<{ name: string; path: string }> {
    const { path, redirected } = await this.locate();
    return { name: redirected ? "inetsrv/shared/applicationHost.config" : "inetsrv/applicationHost.config", path };
  }

  private locate(): Promise<{ path: string; redirected: boolean }> {
    this.location ??= (async () => {
      const redirectionPath = join(this.configDir, "redirection.config");
      const text = await readHostText(redirectionPath);
      const redirection = text === null ? null : parseRedirection(text, redirectionPath);
      return redirection?.enabled && redirection.path
        ? { path: this.sharedConfigPath(redirection.path), redirected: true }
        : { path: join(this.configDir, "applicationHost.config"), redirected: false };
    })();
    return this.location;
  }
}
