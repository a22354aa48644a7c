import { sameStore } from "../../core/certificate.js";
import { recordKeyId } from "../../core/endpoints.js";
import { uncoveredHosts } from "../../core/hostname.js";
import { baseView, refuse, type ChangeView, type PlanRequest } from "../../core/rebind/plan.js";
import { withRemedy } from "../../core/remedy.js";
import { describeReceived, tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { KindPlan } from "../binding-kind.js";
import { WINRM_STORE } from "./inventory.js";
import { claimedRecordKey, httpsListeners, isListenerAddress, isListenerPort, listenerEndpoint } from "./listener-names.js";
import type { WinrmListener, WinrmState, WinrmTarget } from "./model.js";

const CODE = "CR3016";

/**
 * Every HTTPS listener on the old certificate (or already on the new one), validated: the new certificate usable
 * (baseView), in LocalMachine\My, and covering the listener's Hostname unless --allow-name-mismatch (Set-WSManInstance
 * fails when the listener's Hostname does not match the new certificate, as Posh-ACME.Deploy notes:
 * https://github.com/rmbolger/Posh-ACME.Deploy/blob/main/Posh-ACME.Deploy/Public/Set-WinRMCertificate.ps1). The
 * listener's Hostname is never rewritten and the listener never deleted and re-created. Pure.
 */
export function planWinrm(state: WinrmState, request: PlanRequest): KindPlan<WinrmTarget> {
  const newThumbprint = request.newCertificates[0]!.thumbprint;
  const records = new Map(state.records.map((r) => [recordKeyId(r.key), r]));
  const changes: KindPlan<WinrmTarget>["changes"] = [];
  for (const listener of httpsListeners(state.listeners)) {
    const current = tryNormalizeThumbprint(listener.certificateThumbprint);
    if (current === null || (current !== request.oldThumbprint && current !== newThumbprint)) continue;
    const endpoint = listenerEndpoint(listener.address);
    const hostnames = listener.hostname === "" ? [] : [listener.hostname.toLowerCase()];
    // The names are WinRM's own check (CR3016), not the shared one (CR3005): hostnames are set after.
    const view: ChangeView = { ...baseView("winrm", endpoint, [], [], WINRM_STORE, request, current), hostnames, service: "WinRM", restartRequired: false };
    view.kept = [`Hostname: ${listener.hostname || "(none)"}`, `Port: ${listener.port}`, `Enabled: ${listener.enabled || "(not read)"}`, "every other setting of the listener (it is changed in place, never re-created)"];
    const recordKey = claimedRecordKey(listener);
    const record = recordKey === null ? undefined : records.get(recordKeyId(recordKey));
    if (view.status === "planned") {
      const refusal = listenerRefusal(listener, request, hostnames);
      if (refusal) refuse(view, refusal);
    }
    if (view.status === "planned") {
      view.notes.push(
        "WinRM is not restarted: Set-WSManInstance changes the running listener's certificate (INFERRED; no Microsoft source says either way), which the read back checks on its HTTP.sys record, and a restart would end every WinRM session, this one too when certrebind runs through WinRM.",
      );
      const overridden = request.force ? uncoveredHosts(request.newCertificates.find((c) => sameStore(WINRM_STORE, c.store))!.dnsNames, hostnames) : [];
      if (overridden.length > 0) {
        view.notes.push(`The host-name check was overridden: the new certificate does not cover the listener's Hostname ${overridden.join(", ")}. WinRM may still refuse it (Set-WSManInstance checks the name); the run then fails and everything is restored.`);
      }
      if (record) view.notes.push(`WinRM moves its HTTP.sys record ${record.key.endpoint} with the listener; the read back checks that it did.`);
    }
    changes.push({ view, target: { address: listener.address, from: current, record: record?.key ?? null } });
  }
  return { changes, informational: [] };
}

/** CR3016: a listener this tool cannot name safely, a new certificate WinRM cannot take, or one that does not cover the listener's Hostname. */
function listenerRefusal(listener: WinrmListener, request: PlanRequest, hostnames: string[]): { code: string; reason: string } | null {
  if (!isListenerAddress(listener.address) || !isListenerPort(listener.port)) {
    return {
      code: CODE,
      reason: `The WinRM listener's Address '${describeReceived(listener.address)}' or Port '${describeReceived(listener.port)}' is not of a form WinRM documents (*, IP:<address>, MAC:<address>; a port number), so certrebind does not name it in a command. Change it with Set-WSManInstance yourself.`,
    };
  }
  const inMy = request.newCertificates.find((c) => sameStore(WINRM_STORE, c.store));
  if (!inMy) {
    return {
      code: CODE,
      reason: `The new certificate is not in LocalMachine\\My (it is in ${request.newCertificates.map((c) => c.store).join(", ")}), where WinRM takes its listeners' certificates from. Import it into LocalMachine\\My with its private key and run again.`,
    };
  }
  const missing = uncoveredHosts(inMy.dnsNames, hostnames);
  if (missing.length === 0) return null;
  if (request.force) return null;
  return {
    code: CODE,
    reason: withRemedy(
      `The new certificate does not cover the listener's Hostname ${missing.join(", ")} (it names ${inMy.dnsNames.join(", ") || "nothing"}): Set-WSManInstance refuses a certificate whose name does not match the listener's Hostname, and certrebind never rewrites the Hostname or re-creates the listener.`,
      "allowNameMismatch",
    ),
  };
}
