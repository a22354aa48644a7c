import { createHash } from "node:crypto";
import { readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** path → SHA-256 of every file below root (and its mode), or a link's target, to show a run changed nothing. */
export function treeHash(root: string, options: { exclude?: (path: string) => boolean } = {}): Record<string, string> {
  const hashes: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const rel = relative(root, full);
      if (options.exclude?.(rel)) continue;
      if (entry.isSymbolicLink()) hashes[rel] = `link to ${readlinkSync(full)}`;
      else if (entry.isDirectory()) walk(full);
      else hashes[rel] = `${createHash("sha256").update(readFileSync(full)).digest("hex")} ${(statSync(full).mode & 0o777).toString(8)}`;
    }
  };
  walk(root);
  return hashes;
}
