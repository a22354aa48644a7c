import { recordKeyId } from "../../core/endpoints.js";
import type { PlannedChange } from "../../core/rebind/plan.js";
import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { Host } from "../../platform/ports.js";

/** Reads the host again; returns the endpoints of planned changes that are not in place. */
export async function verifyApplied(host: Host, planned: readonly PlannedChange[]): Promise<string[]> {
  const records = new Map((await host.httpSys.readRecords()).map((r) => [recordKeyId(r), r]));
  const needsConfig = planned.some((c) => c.target.type === "ftp");
  const config = needsConfig ? await host.iisConfig.read() : null;
  return planned
    .filter((change) => {
      const { target, view } = change;
      if (target.type === "record") {
        const now = records.get(recordKeyId(target.record));
        const storeOk = (now?.storeName ?? "MY").toLowerCase() === (view.storeName.to ?? "MY").toLowerCase();
        return !(now && now.thumbprint === view.to && storeOk);
      }
      const ssl = target.site === null ? config?.siteDefaultsFtpSsl : config?.sites.find((s) => s.name === target.site)?.ftpSsl;
      return tryNormalizeThumbprint(ssl?.serverCertHash) !== view.to;
    })
    .map((c) => c.view.endpoint);
}
