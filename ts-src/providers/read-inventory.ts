import { certificateFromStore } from "../core/certificate.js";
import { buildInventory, type Inventory } from "../core/inventory.js";
import type { Host } from "../platform/ports.js";

/** Reads HTTP.sys, the IIS configuration and the certificate stores once, and joins them. */
export async function readInventory(host: Host, now: Date): Promise<Inventory & { configPath: string | null; redirected: boolean }> {
  const [records, config, stored] = await Promise.all([host.httpSys.readRecords(), host.iisConfig.read(), host.certStore.list()]);
  const inventory = buildInventory(records, config, stored.map(certificateFromStore), now);
  return {
    ...inventory,
    warnings: [...host.warnings(), ...inventory.warnings],
    configPath: config?.path ?? null,
    redirected: config?.redirected ?? false,
  };
}
