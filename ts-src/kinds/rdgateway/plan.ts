import { sameStore } from "../../core/certificate.js";
import { baseView, refuse, type ChangeView, type PlanRequest } from "../../core/rebind/plan.js";
import type { KindPlan } from "../binding-kind.js";
import { GATEWAY_ENDPOINT, GATEWAY_KIND, GATEWAY_SERVICE, GATEWAY_STORE, type GatewayState, type GatewayTarget } from "./model.js";

/** RD Gateway's refusals. */
export const GATEWAY_REFUSAL = "CR3015";

/**
 * The gateway's change when its certificate is the old one (or already the new one: `unchanged`). Its names are not
 * in Win32_TSGatewayServerSettings (clients reach it by the name in their RDP files or the RDS deployment), so no
 * name is checked. Refused (CR3015) when no copy of the new certificate is in LocalMachine\My. The change takes effect
 * at TSGateway's restart (`restartRequired`). Microsoft's SetCertificate/Configure pages name no restart; the peers
 * restart TSGateway after setting the certificate (VERIFIED: Posh-ACME.Deploy's Set-RDGWCertificate, `Restart-Service
 * TSGateway` unless -NoRestartService,
 * https://github.com/rmbolger/Posh-ACME.Deploy/blob/103527c/Posh-ACME.Deploy/Public/Set-RDGWCertificate.ps1; win-acme's
 * ImportRDGateway.ps1, `Restart-Service TSGateway -Force`,
 * https://github.com/simple-acme/simple-acme/blob/0b719dd/dist/Scripts/ImportRDGateway.ps1), through the RDS: drive
 * rather than Configure; that the running service keeps the old certificate until then (its UDP transport at least)
 * is INFERRED. So the change is reported pending a restart, which --restart-services makes. Pure.
 */
export function planGateway(state: GatewayState, request: PlanRequest): KindPlan<GatewayTarget> {
  const current = state.settings?.thumbprint ?? null;
  const newThumbprint = request.newCertificates[0]!.thumbprint;
  if (current === null || (current !== request.oldThumbprint && current !== newThumbprint)) return { changes: [], informational: [] };
  const view: ChangeView = { ...baseView(GATEWAY_KIND, GATEWAY_ENDPOINT, [], [], GATEWAY_STORE, request, current), service: GATEWAY_SERVICE };
  view.storeName.to = GATEWAY_STORE;
  view.notes = view.notes.filter((note) => !note.startsWith("The certificate store changes"));
  if (view.status === "planned") {
    view.restartRequired = true;
    view.kept = ["every other setting of Win32_TSGatewayServerSettings"];
    if (state.records.length > 0) {
      view.notes.push(`RD Gateway's Configure moves its HTTP.sys record${state.records.length > 1 ? "s" : ""} ${state.records.map((r) => r.endpoint).join(", ")} with it.`);
    }
    if (!request.newCertificates.some((c) => sameStore(c.store, GATEWAY_STORE))) {
      refuse(view, {
        code: GATEWAY_REFUSAL,
        reason: `RD Gateway takes its certificate from LocalMachine\\My, and the new certificate is not there (it is in ${[...new Set(request.newCertificates.map((c) => c.store))].join(", ")}): import it into LocalMachine\\My, then run again.`,
      });
    }
  }
  return { changes: [{ view, target: { before: current, records: state.records } }], informational: [] };
}
