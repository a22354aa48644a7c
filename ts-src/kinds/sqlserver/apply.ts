/*
 * Moving an instance: the accounts that must read the new private key are given read access (the service's account
 * and its service SID, as dbatools' Set-DbaNetworkCertificate grants both:
 * https://github.com/dataplat/dbatools/blob/development/public/Set-DbaNetworkCertificate.ps1; "the SQL Server service
 * account must have read permissions on the certificate … Failure to do so can cause the SQL Server service restart
 * to fail": https://learn.microsoft.com/sql/database-engine/configure-windows/configure-sql-server-encryption), then
 * its `Certificate` value is written lower-case and read back. Every grant and write registers its undo first.
 */
import { sameAccount } from "../../platform/accounts/account-names.js";
import { RebindWriteError } from "../../platform/ports.js";
import type { KeyRef } from "../../platform/service-ports.js";
import type { KeyAccessView } from "../../core/rebind/plan.js";
import { refuse } from "../../core/rebind/plan.js";
import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { ApplySession, KindChange, KindContext } from "../binding-kind.js";
import { grantReadUndoably } from "../common/key-grants.js";
import { serviceSidAccount, type SqlTarget } from "./model.js";
import { KEY_ACCESS_REFUSED } from "./plan.js";
import { sqlPort } from "./adapter.js";

type Change = KindChange<SqlTarget>;

/** The new certificate's copy SQL Server loads: LocalMachine\My (plan.ts refuses a certificate that is not there). */
const newKey = (change: Change): KeyRef => ({ store: "MY", thumbprint: change.view.to });

const why = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Who must read the new key, and whether they can (`has`, `grant`); a change whose account cannot be told or given
 * access (no such service, no private key, a key that does not open) is refused, CR3013 naming the account.
 */
export async function assessSql(context: KindContext, changes: readonly Change[]): Promise<void> {
  for (const change of changes) {
    if (change.view.status !== "planned") continue;
    const service = change.target.service;
    const accounts: string[] = [];
    const refusals: string[] = [];
    try {
      const info = await context.host.services.query(service);
      if (info?.account) accounts.push(info.account);
      else refusals.push(`the account of the service ${service} cannot be told (${info === null ? "no such service" : "it names none"})`);
    } catch (error) {
      refusals.push(`the account of the service ${service} cannot be told: ${why(error)}`);
    }
    const sid = serviceSidAccount(service);
    if (!accounts.some((a) => sameAccount(a, sid))) accounts.push(sid);
    const views: KeyAccessView[] = [];
    for (const account of accounts) {
      try {
        const can = await context.host.keys.canRead(newKey(change), account);
        if (can === null) refusals.push(`${account} cannot be given read access to the new certificate's private key: it has none, or it does not open`);
        views.push({ account, status: can === null ? "refused" : can ? "has" : "grant" });
      } catch (error) {
        refusals.push(`${account} cannot be given read access to the new certificate's private key: ${why(error)}`);
        views.push({ account, status: "refused" });
      }
    }
    change.view.keyAccess = views;
    if (refusals.length > 0) {
      refuse(change.view, { code: KEY_ACCESS_REFUSED, reason: `SQL Server instance ${change.view.endpoint}: ${refusals.join("; ")}. The service would not start on the new certificate.` });
    }
  }
}

export async function applySql(context: KindContext, changes: readonly Change[], session: ApplySession): Promise<void> {
  const port = sqlPort(context)!;
  for (const change of changes) {
    const { instance } = change.target;
    const fail = (what: string, error: unknown) => new RebindWriteError(`SQL Server instance ${instance.name}: ${what}: ${why(error)}`, [change.view.endpoint], { cause: error });
    for (const access of change.view.keyAccess ?? []) {
      if (access.status !== "grant") continue;
      try {
        await grantReadUndoably(context, session, newKey(change), access.account);
      } catch (error) {
        throw fail(`${access.account} could not be given read access to the new certificate's private key`, error);
      }
      access.status = "granted";
    }
    session.onUndo(`the certificate of SQL Server instance ${instance.name}`, () => port.writeCertificate(instance, instance.certificate));
    try {
      await port.writeCertificate(instance, change.view.to.toLowerCase());
    } catch (error) {
      throw fail("its Certificate value could not be written", error);
    }
  }
  const failed = await readBackSql(context, changes);
  if (failed.length > 0) throw new RebindWriteError(`SQL Server instances ${failed.join(", ")} do not read back with the new certificate.`, failed);
}

/** The endpoints of `changes` whose instance does not hold the new thumbprint now (read anew, not through the context's shared read). */
export async function readBackSql(context: KindContext, changes: readonly Change[]): Promise<string[]> {
  const read = await sqlPort(context)?.read();
  const now = new Map((read?.instances ?? []).map((i) => [i.name.toLowerCase(), tryNormalizeThumbprint(i.certificate)]));
  return changes.filter((c) => now.get(c.view.endpoint.toLowerCase()) !== c.view.to).map((c) => c.view.endpoint);
}
