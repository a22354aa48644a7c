import { sameStore } from "../../core/certificate.js";
import { baseView, refuse, type ChangeView, type InformationalTarget, type PlanRequest } from "../../core/rebind/plan.js";
import type { KindChange, KindPlan } from "../binding-kind.js";
import { HASH_TYPE_CUSTOM, RDP_CODE, RDP_KIND, RDP_SERVICE, RDP_STORE, TERMINAL_NAME, type RdpListener, type RdpState, type RdpTarget } from "./model.js";

/** CR3012: a listener that chooses its certificate itself is reported and left alone. */
const SELF_SELECTING = "CR3012";

/**
 * Every listener on the old certificate (or already on the new one): only a pinned listener (SSLCertificateSHA1HashType
 * 3, custom) is changed. A listener whose certificate the group policy's template selects (2) or that uses the
 * self-signed certificate Remote Desktop Services makes and renews itself (1) is informational (CR3012): naming a
 * thumbprint would turn it into a custom one and stop Windows from following renewals. Pure.
 */
export function planListeners(state: RdpState, input: PlanRequest): KindPlan<RdpTarget> {
  const newThumbprint = input.newCertificates[0]!.thumbprint;
  const changes: KindChange<RdpTarget>[] = [];
  const informational: InformationalTarget[] = [];
  for (const listener of state.listeners) {
    const thumbprint = listener.thumbprint;
    if (thumbprint === null || (thumbprint !== input.oldThumbprint && !input.newCertificates.some((c) => c.thumbprint === thumbprint))) continue;
    if (listener.hashType !== HASH_TYPE_CUSTOM) {
      if (thumbprint === input.oldThumbprint) informational.push({ kind: RDP_KIND, endpoint: listener.terminalName, sites: [], reason: selfSelecting(listener), code: SELF_SELECTING });
      continue;
    }
    const view: ChangeView = { ...baseView(RDP_KIND, listener.terminalName, [], [], RDP_STORE, input, thumbprint), service: RDP_SERVICE, restartRequired: false };
    view.kept = ["every other setting of the listener (security layer, encryption level, authentication); its certificate stays custom (SSLCertificateSHA1HashType 3)"];
    if (view.status === "planned") {
      const refusal = listenerRefusal(listener, input);
      if (refusal) {
        view.notes = [];
        refuse(view, { code: RDP_CODE, reason: refusal });
      }
    }
    changes.push({ view, target: { terminalName: listener.terminalName, before: thumbprint } });
  }
  return { changes, informational };
}

function listenerRefusal(listener: RdpListener, input: PlanRequest): string | null {
  if (!TERMINAL_NAME.test(listener.terminalName)) {
    return `The RDP listener's name '${listener.terminalName}' has characters this tool does not pass to a CIM query (letters, digits, -, _ and . only); change its certificate by hand (KB 3042780).`;
  }
  if (!input.newCertificates.some((c) => sameStore(RDP_STORE, c.store))) {
    const stores = [...new Set(input.newCertificates.map((c) => `LocalMachine\\${c.store}`))].join(", ");
    return (
      `An RDP listener takes its certificate from LocalMachine\\My only (Win32_TSGeneralSetting refuses any other with "Invalid Parameter", KB 3042780); ` +
      `the new certificate is in ${stores}. Import it with its private key into LocalMachine\\My (Cert:\\LocalMachine\\My) and run again. Nothing was changed.`
    );
  }
  return null;
}

function selfSelecting(listener: RdpListener): string {
  switch (listener.hashType) {
    case 2:
      return "This RDP listener's certificate is chosen by the group policy's certificate template (SSLCertificateSHA1HashType 2): Remote Desktop Services enrolls and selects the renewed certificate itself, and naming a thumbprint would override the policy. Not changed.";
    case 1:
      return "This RDP listener uses the self-signed certificate Remote Desktop Services creates and renews itself (SSLCertificateSHA1HashType 1); naming a thumbprint would pin it. Not changed.";
    default:
      return `This RDP listener's SSLCertificateSHA1HashType is ${listener.hashType ?? "not given"}, not 3 (custom): its certificate was not named by an administrator, so it is not changed.`;
  }
}
