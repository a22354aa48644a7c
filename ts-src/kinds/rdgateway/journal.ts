import type { HttpSysRecord } from "../../core/model.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import type { KindJournal, StateCheck } from "../binding-kind.js";
import { gatewayAccess } from "./gateway-access.js";
import { GATEWAY_ENDPOINT, type GatewayTarget } from "./model.js";

/** The Windows backup: the gateway's certificate before the run, and its HTTP.sys records as read. */
interface GatewayBackup {
  thumbprint: Thumbprint;
  records: HttpSysRecord[];
}

/**
 * A snapshot host: the settings file and HTTP.sys's file, backed up and restored byte for byte (a file two kinds list
 * is journaled once). Windows: the certificate before the run, put back through SetCertificate and Configure, which
 * moves the gateway's HTTP.sys record back too; only when the gateway still holds what the run wrote.
 */
export const gatewayJournal: KindJournal<GatewayTarget> = {
  step: "rdgateway",
  async files(context) {
    return gatewayAccess(context)?.files() ?? [];
  },
  async backup(context, changes) {
    if (context.host.snapshot || changes.length === 0) return null;
    const { view, target } = changes[0]!;
    const backup: GatewayBackup = { thumbprint: target.before, records: target.records };
    return { name: "rdgateway-settings.json", content: JSON.stringify(backup), written: { [view.endpoint]: view.to } };
  },
  async check(context, backup, written) {
    const prior = JSON.parse(backup) as GatewayBackup;
    const read = await gatewayAccess(context)?.read();
    const current = read && "settings" in read ? read.settings.thumbprint : null;
    const checks: StateCheck[] = [];
    for (const [endpoint, wrote] of Object.entries(written)) {
      const state = current === prior.thumbprint ? "prior" : current === wrote ? "written" : "changed";
      checks.push({ endpoint, prior: prior.thumbprint, written: wrote, current, state, what: `RD Gateway's certificate (${GATEWAY_ENDPOINT})` });
    }
    return checks;
  },
  async restore(context, backup, endpoints) {
    const prior = JSON.parse(backup) as GatewayBackup;
    if (!endpoints.includes(GATEWAY_ENDPOINT)) return [];
    const access = gatewayAccess(context);
    if (access === null) return [];
    await access.restore(prior.thumbprint, prior.records);
    return [GATEWAY_ENDPOINT];
  },
};
