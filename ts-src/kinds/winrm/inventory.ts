import { describeReceived, tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { ClaimedBinding, KindBinding, KindInventory } from "../binding-kind.js";
import { claimedRecordKey, httpsListeners, listenerEndpoint } from "./listener-names.js";
import type { WinrmState } from "./model.js";

/** WinRM reads its listeners' certificates from LocalMachine\My (INFERRED: every published listener script takes it from there). */
export const WINRM_STORE = "My";

/**
 * Every HTTPS listener: pinned to the certificate its CertificateThumbprint names. One with an empty
 * CertificateThumbprint is listed as self-selecting, with no certificate (INFERRED: a listener made by Group Policy
 * picks a certificate that names the computer itself, PowerShell/PowerShell#2282; one that shares another service's
 * HTTP.sys record must have it empty, 1RedOne/WinRM_CertMgmt#4 on GitHub). Pure.
 */
export function winrmInventory(state: WinrmState): KindInventory {
  const warnings = [...state.warnings];
  if (state.unreadable !== null) {
    warnings.push(
      `WinRM's listeners could not be read (${state.unreadable}): a WinRM HTTPS listener is not listed, and its HTTP.sys record is refused (CR3007) rather than changed behind WinRM's back.`,
    );
  }
  const bindings: KindBinding[] = [];
  for (const listener of httpsListeners(state.listeners)) {
    const endpoint = listenerEndpoint(listener.address);
    const raw = listener.certificateThumbprint;
    const thumbprint = tryNormalizeThumbprint(raw);
    if (raw !== "" && thumbprint === null) {
      warnings.push(`The WinRM listener ${endpoint}: CertificateThumbprint '${describeReceived(raw)}' is not a thumbprint; it is ignored.`);
      continue;
    }
    bindings.push({
      kind: "winrm",
      endpoint,
      thumbprint,
      storeName: WINRM_STORE,
      selection: thumbprint === null ? "self-selecting" : "pinned",
      hostnames: listener.hostname === "" ? [] : [listener.hostname.toLowerCase()],
      sites: [],
      appId: null,
      owner: "WinRM",
      service: "WinRM",
    });
  }
  return { bindings, warnings };
}

/** The HTTP.sys records WinRM writes itself for its HTTPS listeners that name a certificate (`ipport`, INFERRED endpoints: listener-names.ts). */
export function winrmClaims(state: WinrmState): ClaimedBinding[] {
  return httpsListeners(state.listeners).flatMap((listener) => {
    const key = claimedRecordKey(listener);
    if (key === null || tryNormalizeThumbprint(listener.certificateThumbprint) === null) return [];
    const endpoint = listenerEndpoint(listener.address);
    return [{ kind: key.kind, endpoint: key.endpoint, by: `the WinRM listener ${endpoint}`, claimant: { kind: "winrm", endpoint } }];
  });
}
