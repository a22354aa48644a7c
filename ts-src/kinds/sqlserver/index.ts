import type { BindingKind } from "../binding-kind.js";
import { readSqlInstances } from "./adapter.js";
import { applySql, assessSql, readBackSql } from "./apply.js";
import { sqlPart } from "./capture.js";
import { sqlInventory } from "./inventory.js";
import { sqlJournal } from "./journal.js";
import { INSTANCES_FILE, type SqlState, type SqlTarget } from "./model.js";
import { planSql } from "./plan.js";

/**
 * SQL Server Database Engine instances: each instance's `SuperSocketNetLib\Certificate` (the registry on Windows,
 * `sqlserver/instances.json` on a snapshot host). The service's account and service SID are given read access to the
 * new key (or the change is refused, CR3013); the instance loads the new certificate when its service starts again
 * (`restartRequired`; `--restart-services` restarts it).
 */
export const sqlServerKind: BindingKind<SqlState, SqlTarget> = {
  name: "sqlserver",
  viewKinds: ["sqlserver"],
  read: readSqlInstances,
  storesNamed: (state) => (state.instances.some((i) => i.certificate !== "") ? ["MY"] : []),
  inventory: sqlInventory,
  plan: planSql,
  assess: assessSql,
  apply: applySql,
  readBack: readBackSql,
  journal: sqlJournal,
  snapshotFiles: [INSTANCES_FILE],
  capture: sqlPart,
};
