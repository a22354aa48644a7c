import { sameStore } from "../../core/certificate.js";
import { baseView, refuse, type ChangeView, type PlanRequest } from "../../core/rebind/plan.js";
import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { KindPlan } from "../binding-kind.js";
import { serviceOf, type SqlState, type SqlTarget } from "./model.js";

/** The refusal code of this kind: the instance's service could not use the new certificate (its key, its store). */
export const KEY_ACCESS_REFUSED = "CR3013";

/**
 * Every instance whose `Certificate` is the old thumbprint (or already the new one: `unchanged`), validated by the
 * shared checks; SQL Server loads its certificate from LocalMachine\My only, so a new certificate found in no other
 * store is refused (CR3013). The change takes effect when the instance's service starts again (`restartRequired`).
 * A failover-cluster instance is moved on this node only: the note says the other nodes need the same value. Pure.
 */
export function planSql(state: SqlState, request: PlanRequest): KindPlan<SqlTarget> {
  const changes: KindPlan<SqlTarget>["changes"] = [];
  const newThumbprint = request.newCertificates[0]!.thumbprint;
  for (const instance of state.instances) {
    const current = tryNormalizeThumbprint(instance.certificate);
    if (current === null || (current !== request.oldThumbprint && current !== newThumbprint)) continue;
    const service = serviceOf(instance.name);
    const view: ChangeView = { ...baseView("sqlserver", instance.name, [], [], "MY", request, current), service };
    if (view.status === "planned") {
      view.restartRequired = true;
      view.kept = ["every other value of the instance's SuperSocketNetLib key (ForceEncryption, …)"];
      if (!request.newCertificates.some((c) => sameStore(c.store, "MY"))) {
        refuse(view, {
          code: KEY_ACCESS_REFUSED,
          reason: `SQL Server loads its certificate from LocalMachine\\My only, and the new certificate is not there (it is in ${request.newCertificates.map((c) => c.store).join(", ")}): import it into LocalMachine\\My first.`,
        });
      }
      if (instance.cluster !== null) {
        view.notes.push(`${instance.name} is an instance of the failover cluster ${instance.cluster}: the Certificate value is set on this node only; set the same certificate on every other node before the instance fails over (https://learn.microsoft.com/sql/database-engine/configure-windows/configure-sql-server-encryption).`);
      }
    }
    changes.push({ view, target: { instance, service } });
  }
  return { changes, informational: [] };
}
