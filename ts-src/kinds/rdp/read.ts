import type { Host } from "../../platform/ports.js";
import type { KindContext } from "../binding-kind.js";
import type { RdpState } from "./model.js";
import type { RdpListeners } from "./port.js";
import { snapshotListeners } from "./snapshot.js";
import { windowsListeners } from "./windows.js";

/** The listeners of this host: through CIM on Windows, from `rdp/listeners.json` on a snapshot host. */
export function listenersOn(host: Host): RdpListeners | null {
  if (host.windows) return windowsListeners(host.windows);
  if (host.snapshot) return snapshotListeners(host.snapshot);
  return null;
}

/** The listeners; null when there are none and nothing to say (no provider, no file, an empty list). */
export async function readListeners(context: KindContext): Promise<RdpState | null> {
  const state = (await listenersOn(context.host)?.read()) ?? null;
  return state === null || (state.listeners.length === 0 && state.warnings.length === 0) ? null : state;
}
