import { constants } from "node:fs";
import { lstat, open, realpath } from "node:fs/promises";
import { dirname, join, relative, isAbsolute } from "node:path";
import { CertRebindError, ExitCode } from "../../core/errors.js";

/** The files a run may change, by journal name (a path relative to the host, `/`-separated) → where they are. */
export type ChangeableFiles = () => Promise<ReadonlyMap<string, string>>;

/** A run id as newRunId makes them: `20261127T000000Z-3fa2c1`. */
export const RUN_ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

/**
 * Why a journal name is not a plain relative path (docs/snapshot-host.md, "The journal"): absolute, a drive or a
 * share, `.` or `..` segments, backslashes, empty segments, control characters. null when it is one.
 */
function whyNotRelativeName(name: unknown): string | null {
  if (typeof name !== "string" || name === "") return "it is not a path";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "it is an absolute path";
  if (/[\\:\u0000-\u001f]/.test(name)) return "it has a backslash, a colon or a control character";
  if (name.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) return "it has an empty, '.' or '..' segment";
  return null;
}

/**
 * The journal's names resolved, and refused unless they stay where they belong: a host file only when it is one a
 * run may change (and, on a snapshot host, reached through no link out of the host), a backup only inside its run's
 * own backup folder and not a link. A journal is a file of the state folder; whoever could plant one must not be
 * able to make a run read or write anything else with it.
 */
export class JournalPaths {
  constructor(
    private readonly journalPath: string,
    private readonly stateDir: string,
    private readonly changeable: ChangeableFiles,
    /** Why writing `path` would lead outside the host (a snapshot host's links), or null. */
    private readonly whyOutside: (path: string) => Promise<string | null>,
  ) {}

  async nameOf(path: string): Promise<string> {
    for (const [name, file] of await this.changeable()) if (file === path) return name;
    throw new Error(`${path} is not a file a run may change; it cannot be journaled`);
  }

  async hostFile(name: unknown): Promise<string> {
    const refuse = (why: string) => this.refusal(`the host file '${String(name)}'`, why);
    const malformed = whyNotRelativeName(name);
    if (malformed) throw refuse(malformed);
    const changeable = await this.changeable();
    const path = changeable.get(name as string);
    if (path === undefined) {
      // A snapshot host may have thousands of certificate sidecars: the first names say what kind of file is meant.
      const names = [...changeable.keys()];
      throw refuse(`it is not a file certrebind changes (${names.slice(0, 8).join(", ")}${names.length > 8 ? `, and ${names.length - 8} more` : ""})`);
    }
    const outside = await this.whyOutside(path);
    if (outside) throw refuse(outside);
    return path;
  }

  /** Where the backup `name` of run `runId` is, when the name is one a journal may give; CR1004 otherwise. */
  backupPath(name: unknown, runId: string): string {
    const malformed = whyNotRelativeName(name);
    if (malformed) throw this.refusal(`the backup '${String(name)}'`, malformed);
    const segments = (name as string).split("/");
    if (!RUN_ID.test(runId) || segments.length !== 3 || segments[0] !== "backups" || segments[1] !== runId) {
      throw this.refusal(`the backup '${String(name)}'`, `a backup is a file of the run's own folder backups/${runId}/`);
    }
    return join(this.stateDir, ...segments);
  }

  /** The bytes of the backup `name`, read without following a link, or CR1004. */
  async readBackup(name: unknown, runId: string): Promise<Buffer> {
    const refuse = (why: string) => this.refusal(`the backup '${String(name)}'`, why);
    const path = this.backupPath(name, runId);
    const info = await lstat(path).catch(() => null);
    if (!info?.isFile()) throw refuse(info ? "it is a link or not a regular file" : "it does not exist");
    const [realState, realFolder] = await Promise.all([realpath(this.stateDir), realpath(dirname(path))]);
    const inside = relative(join(realState, "backups", runId), realFolder);
    if (inside !== "") throw refuse(`its folder resolves to ${realFolder}, outside ${join(realState, "backups", runId)}`);
    // O_NOFOLLOW: a link put in its place after the lstat is not followed either (Windows has none; the lstat is
    // the check there).
    const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  /** CR1004: a journal that names what no run of certrebind would; it is followed no further. */
  private refusal(what: string, why: string): CertRebindError {
    return new CertRebindError(
      "CR1004",
      `The journal ${this.journalPath} names ${what}: ${why}. certrebind neither read nor wrote it, and changed nothing. ` +
        `A journal names only the host's own files and its run's own backups: if no certrebind run wrote this one, ` +
        `someone planted it; check who can write ${this.stateDir}, then delete the journal.`,
      ExitCode.Failed,
      this.journalPath,
    );
  }

  /** The name of a backup the journal gives it: relative to the state folder. */
  backupName(path: string): string {
    const name = relative(this.stateDir, path).split(/[\\/]/).join("/");
    if (isAbsolute(name) || whyNotRelativeName(name)) throw new Error(`${path} is not in the state folder ${this.stateDir}`);
    return name;
  }
}
