/*
 * SQL Server Database Engine instances and the certificate each one's network library loads at start-up
 * (`HKLM\SOFTWARE\Microsoft\Microsoft SQL Server\<instance id>\MSSQLServer\SuperSocketNetLib`, value `Certificate`:
 * https://learn.microsoft.com/sql/database-engine/configure-windows/configure-sql-server-encryption).
 */

/** The snapshot form's file, relative to a snapshot host's root (docs/snapshot-host.md, "SQL Server"). */
export const INSTANCES_FILE = "sqlserver/instances.json";

/** One instance as the registry (or the snapshot form) names it. */
export interface SqlInstance {
  /** The instance name: `MSSQLSERVER` (the default instance), `SQLEXPRESS`. */
  name: string;
  /** The instance id, the registry key of its settings: `MSSQL16.MSSQLSERVER`. */
  id: string;
  /** The `Certificate` value as stored (peers write it lower-case); "" when empty or absent: no certificate pinned. */
  certificate: string;
  /** The failover cluster it is an instance of (Windows: its `Cluster` key's `ClusterName`); null when none was found. */
  cluster: string | null;
}

/** What the kind reads: every instance of the host, and what could not be read. */
export interface SqlState {
  instances: SqlInstance[];
  warnings: string[];
}

/** One instance to move: as read, and its service. */
export interface SqlTarget {
  instance: SqlInstance;
  service: string;
}

/**
 * An instance name as SQL Server allows one: up to 16 characters, a letter, `_`, `&` or `#` first, then letters,
 * digits, `_`, `$`, `#` (https://learn.microsoft.com/sql/sql-server/install/instance-configuration, "Instance ID
 * and name rules"); the default instance is `MSSQLSERVER`.
 */
export const INSTANCE_NAME = /^[A-Za-z_&#][A-Za-z0-9_$#&]{0,15}$/;
/** An instance id as setup makes it (`MSSQL16.MSSQLSERVER`, `MSSQL15.SQLEXPRESS`): one registry key name. */
export const INSTANCE_ID = /^[A-Za-z0-9_$#&]+(\.[A-Za-z0-9_$#&]+)*$/;

/** The instance's service: `MSSQLSERVER` for the default instance, `MSSQL$<name>` for a named one. */
export function serviceOf(name: string): string {
  return name.toUpperCase() === "MSSQLSERVER" ? "MSSQLSERVER" : `MSSQL$${name}`;
}

/** The service SID SQL Server's setup grants its rights to (https://learn.microsoft.com/sql/database-engine/configure-windows/configure-windows-service-accounts-and-permissions). */
export function serviceSidAccount(service: string): string {
  return `NT SERVICE\\${service}`;
}
