import type { BindingKind } from "../binding-kind.js";
import { applyGateway, readBackGateway } from "./apply.js";
import { gatewayPart } from "./capture.js";
import { gatewayInventory } from "./inventory.js";
import { gatewayJournal } from "./journal.js";
import { GATEWAY_ENDPOINT, GATEWAY_KIND, GATEWAY_STORE, SETTINGS_FILE, type GatewayState, type GatewayTarget } from "./model.js";
import { planGateway } from "./plan.js";
import { readGatewayState } from "./read.js";

/**
 * RD Gateway (TSGateway): Win32_TSGatewayServerSettings.CertHash, changed by SetCertificate then Configure; its
 * HTTP.sys record on port 443 is the service's to rewrite (claimed: the HTTP.sys kind leaves it alone, CR3017, and
 * this kind's read back checks it moved). Refusals: CR3015.
 */
export const rdGatewayKind: BindingKind<GatewayState, GatewayTarget> = {
  name: "rdgateway",
  viewKinds: [GATEWAY_KIND],
  read: readGatewayState,
  storesNamed: (state) => (state.settings?.thumbprint ? [GATEWAY_STORE] : []),
  inventory: gatewayInventory,
  plan: planGateway,
  apply: applyGateway,
  readBack: readBackGateway,
  journal: gatewayJournal,
  snapshotFiles: [SETTINGS_FILE],
  claims: (state) =>
    state.records.map((record) => ({
      kind: record.kind,
      endpoint: record.endpoint,
      by: "RD Gateway (TSGateway), whose Configure rewrites its port 443 record",
      claimant: { kind: GATEWAY_KIND, endpoint: GATEWAY_ENDPOINT },
    })),
  capture: gatewayPart,
};
