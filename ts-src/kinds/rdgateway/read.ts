import type { KindContext } from "../binding-kind.js";
import { readHttpSysRecords } from "../common/host-reads.js";
import { gatewayAccess, type GatewayRead } from "./gateway-access.js";
import type { GatewayState } from "./model.js";
import { gatewayRecords } from "./settings.js";

/**
 * The gateway's settings and its HTTP.sys records; null when there is no gateway (no TSGateway service, no such CIM
 * namespace or class, no snapshot file). A read that fails otherwise (PowerShell blocked or failing, a malformed file)
 * never fails the command: the kind then has no binding and one warning saying what could not be read and why.
 */
export async function readGatewayState(context: KindContext): Promise<GatewayState | null> {
  const access = gatewayAccess(context);
  if (access === null) return null;
  let read: GatewayRead;
  try {
    read = await access.read();
  } catch (error) {
    read = { unreadable: `RD Gateway's settings could not be read: ${(error as Error).message}` };
  }
  if ("absent" in read) return null;
  if ("unreadable" in read) return { settings: null, records: [], warnings: [`${read.unreadable}; RD Gateway's certificate is not known and is not changed.`] };
  return { settings: read.settings, records: gatewayRecords(await readHttpSysRecords(context), read.settings.thumbprint), warnings: read.warnings };
}
