/*
 * SQL Server's instances in this machine's registry, through advapi32 (platform/windows/registry/), never PowerShell:
 * - `HKLM\SOFTWARE\Microsoft\Microsoft SQL Server\Instance Names\SQL`: one value per Database Engine instance, its
 *   name the instance name, its data the instance id (`MSSQL16.MSSQLSERVER`)
 *   (https://learn.microsoft.com/troubleshoot/sql/database-engine/connect/static-or-dynamic-port-config shows the key);
 * - `HKLM\SOFTWARE\Microsoft\Microsoft SQL Server\<id>\MSSQLServer\SuperSocketNetLib`, value `Certificate` (REG_SZ):
 *   the thumbprint, which dbatools' Set-DbaNetworkCertificate and win-acme's ImportSQL.ps1 write lower-case
 *   (https://github.com/dataplat/dbatools/blob/development/public/Set-DbaNetworkCertificate.ps1); empty or absent:
 *   no certificate (https://learn.microsoft.com/sql/database-engine/configure-windows/configure-sql-server-encryption);
 * - `HKLM\SOFTWARE\Microsoft\Microsoft SQL Server\<id>\Cluster`, value `ClusterName`: the failover cluster of a
 *   clustered instance, empty or absent for a standalone one. INFERRED: no Microsoft page documents it; Checkmk's
 *   SQL Server agent plugin tells clustered instances apart by it
 *   (https://github.com/Checkmk/checkmk/blob/master/agents/windows/plugins/mssql.vbs).
 * Only the 64-bit view is read (KEY_WOW64_64KEY): a 32-bit instance (under WOW6432Node) is not seen.
 * A read that fails (the registry API not loadable, access denied) is an inventory warning, never the command's error.
 */
import { RegistryUnavailableError, type Registry } from "../../platform/windows/registry/registry.js";
import { INSTANCE_ID, INSTANCE_NAME, type SqlInstance } from "./model.js";
import type { SqlPort } from "./port.js";

export const SQL_ROOT = "SOFTWARE\\Microsoft\\Microsoft SQL Server";
export const INSTANCE_NAMES_KEY = `${SQL_ROOT}\\Instance Names\\SQL`;
export const netLibKey = (id: string) => `${SQL_ROOT}\\${id}\\MSSQLServer\\SuperSocketNetLib`;
export const clusterKey = (id: string) => `${SQL_ROOT}\\${id}\\Cluster`;

export function windowsSqlPort(registry: Registry): SqlPort {
  return {
    files: [],
    async read() {
      const warnings: string[] = [];
      const why = (error: unknown) => (error instanceof Error ? error.message : String(error));
      let names: string[] | null;
      try {
        names = await registry.valueNames(INSTANCE_NAMES_KEY);
      } catch (error) {
        if (error instanceof RegistryUnavailableError) return null;
        return { instances: [], warnings: [`SQL Server's instances could not be read (HKLM\\${INSTANCE_NAMES_KEY}): ${why(error)}.`] };
      }
      if (names === null) return null;
      const instances: SqlInstance[] = [];
      for (const name of names) {
        try {
          const id = await registry.readString(INSTANCE_NAMES_KEY, name);
          if (!INSTANCE_NAME.test(name) || id === null || !INSTANCE_ID.test(id)) {
            warnings.push(`SQL Server instance '${name}' (id '${id ?? ""}') in HKLM\\${INSTANCE_NAMES_KEY} is not an instance name and id SQL Server setup writes; it is ignored.`);
            continue;
          }
          const certificate = (await registry.readString(netLibKey(id), "Certificate")) ?? "";
          const cluster = await registry.readString(clusterKey(id), "ClusterName");
          instances.push({ name, id, certificate, cluster: cluster || null });
        } catch (error) {
          warnings.push(`SQL Server instance ${name}: its certificate could not be read: ${why(error)}.`);
        }
      }
      // "Because values are not ordered, any new value will have an arbitrary index" (RegEnumValueW): by name, so
      // that every reading (and a capture) lists them alike.
      instances.sort((a, b) => (a.name.toUpperCase() < b.name.toUpperCase() ? -1 : a.name.toUpperCase() > b.name.toUpperCase() ? 1 : 0));
      return { instances, warnings };
    },
    async writeCertificate(instance, value) {
      await registry.writeString(netLibKey(instance.id), "Certificate", value);
    },
  };
}
