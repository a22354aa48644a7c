import type { KindBinding, KindInventory } from "../binding-kind.js";
import { describeReceived, tryNormalizeThumbprint } from "../../core/thumbprint.js";
import { serviceOf, type SqlState } from "./model.js";

/**
 * Each instance with a certificate is one binding (`sqlserver`, its instance name), pinned, in LocalMachine\My
 * (SQL Server loads its certificate from there). An instance with none (the value empty or absent) picks its own:
 * SQL Server then uses a self-generated certificate (configure-sql-server-encryption), listed as self-selecting with
 * no thumbprint, never changed. Pure.
 */
export function sqlInventory(state: SqlState): KindInventory {
  const warnings = [...state.warnings];
  const bindings: KindBinding[] = [];
  for (const instance of state.instances) {
    if (instance.certificate === "") {
      bindings.push({ ...binding(instance.name), thumbprint: null, storeName: null, selection: "self-selecting" });
      continue;
    }
    const thumbprint = tryNormalizeThumbprint(instance.certificate);
    if (thumbprint === null) {
      warnings.push(`SQL Server instance ${instance.name}: Certificate '${describeReceived(instance.certificate)}' is not a thumbprint; it is ignored.`);
      continue;
    }
    bindings.push({ ...binding(instance.name), thumbprint, storeName: "MY", selection: "pinned" });
  }
  return { bindings, warnings };
}

function binding(name: string): Omit<KindBinding, "thumbprint" | "storeName" | "selection"> {
  return { kind: "sqlserver", endpoint: name, hostnames: [], sites: [], appId: null, owner: "SQL Server", service: serviceOf(name) };
}
