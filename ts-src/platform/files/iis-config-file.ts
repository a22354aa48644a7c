import { join } from "node:path";
import { CertRebindError } from "../../core/errors.js";
import type { IisConfiguration } from "../../core/model.js";
import { parseApplicationHost, parseRedirection, type ConfigPositions } from "../formats/application-host.js";
import { RebindWriteError, type ConfigEdit, type IisConfig, type WrittenBeforeFailure } from "../ports.js";
import { decodeHostText, spliceHostText, spliceText, type HostText, type TextReplacement } from "./host-text.js";
import { readHostBytes, readHostText } from "./read-host-file.js";
import { sameFileBytes } from "./same-bytes.js";
import type { HostWriter } from "./host-writer.js";

/**
 * How many times an edit is planned and written when another program keeps changing the file between the read and
 * the rename: each time on the file as that program left it, after a random pause of up to 5 ms times the attempt.
 * Then a RebindWriteError (CR1001: the run is rolled back, and nothing of the other program's is lost).
 */
export const EDIT_ATTEMPTS = 10;
/** How many appends made just before a rename one edit carries over before it gives up (the last one is then lost). */
const MAX_CARRIED_OVER = 100;

type PlanEdit = (text: string, path: string, positions: ConfigPositions | null) => TextReplacement[];

/**
 * applicationHost.config in `configDir`, or the shared copy that `redirection.config` points at
 * (https://learn.microsoft.com/iis/configuration/system.applicationhost/confighistory). Read as a file: appcmd
 * breaks on large configurations (https://github.com/microsoft/azure-pipelines-extensions/pull/677) and costs a
 * process per call.
 */
export class IisConfigFile implements IisConfig {
  readonly warnings: string[] = [];
  private location: Promise<{ path: string; redirected: boolean }> | null = null;
  /** The text last read or written and its bytes: the same bytes read again are not decoded again. */
  private known: HostText | null = null;
  /** What the last read found in the text it parsed, for an edit planned on that same text. */
  private parsed: ConfigPositions | null = null;
  private unknown: string | null = null;

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
    this.parsed = parsed.positions;
    this.warnings.push(...parsed.warnings);
    return parsed.config;
  }

  async readText(): Promise<{ path: string; text: string } | null> {
    const { path, redirected } = await this.locate();
    let text: string | null;
    try {
      text = this.decode(await this.currentBytes(path), path);
    } catch (error) {
      // The shared copy is on a share that may be down: IIS's sites are then unknown, not absent.
      if (!redirected || !(error instanceof CertRebindError) || error.code !== "CR2004") throw error;
      this.noteUnknown(`redirection.config enables shared configuration, but ${error.message}`);
      return null;
    }
    if (text === null && redirected) this.noteUnknown(`redirection.config enables shared configuration, but ${path} is missing`);
    return text === null ? null : { path, text };
  }

  /**
   * Why IIS's sites cannot be known though IIS is there (shared configuration that cannot be read), or null; set by
   * read(). The host names behind IIS's HTTP.sys records cannot be checked then.
   */
  whyUnknown(): string | null {
    return this.unknown;
  }

  private noteUnknown(reason: string): void {
    if (this.unknown === null) this.warnings.push(`${reason}; IIS sites are not known.`);
    this.unknown = reason;
  }

  /**
   * Plans the edit on the file as it is and writes only the bytes it changes, if the file still holds what was read
   * just before the rename; when another program wrote it in between, plans again on what that program wrote, up to
   * EDIT_ATTEMPTS times. `undoPlan` plans the undo on the file as it will be then, given the text before the edit.
   */
  async edit(plan: PlanEdit, undoPlan: (before: string, text: string, path: string) => TextReplacement[]): Promise<ConfigEdit> {
    const { path } = await this.locate();
    const before = await this.currentBytes(path);
    if (before === null) throw new RebindWriteError(`${path} has disappeared`, [path]);
    const attempted: { last: { base: Buffer; bytes: Buffer } | null } = { last: null };
    try {
      const after = await this.editFrom(path, before, before, plan, (attempt) => (attempted.last = attempt));
      return { path, undo: () => this.undoEdit(path, after, undoPlan) };
    } catch (error) {
      // A write that failed after its rename (the folder's flush) left the new bytes in place: the caller must
      // be able to put them back like an edit that succeeded.
      const written = attempted.last;
      if (written !== null && (await sameFileBytes(path, written.bytes))) {
        throw Object.assign(error as object, { undo: () => this.undoEdit(path, written, undoPlan) } satisfies WrittenBeforeFailure);
      }
      throw error;
    }
  }

  private async undoEdit(path: string, after: { base: Buffer; bytes: Buffer }, undoPlan: (before: string, text: string, path: string) => TextReplacement[]): Promise<void> {
    // Unchanged since the edit: the bytes read before it come back, exactly.
    const outcome = await this.writer.replaceIfUnchanged(path, after.bytes, after.base);
    this.known = null;
    if (outcome.replaced && outcome.superseded === null) return;
    const original = this.decodeText(after.base, path).text;
    const reverse: PlanEdit = (text, at) => undoPlan(original, text, at);
    const base = outcome.replaced ? outcome.superseded : await readHostBytes(path);
    if (base === null) throw new RebindWriteError(`${path} has disappeared`, [path]);
    await this.editFrom(path, base, outcome.replaced ? after.base : base, reverse);
  }

  /**
   * Writes `plan` applied to `base`, if the file holds `expected`. Returns the bytes written and the base they were
   * planned on (the file's content without the edit).
   */
  private async editFrom(
    path: string,
    base: Buffer,
    expected: Buffer,
    plan: PlanEdit,
    onAttempt: (attempt: { base: Buffer; bytes: Buffer }) => void = () => {},
  ): Promise<{ base: Buffer; bytes: Buffer }> {
    let carriedOver = 0;
    for (let attempt = 1; attempt <= EDIT_ATTEMPTS; attempt++) {
      const read = this.decodeText(base, path);
      const replacements = plan(read.text, path, this.parsed?.text === read.text ? this.parsed : null);
      const bytes = spliceHostText(read, replacements, path);
      onAttempt({ base, bytes });
      const outcome = await this.writer.replaceIfUnchanged(path, expected, bytes);
      if (outcome.replaced && outcome.superseded === null) {
        // The text of the bytes written, without decoding them: the values decode as they were encoded.
        this.known = { bytes, text: spliceText(read.text, replacements), encoding: read.encoding, bom: read.bom };
        return { base, bytes };
      }
      if (outcome.replaced) {
        // Written over a file that was appended to just before the rename: the append is carried over. That is no
        // failed attempt: the file holds this edit without the append, and only writing again puts the append back.
        if (++carriedOver > MAX_CARRIED_OVER) break;
        if (attempt === EDIT_ATTEMPTS) attempt--;
        expected = bytes;
        base = outcome.superseded;
        continue;
      }
      // A writer that is at it (IIS Manager saving, a script appending) is given a moment, not always the same.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      const now = await readHostBytes(path);
      if (now === null) throw new RebindWriteError(`${path} has disappeared`, [path]);
      base = expected = now;
    }
    throw new RebindWriteError(
      `${path} was changed by another program each of the ${EDIT_ATTEMPTS} times it was about to be replaced; it was left as that program wrote it. Run again when nothing else is editing it`,
      [path],
    );
  }

  /**
   * The file's bytes as text. A rebind reads the file three times (to plan, to edit, to read the edit back): the file
   * is compared with the bytes last read or written, and their text reused when it holds them (12.7 MB at 25,000
   * sites): the edit is then planned on the positions the read's parse found in that text.
   */
  private decode(bytes: Buffer | null, path: string): string | null {
    return bytes === null ? null : this.decodeText(bytes, path).text;
  }

  /** The file's bytes: those last read or written when it still holds them (compared, not read into a new buffer). */
  private async currentBytes(path: string): Promise<Buffer | null> {
    return this.known && (await sameFileBytes(path, this.known.bytes)) ? this.known.bytes : readHostBytes(path);
  }

  private decodeText(bytes: Buffer, path: string): HostText {
    if (this.known?.bytes.equals(bytes)) return this.known;
    this.known = decodeHostText(bytes, path);
    return this.known;
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

  /**
   * The files IIS's configuration is read from (`capture` copies them): redirection.config, the local
   * applicationHost.config, and the one read (the shared copy when redirection.config enables shared configuration).
   */
  async sourceFiles(): Promise<{ redirection: string; local: string; config: string; redirected: boolean }> {
    const { path, redirected } = await this.locate();
    return { redirection: join(this.configDir, "redirection.config"), local: join(this.configDir, "applicationHost.config"), config: path, redirected };
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
