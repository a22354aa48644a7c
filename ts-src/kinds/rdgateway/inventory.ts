import type { KindInventory } from "../binding-kind.js";
import { GATEWAY_ENDPOINT, GATEWAY_KIND, GATEWAY_OWNER, GATEWAY_SERVICE, GATEWAY_STORE, type GatewayState } from "./model.js";

/** The gateway's one binding (pinned: it names its certificate by hash), and what could not be read. Pure. */
export function gatewayInventory(state: GatewayState): KindInventory {
  const thumbprint = state.settings?.thumbprint ?? null;
  if (thumbprint === null) return { bindings: [], warnings: [...state.warnings] };
  return {
    bindings: [
      {
        kind: GATEWAY_KIND,
        endpoint: GATEWAY_ENDPOINT,
        thumbprint,
        storeName: GATEWAY_STORE,
        selection: "pinned",
        hostnames: [],
        sites: [],
        appId: null,
        owner: GATEWAY_OWNER,
        service: GATEWAY_SERVICE,
      },
    ],
    warnings: [...state.warnings],
  };
}
