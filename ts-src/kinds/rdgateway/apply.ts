import type { ApplySession, KindChange, KindContext } from "../binding-kind.js";
import { readHttpSysRecords } from "../common/host-reads.js";
import { gatewayAccess } from "./gateway-access.js";
import { GATEWAY_ENDPOINT, type GatewayTarget } from "./model.js";
import { readGatewayState } from "./read.js";
import { RebindWriteError } from "../../platform/ports.js";

/**
 * Sets the gateway's certificate (Windows: SetCertificate then Configure, and the service moves its HTTP.sys record;
 * a snapshot host: the file, then the records). The undo, registered first, puts the certificate and the records
 * back as read.
 */
export async function applyGateway(context: KindContext, changes: readonly KindChange<GatewayTarget>[], session: ApplySession): Promise<void> {
  const access = gatewayAccess(context);
  if (access === null) throw new RebindWriteError("this host has no way to reach RD Gateway", changes.map((c) => c.view.endpoint));
  for (const { view, target } of changes) {
    session.onUndo(`RD Gateway (${view.endpoint}) back to ${target.before}`, () => access.restore(target.before, target.records));
    await access.setCertificate(view.to as GatewayTarget["before"], target.records);
  }
}

/**
 * The endpoints that do not read back as planned: the gateway's CertHash, and each of its HTTP.sys records (which
 * its service, not this tool, rewrote) on the new certificate.
 */
export async function readBackGateway(context: KindContext, changes: readonly KindChange<GatewayTarget>[]): Promise<string[]> {
  if (changes.length === 0) return [];
  const state = await readGatewayState(context);
  const records = await readHttpSysRecords(context);
  const failed: string[] = [];
  for (const { view, target } of changes) {
    const recordsMoved = target.records.every((claimed) => records.find((r) => r.endpoint === claimed.endpoint)?.thumbprint?.toUpperCase() === view.to);
    if (state?.settings?.thumbprint !== view.to || !recordsMoved) failed.push(GATEWAY_ENDPOINT);
  }
  return failed;
}
