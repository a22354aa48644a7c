import type { KindContext } from "../binding-kind.js";
import type { SqlPort } from "./port.js";
import { snapshotSqlPort } from "./snapshot-file.js";
import { windowsSqlPort } from "./windows-registry.js";

/**
 * The host's SQL Server instances: the registry on Windows, `sqlserver/instances.json` on a snapshot host; null on
 * neither, or on a snapshot host opened without this kind's files (SnapshotHost.open's kindFiles), which may not write them.
 */
export function sqlPort(context: KindContext): SqlPort | null {
  const { windows, snapshot } = context.host;
  if (windows) return windowsSqlPort(windows.registry);
  if (snapshot) {
    try {
      return snapshotSqlPort(snapshot);
    } catch {
      return null;
    }
  }
  return null;
}

/** The instances as this reading of the host has them (read once per context). */
export function readSqlInstances(context: KindContext) {
  return context.once("sqlserver", async () => (await sqlPort(context)?.read()) ?? null);
}
