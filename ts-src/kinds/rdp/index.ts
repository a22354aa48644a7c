import type { BindingKind } from "../binding-kind.js";
import { applyListeners, assessKeyAccess, readBackListeners } from "./apply.js";
import { rdpPart } from "./capture.js";
import { listenerInventory, storeOf } from "./inventory.js";
import { listenerJournal } from "./journal.js";
import { RDP_KIND, type RdpState, type RdpTarget } from "./model.js";
import { planListeners } from "./plan.js";
import { readListeners } from "./read.js";
import { LISTENERS_FILE } from "./snapshot.js";

/**
 * RDP listeners (Win32_TSGeneralSetting.SSLCertificateSHA1Hash, `RDP-Tcp`): a pinned listener (type 3) moves to the
 * new certificate, with read access to its key for NETWORK SERVICE; a listener that chooses its certificate itself
 * is reported (CR3012). No restart: none is documented (KB 3042780).
 */
export const rdpKind: BindingKind<RdpState, RdpTarget> = {
  name: "rdp",
  viewKinds: [RDP_KIND],
  read: readListeners,
  storesNamed: (state) => [...new Set(state.listeners.filter((l) => l.thumbprint !== null).map(storeOf))],
  inventory: listenerInventory,
  plan: planListeners,
  assess: assessKeyAccess,
  apply: applyListeners,
  readBack: readBackListeners,
  journal: listenerJournal,
  snapshotFiles: [LISTENERS_FILE],
  capture: rdpPart,
};
