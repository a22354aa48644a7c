import type { KindChange, KindJournal, StateCheck } from "../binding-kind.js";
import { backupWithGrants, checkGrants, grantsToJournal, grantsWritten, readBackupWithGrants, restoreGrants, type PlannedGrant } from "../common/key-grants.js";
import { NETWORK_SERVICE, RDP_STORE, type RdpTarget } from "./model.js";
import { listenersOn } from "./read.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import { readHostBytes } from "../../platform/files/read-host-file.js";

/** A listener's prior certificate as the backup holds it (the Windows read's names). */
interface PriorListener {
  TerminalName: string;
  SSLCertificateSHA1Hash: string;
}

/** The backup's field of the listeners' prior state (`{ "listeners": [ … ], "keyGrants": [ … ] }`). */
const LISTENERS = "listeners";

/** The grants `apply` makes: NETWORK SERVICE's read access to each new key `assess` found it cannot read. */
const plannedGrants = (changes: readonly KindChange<RdpTarget>[]): PlannedGrant[] =>
  changes.filter((c) => c.view.keyAccess?.some((a) => a.account === NETWORK_SERVICE && a.status === "grant")).map((c) => ({ key: { store: RDP_STORE, thumbprint: c.view.to }, account: NETWORK_SERVICE }));

/**
 * A snapshot host's listeners are a file (`rdp/listeners.json`), journaled and restored byte for byte with the
 * certificate sidecar a key grant writes. On Windows the listeners are CIM instances: the prior thumbprint of each
 * listener the run changes is backed up and written back through the same CIM call; recovery puts back only the
 * listeners that still hold the certificate the run set. Each key grant the run will make is backed up too, with
 * the key's DACL before it (common/key-grants.ts): recovery revokes those that were made, keeping another program's
 * later change of the DACL.
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
    const grants = await grantsToJournal(context, plannedGrants(changes));
    return {
      name: "rdp-listeners.json",
      content: backupWithGrants(LISTENERS, prior, grants),
      written: { ...Object.fromEntries(changes.map((c) => [c.view.endpoint, c.view.to])), ...grantsWritten(grants) },
    };
  },
  async check(context, backup, written) {
    const { prior, grants } = readBackupWithGrants<PriorListener[]>(backup, LISTENERS);
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
    return [...checks, ...(await checkGrants(context, grants, written))];
  },
  async restore(context, backup, endpoints) {
    const listeners = listenersOn(context.host)!;
    const { prior: listenersBefore, grants } = readBackupWithGrants<PriorListener[]>(backup, LISTENERS);
    const restored: string[] = [];
    // The reverse of apply: the listeners first, then the grants that let NETWORK SERVICE read their new keys.
    for (const prior of listenersBefore) {
      if (!endpoints.includes(prior.TerminalName)) continue;
      await listeners.write(prior.TerminalName, prior.SSLCertificateSHA1Hash.toUpperCase() as Thumbprint);
      restored.push(prior.TerminalName);
    }
    return [...restored, ...(await restoreGrants(context, grants, endpoints))];
  },
};
