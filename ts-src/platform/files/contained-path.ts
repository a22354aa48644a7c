import { lstat, realpath } from "node:fs/promises";
import { dirname, isAbsolute, relative } from "node:path";

/**
 * Why writing `path` would change something outside the host directory `root`, or null when it would not: the
 * file is a symbolic link (a write would replace the link, and the file it names stays as it was), or a folder on
 * the way resolves outside the root.
 */
export async function whyOutsideHost(root: string, path: string): Promise<string | null> {
  const info = await lstat(path).catch(() => null);
  if (info?.isSymbolicLink()) {
    return `${path} is a symbolic link; certrebind does not write through links. Replace it with the file itself.`;
  }
  const [realRoot, realFolder] = await Promise.all([realpath(root), realExistingFolder(dirname(path))]);
  const inside = relative(realRoot, realFolder);
  if (inside.startsWith("..") || isAbsolute(inside)) {
    return `${dirname(path)} resolves to ${realFolder}, outside the host directory ${realRoot}; certrebind does not follow links out of the host for writes.`;
  }
  return null;
}

/** The real path of `dir`, or of its nearest existing parent when it is not there yet (it will be created there). */
async function realExistingFolder(dir: string): Promise<string> {
  for (let current = dir; ; current = dirname(current)) {
    try {
      return await realpath(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || dirname(current) === current) throw error;
    }
  }
}
