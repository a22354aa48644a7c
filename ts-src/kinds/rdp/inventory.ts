import type { KindBinding, KindInventory } from "../binding-kind.js";
import { HASH_TYPE_CUSTOM, RDP_KIND, RDP_SERVICE, RDP_STORE, type RdpListener, type RdpState } from "./model.js";

/** The store Remote Desktop Services keeps its own self-signed certificate in (SSLCertificateSHA1HashType 1). */
export const SELF_SIGNED_STORE = "Remote Desktop";

/**
 * Every listener that names a certificate: pinned (type 3) or choosing it itself (1, 2 and any other type). Each
 * counts: a certificate a listener holds is in use. Pure.
 */
export function listenerInventory(state: RdpState): KindInventory {
  const bindings: KindBinding[] = state.listeners.flatMap((listener) =>
    listener.thumbprint === null
      ? []
      : [
          {
            kind: RDP_KIND,
            endpoint: listener.terminalName,
            thumbprint: listener.thumbprint,
            storeName: storeOf(listener),
            selection: listener.hashType === HASH_TYPE_CUSTOM ? "pinned" : "self-selecting",
            hostnames: [],
            sites: [],
            appId: null,
            owner: "Remote Desktop",
            service: RDP_SERVICE,
          },
        ],
  );
  return { bindings, warnings: [...state.warnings] };
}

/** The store the listener's certificate is in: My, or Remote Desktop for the self-signed one (type 1). */
export function storeOf(listener: RdpListener): string {
  return listener.hashType === 1 ? SELF_SIGNED_STORE : RDP_STORE;
}
