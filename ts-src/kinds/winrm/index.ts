import type { BindingKind } from "../binding-kind.js";
import { applyWinrm, readBackWinrm } from "./apply.js";
import { winrmPart } from "./capture.js";
import { winrmClaims, winrmInventory } from "./inventory.js";
import { winrmJournal } from "./journal.js";
import { LISTENERS_FILE } from "./listener-names.js";
import type { WinrmState, WinrmTarget } from "./model.js";
import { planWinrm } from "./plan.js";
import { readWinrmState } from "./read.js";

/**
 * WinRM's HTTPS listeners (`winrm/config/Listener`): each listener's CertificateThumbprint, changed in place through
 * WS-Management (Set-WSManInstance); WinRM writes the listener's HTTP.sys record itself, which this kind claims (the
 * record is then informational, CR3017) and checks in its read back. Refusals: CR3016.
 */
export const winrmKind: BindingKind<WinrmState, WinrmTarget> = {
  name: "winrm",
  viewKinds: ["winrm"],
  read: readWinrmState,
  // WinRM takes its certificates from LocalMachine\My, which every reading includes.
  storesNamed: () => [],
  inventory: winrmInventory,
  plan: planWinrm,
  apply: applyWinrm,
  readBack: readBackWinrm,
  journal: winrmJournal,
  snapshotFiles: [LISTENERS_FILE],
  claims: winrmClaims,
  capture: winrmPart,
};
