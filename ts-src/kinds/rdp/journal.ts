import type { KindJournal, StateCheck } from "../binding-kind.js";
import { NETWORK_SERVICE, RDP_STORE, type RdpTarget } from "./model.js";
import { listenersOn } from "./read.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import { readHostBytes } from "../../platform/files/read-host-file.js";

/** A listener's prior certificate as the backup holds it (the Windows read's names). */
interface PriorListener {
  TerminalName: string;
  SSLCertificateSHA1Hash: string;
}

/**
 * A snapshot host's listeners are a file (`rdp/listeners.json`), journaled and restored byte for byte with the
 * certificate sidecar a key grant writes. On Windows the listeners are CIM instances: the prior thumbprint of each
 * listener the run changes is backed up and written back through the same CIM call; recovery puts back only the
 * listeners that still hold the certificate the run set.
 */
export const listenerJournal: KindJournal<RdpTarget> = {
  step: "rdp",
  async files(context, changes) {
    const file = listenersOn(context.host)?.file() ?? null;
    if (file === null) return [];
    const files = [file];
    const hostFile = context.host.keys.hostFile?.bind(context.host.keys);
    for (const { view } of changes) {
      if (!hostFile || !view.keyAccess?.some((a) => a.account === NETWORK_SERVICE && a.status === "grant")) continue;
      // A sidecar that is not there is not journaled: the grant then fails (CR4004) before the listener changes.
      const sidecar = await hostFile({ store: RDP_STORE, thumbprint: view.to });
      if ((await readHostBytes(sidecar)) !== null) files.push(sidecar);
    }
    return [...new Set(files)];
  },
  async backup(context, changes) {
    if (listenersOn(context.host)?.file() !== null) return null;
    const prior: PriorListener[] = changes.map((c) => ({ TerminalName: c.target.terminalName, SSLCertificateSHA1Hash: c.target.before }));
    return { name: "rdp-listeners.json", content: JSON.stringify(prior), written: Object.fromEntries(changes.map((c) => [c.view.endpoint, c.view.to])) };
  },
  async check(context, backup, written) {
    const prior = JSON.parse(backup) as PriorListener[];
    const state = await listenersOn(context.host)?.read();
    if (state && state.listeners.length === 0 && state.warnings.length > 0) throw new Error(state.warnings.join(" "));
    const now = new Map(state?.listeners.map((l) => [l.terminalName.toLowerCase(), l.hashText]) ?? []);
    const same = (a: string | null, b: string | null) => a !== null && b !== null && a.toUpperCase() === b.toUpperCase();
    const checks: StateCheck[] = [];
    for (const [endpoint, wrote] of Object.entries(written)) {
      const before = prior.find((l) => l.TerminalName === endpoint);
      if (before === undefined) continue;
      const current = now.get(endpoint.toLowerCase()) ?? null;
      const state = same(current, before.SSLCertificateSHA1Hash) ? "prior" : same(current, wrote) ? "written" : "changed";
      checks.push({ endpoint, prior: before.SSLCertificateSHA1Hash, written: wrote, current, state, what: `the RDP listener ${endpoint}` });
    }
    return checks;
  },
  async restore(context, backup, endpoints) {
    const listeners = listenersOn(context.host)!;
    const restored: string[] = [];
    for (const prior of JSON.parse(backup) as PriorListener[]) {
      if (!endpoints.includes(prior.TerminalName)) continue;
      await listeners.write(prior.TerminalName, prior.SSLCertificateSHA1Hash.toUpperCase() as Thumbprint);
      restored.push(prior.TerminalName);
    }
    return restored;
  },
};
