import type { SqlInstance } from "./model.js";

/** Where the kind reads and writes the instances' certificates: the registry (Windows) or `sqlserver/instances.json`. */
export interface SqlPort {
  /** Every instance; null when SQL Server is not installed (no instance list, no snapshot file). */
  read(): Promise<{ instances: SqlInstance[]; warnings: string[] } | null>;
  /** Sets the instance's `Certificate` to `value` (a lower-case thumbprint, or "" to put an empty value back). */
  writeCertificate(instance: SqlInstance, value: string): Promise<void>;
  /** The host files `writeCertificate` changes (a snapshot host's instances.json); [] on Windows. */
  readonly files: readonly string[];
}
