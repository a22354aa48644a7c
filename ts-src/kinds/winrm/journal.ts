import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { KindJournal, StateCheck } from "../binding-kind.js";
import { winrmAccess, type ListenerWrite } from "./access.js";
import { listenerWrites } from "./apply.js";
import { httpsListeners, listenerEndpoint } from "./listener-names.js";
import type { WinrmTarget } from "./model.js";

/**
 * A snapshot host's listeners are `winrm/listeners.json`, and the run moves their HTTP.sys records too (playing
 * WinRM's part), so both files are journaled and restored byte for byte (the records file may be another kind's too:
 * the journal keeps a file once). On Windows the listeners are WS-Management's configuration, not a file: the
 * listeners the run changes are backed up (selector and certificate) and recovery sets back, with Set-WSManInstance,
 * those that still hold the certificate the run set; WinRM moves their HTTP.sys records back itself (INFERRED).
 */
export const winrmJournal: KindJournal<WinrmTarget> = {
  step: "winrm",
  async files(context, changes) {
    const access = winrmAccess(context.host);
    if (access.filePath === null) return [];
    const records = changes.some((c) => c.target.record !== null) ? context.host.httpSys.recordFiles : [];
    return [access.filePath, ...records];
  },
  async backup(context, changes) {
    if (winrmAccess(context.host).filePath !== null) return null;
    return {
      name: "winrm-listeners.json",
      content: JSON.stringify(listenerWrites(changes)),
      written: Object.fromEntries(changes.map((c) => [c.view.endpoint, c.view.to])),
    };
  },
  async check(context, backup, written) {
    const prior = JSON.parse(backup) as ListenerWrite[];
    const read = await winrmAccess(context.host).read();
    if (!("listeners" in read)) {
      throw new Error(`WinRM's listeners cannot be read to undo the interrupted run (${"unreadable" in read ? read.unreadable : "WinRM is not there"}); start the WinRM service and run again`);
    }
    const now = new Map(httpsListeners(read.listeners).map((l) => [listenerEndpoint(l.address).toLowerCase(), tryNormalizeThumbprint(l.certificateThumbprint)]));
    const checks: StateCheck[] = [];
    for (const [endpoint, wrote] of Object.entries(written)) {
      const before = prior.find((p) => p.endpoint === endpoint);
      if (before === undefined) continue;
      const current = now.get(endpoint.toLowerCase()) ?? null;
      const state = current === before.from ? "prior" : current === wrote ? "written" : "changed";
      checks.push({ endpoint, prior: before.from, written: wrote, current, state, what: `the WinRM listener ${endpoint}` });
    }
    return checks;
  },
  async restore(context, backup, endpoints) {
    const back = (JSON.parse(backup) as ListenerWrite[]).filter((w) => endpoints.includes(w.endpoint)).map((w) => ({ ...w, from: w.to, to: w.from }));
    if (back.length > 0) await winrmAccess(context.host).restore?.(back);
    return back.map((w) => w.endpoint);
  },
};
