import { recordKeyId } from "../../core/endpoints.js";
import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { ApplySession, KindChange, KindContext } from "../binding-kind.js";
import { winrmAccess, type ListenerWrite } from "./access.js";
import { httpsListeners, listenerEndpoint } from "./listener-names.js";
import type { WinrmTarget } from "./model.js";
import { readWinrmState } from "./read.js";

type WinrmChange = KindChange<WinrmTarget>;

export function listenerWrites(changes: readonly WinrmChange[]): ListenerWrite[] {
  return changes.map(({ view, target }) => ({ endpoint: view.endpoint, address: target.address, from: target.from, to: view.to, record: target.record }));
}

/** Every listener's certificate in one batch (its undo registered first); the read back checks them and their records. */
export async function applyWinrm(context: KindContext, changes: readonly WinrmChange[], session: ApplySession): Promise<void> {
  await winrmAccess(context.host).write(listenerWrites(changes), session);
}

/**
 * The endpoints whose listener does not hold the new certificate on a new reading, or whose HTTP.sys record (the one
 * the plan found, claimed by this kind) did not move with it: WinRM writes it itself, so a record left on the old
 * certificate means the running listener did not take the change.
 */
export async function readBackWinrm(context: KindContext, changes: readonly WinrmChange[]): Promise<string[]> {
  if (changes.length === 0) return [];
  const state = await readWinrmState(context);
  if (state === null || state.unreadable !== null) return changes.map((c) => c.view.endpoint);
  const listeners = new Map(httpsListeners(state.listeners).map((l) => [listenerEndpoint(l.address).toLowerCase(), l]));
  const records = new Map(state.records.map((r) => [recordKeyId(r.key), r]));
  return changes
    .filter(({ view, target }) => {
      const listener = listeners.get(view.endpoint.toLowerCase());
      if (tryNormalizeThumbprint(listener?.certificateThumbprint) !== view.to) return true;
      return target.record !== null && tryNormalizeThumbprint(records.get(recordKeyId(target.record))?.thumbprint) !== view.to;
    })
    .map((c) => c.view.endpoint);
}
