import { certificateFromStore, type Certificate } from "../core/certificate.js";
import { buildInventory, type Inventory } from "../core/inventory.js";
import type { HttpSysRecord, IisConfiguration } from "../core/model.js";
import type { Host } from "../platform/ports.js";

/** What the host holds: HTTP.sys records, the IIS configuration and the certificates of its stores. */
export interface HostReading {
  records: HttpSysRecord[];
  config: IisConfiguration | null;
  certificates: Certificate[];
}

/** Reads HTTP.sys, the IIS configuration and the certificate stores once, side by side. */
export async function readHost(host: Host): Promise<HostReading> {
  const [records, config, stored] = await Promise.all([host.httpSys.readRecords(), host.iisConfig.read(), host.certStore.list()]);
  return { records, config, certificates: stored.map(certificateFromStore) };
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
