import { withRemedy } from "../../core/remedy.js";
import { randomBytes } from "node:crypto";
import { lstat, mkdir, open, readdir, realpath, rename, rm, rmdir } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import { kindFolders, SNAPSHOT_PARTS } from "../../platform/snapshot/snapshot-parts.js";
import { KIND_SNAPSHOT_FILES } from "../../kinds/registry.js";

/**
 * The folder a capture is written to. Everything is written into a fresh folder beside it (made by this process,
 * readable by its owner only), each folder and file created anew (`mkdir` and exclusive create fail on anything
 * already there, so nothing is written through a link someone planted), and that folder is renamed into place once
 * every part is written: a capture that fails half-way leaves the output folder as it was, and nothing else.
 */
export class CaptureOutput {
  private readonly folders = new Set<string>();
  private readonly written: string[] = [];

  private constructor(
    /** The output folder as given, absolute. */
    readonly dir: string,
    /** The fresh folder the parts are written into. */
    private readonly staging: string,
    /** What is in the output folder now: nothing, an empty folder, or a snapshot host that --force replaces. */
    private readonly existing: "none" | "empty" | "snapshot",
  ) {}

  /**
   * Checks the output folder (CR2008: not empty without --force, not a folder, a link; CR2009: it and the source
   * host overlap) and makes the staging folder beside it.
   */
  static async prepare(dir: string, options: { force: boolean; sourceRoot: string | null }): Promise<CaptureOutput> {
    if (options.sourceRoot !== null) await refuseOverlap(dir, options.sourceRoot);
    const existing = await existingOutput(dir, options.force);
    const staging = join(dirname(dir), `.${basename(dir)}.capture-${randomBytes(6).toString("hex")}`);
    await mkdir(staging, { mode: 0o700 });
    return new CaptureOutput(dir, staging, existing);
  }

  /** Writes one file of the capture (`/`-separated, relative to the capture); returns its relative path. */
  async write(relativePath: string, content: string | Buffer): Promise<string> {
    const handle = await this.create(relativePath);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return relativePath;
  }

  /** Writes one file from text that arrives in chunks (a lifecycle log, however large), UTF-8. */
  async writeChunks(relativePath: string, chunks: AsyncIterable<string>): Promise<{ path: string; bytes: number }> {
    const handle = await this.create(relativePath);
    let bytes = 0;
    try {
      for await (const chunk of chunks) {
        const data = Buffer.from(chunk, "utf8");
        await handle.write(data);
        bytes += data.length;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { path: relativePath, bytes };
  }

  /** Every file written so far, relative to the capture. */
  files(): readonly string[] {
    return this.written;
  }

  /** Puts the capture in place of the output folder (after --force, the snapshot host that was there is removed). */
  async commit(): Promise<void> {
    if (this.existing === "none") {
      await rename(this.staging, this.dir);
      return;
    }
    if (this.existing === "empty") {
      await rmdir(this.dir);
      await rename(this.staging, this.dir);
      return;
    }
    const replaced = join(dirname(this.dir), `.${basename(this.dir)}.replaced-${randomBytes(6).toString("hex")}`);
    await rename(this.dir, replaced);
    try {
      await rename(this.staging, this.dir);
    } catch (error) {
      await rename(replaced, this.dir); // the snapshot host that was there, back in place
      throw error;
    }
    await rm(replaced, { recursive: true, force: true });
  }

  /** Removes what was written: the output folder stays as it was. */
  async abandon(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
  }

  private async create(relativePath: string) {
    const parts = relativePath.split("/");
    if (parts.some((part) => part === "" || part === "." || part === ".." || part.includes("\\"))) {
      throw new Error(`internal: '${relativePath}' is not a path inside the capture`);
    }
    let folder = this.staging;
    for (const part of parts.slice(0, -1)) {
      folder = join(folder, part);
      if (this.folders.has(folder)) continue;
      await mkdir(folder, { mode: 0o700 }).catch((error: unknown) => refusePlanted(error, folder));
      this.folders.add(folder);
    }
    const file = join(this.staging, ...parts);
    const handle = await open(file, "wx", 0o600).catch((error: unknown) => refusePlanted(error, file));
    this.written.push(relativePath);
    return handle;
  }
}

async function existingOutput(dir: string, force: boolean): Promise<"none" | "empty" | "snapshot"> {
  const info = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (info === null) return "none";
  if (info.isSymbolicLink()) {
    throw unusableOutput(dir, `${dir} is a symbolic link; capture does not write through links. Give the folder itself, or a new folder.`);
  }
  if (!info.isDirectory()) throw unusableOutput(dir, `${dir} is a file, not a folder. Give a new or empty folder.`);
  const names = await readdir(dir);
  if (names.length === 0) return "empty";
  if (!force) {
    throw unusableOutput(dir, withRemedy(`${dir} is not empty (${names.length} entr${names.length === 1 ? "y" : "ies"}); nothing was written.`, "forceReplaceSnapshot"));
  }
  const parts: readonly string[] = [...SNAPSHOT_PARTS, ...kindFolders(KIND_SNAPSHOT_FILES)];
  const others = names.filter((name) => !parts.includes(name));
  if (others.length > 0) {
    throw unusableOutput(
      dir,
      `${dir} holds ${others.slice(0, 5).map((n) => `'${n}'`).join(", ")}${others.length > 5 ? ", …" : ""}, which no snapshot host has: only a snapshot host is ever replaced, never another folder. Give a new or empty folder.`,
    );
  }
  return "snapshot";
}

/** CR2009 when the output folder is the source host, inside it, or holds it (compared through the links). */
async function refuseOverlap(dir: string, sourceRoot: string): Promise<void> {
  const [out, source] = await Promise.all([realExisting(dir), realpath(sourceRoot)]);
  const inside = (child: string, parent: string) => {
    const path = relative(parent, child);
    return path === "" || (!path.startsWith(`..${sep}`) && path !== ".." && !isAbsolute(path));
  };
  if (inside(out, source) || inside(source, out)) {
    throw new CertRebindError(
      "CR2009",
      `The output folder ${dir} ${out === source ? "is" : inside(out, source) ? "is inside" : "holds"} the host being captured (${sourceRoot}); nothing was written. Give a folder outside it.`,
      ExitCode.BadInput,
      dir,
    );
  }
}

/** The real path of `path`, or of its nearest existing parent followed by the rest. */
async function realExisting(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" || dirname(path) === path) throw error;
    return join(await realExisting(dirname(path)), basename(path));
  }
}

/** An entry this capture did not make, found where it creates one (someone else wrote into its folder): never written through. */
function refusePlanted(error: unknown, path: string): never {
  if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  throw new CertRebindError(
    "CR4009",
    `${path} appeared while the capture was being written, made by another program: the capture was stopped and nothing of it is left. Capture into a folder only you can write.`,
    ExitCode.Environment,
    path,
  );
}

const unusableOutput = (dir: string, message: string) => new CertRebindError("CR2008", message, ExitCode.BadInput, dir);
