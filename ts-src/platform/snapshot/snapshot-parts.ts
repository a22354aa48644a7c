import { readdir } from "node:fs/promises";
import { CertRebindError, ExitCode, unreadableHostFile } from "../../core/errors.js";
import { withRemedy } from "../../core/remedy.js";

/** The folders that make a folder a snapshot host (docs/snapshot-host.md): at least one of them is there. */
export const SNAPSHOT_PARTS = ["inetsrv", "httpsys", "certs", "events", "tasks", "programfiles", "state", "services"] as const;

/** The folders of the binding kinds' snapshot files (`sqlserver` of `sqlserver/instances.json`). */
export function kindFolders(kindFiles: readonly string[]): string[] {
  return [...new Set(kindFiles.map((file) => file.split("/")[0]!))];
}

/**
 * CR2006 when `root` has none of the parts of a snapshot host (SNAPSHOT_PARTS, or a binding kind's folder): a
 * mistyped or empty folder would otherwise read as a healthy server with nothing on it (no IIS, no records, no
 * certificates), and a rebind as "nothing to do".
 */
export async function requireSnapshotParts(root: string, kindFiles: readonly string[] = []): Promise<void> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    throw unreadableHostFile(root, error);
  }
  if ([...SNAPSHOT_PARTS, ...kindFolders(kindFiles)].some((part) => names.includes(part))) return;
  throw new CertRebindError(
    "CR2006",
    withRemedy(`${root} is not a snapshot host: it has none of ${SNAPSHOT_PARTS.map((p) => `${p}/`).join(", ")}${names.length === 0 ? " (it is empty)" : ""}.`, "hostRootOfSnapshot"),
    ExitCode.BadInput,
    root,
  );
}
