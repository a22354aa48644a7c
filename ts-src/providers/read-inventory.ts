import { certificateFromStore, type Certificate } from "../core/certificate.js";
import { buildInventory, type Inventory } from "../core/inventory.js";
import type { HttpSysRecord, IisConfiguration } from "../core/model.js";
import { ownerOfAppId } from "../core/app-ids.js";
import type { Host } from "../platform/ports.js";

/** What the host holds: HTTP.sys records, the IIS configuration and the certificates of its stores. */
export interface HostReading {
  records: HttpSysRecord[];
  config: IisConfiguration | null;
  certificates: Certificate[];
  /**
   * Why the sites behind IIS's HTTP.sys records cannot be known (unreadable shared configuration, IIS records but
   * no applicationHost.config), or null: a rebind then refuses those records (CR3005).
   */
  sitesUnknown: string | null;
}

/** Reads HTTP.sys, the IIS configuration and the certificate stores once, side by side. */
export async function readHost(host: Host): Promise<HostReading> {
  const [records, config] = await Promise.all([host.httpSys.readRecords(), host.iisConfig.read()]);
  const stored = await host.certStore.list(storesNamedBy(records, config));
  return { records, config, certificates: stored.map(certificateFromStore), sitesUnknown: config === null ? whySitesUnknown(host, records) : null };
}

/** The certificate stores the HTTP.sys records and the FTP sites name (the store of a record without one is MY). */
export function storesNamedBy(records: readonly HttpSysRecord[], config: IisConfiguration | null): string[] {
  const ftp = config === null ? [] : [config.siteDefaultsFtpSsl, ...config.sites.map((site) => site.ftpSsl)];
  const names = [...records.map((record) => record.storeName), ...ftp.map((ssl) => ssl?.serverCertStoreName ?? null)];
  return [...new Set(names.filter((name): name is string => name !== null && name !== ""))];
}

function whySitesUnknown(host: Host, records: readonly HttpSysRecord[]): string | null {
  const unknown = host.iisConfig.whyUnknown?.() ?? null;
  if (unknown !== null) return unknown;
  const iis = records.find((r) => ownerOfAppId(r.appId) === "IIS");
  return iis ? `HTTP.sys has IIS's records (such as ${iis.endpoint}, appid ${iis.appId}), but there is no applicationHost.config` : null;
}

/** Reads the host once (unless given what was read) and joins what it holds. */
export async function readInventory(host: Host, now: Date, reading?: HostReading): Promise<Inventory & { configPath: string | null; redirected: boolean }> {
  const { records, config, certificates } = reading ?? (await readHost(host));
  const inventory = buildInventory(records, config, certificates, now);
  return {
    ...inventory,
    warnings: [...host.warnings(), ...inventory.warnings],
    configPath: config?.path ?? null,
    redirected: config?.redirected ?? false,
  };
}
