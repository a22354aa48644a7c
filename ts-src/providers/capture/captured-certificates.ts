import type { StoredCertificate } from "../../core/model.js";
import type { Host } from "../../platform/ports.js";
import { storesNamedBy } from "../read-inventory.js";

/**
 * The certificates a capture holds: those of the stores the host's certificate store reads anyway (on Windows My and
 * WebHosting, on a snapshot host every folder of certs/) and of every store an HTTP.sys record or an FTP site names,
 * as a rebind reads them (read-inventory.ts), so that a dry run on the capture finds each bound certificate where
 * the host has it. An applicationHost.config that cannot be read names no store here (its part says why).
 */
export async function capturedCertificates(host: Host): Promise<StoredCertificate[]> {
  const [records, config] = await Promise.all([host.httpSys.readRecords(), host.iisConfig.read().catch(() => null)]);
  return host.certStore.list(storesNamedBy(records, config));
}
