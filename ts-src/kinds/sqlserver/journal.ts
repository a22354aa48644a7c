import type { KindChange, KindJournal, StateCheck } from "../binding-kind.js";
import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import { backupWithGrants, checkGrants, grantsToJournal, grantsWritten, readBackupWithGrants, restoreGrants, type PlannedGrant } from "../common/key-grants.js";
import type { SqlInstance, SqlTarget } from "./model.js";
import { sqlPort } from "./adapter.js";

/** The backup's field of the instances' prior state (`{ "instances": [ … ], "keyGrants": [ … ] }`). */
const INSTANCES = "instances";

/** The grants `apply` makes: each account whose access `assess` found to be `grant`, on the new key in LocalMachine\My. */
const plannedGrants = (changes: readonly KindChange<SqlTarget>[]): PlannedGrant[] =>
  changes.flatMap((c) => (c.view.keyAccess ?? []).filter((a) => a.status === "grant").map((a) => ({ key: { store: "MY", thumbprint: c.view.to }, account: a.account })));

/**
 * A snapshot host's instances are a file (`sqlserver/instances.json`), journaled and restored byte for byte like
 * every host file, with the certificate sidecars a grant changes. On Windows the registry is not a file: the changed
 * instances as read are backed up, and recovery writes back the `Certificate` of those that still hold what the
 * run wrote. Each key grant the run will make is backed up too, with the key's DACL before it (common/key-grants.ts):
 * recovery revokes those that were made, keeping another program's later change of the DACL.
 */
export const sqlJournal: KindJournal<SqlTarget> = {
  step: "sqlserver",
  async files(context, changes) {
    const port = sqlPort(context);
    if (port === null || port.files.length === 0) return [];
    const keys = context.host.keys;
    const sidecars = keys.hostFile
      ? await Promise.all(changes.filter((c) => c.view.keyAccess?.some((a) => a.status === "grant")).map((c) => keys.hostFile!({ store: "MY", thumbprint: c.view.to })))
      : [];
    return [...new Set([...port.files, ...sidecars])];
  },
  async backup(context, changes) {
    if (sqlPort(context)?.files.length !== 0) return null;
    const grants = await grantsToJournal(context, plannedGrants(changes));
    return {
      name: "sqlserver-instances.json",
      content: backupWithGrants(INSTANCES, changes.map((c) => c.target.instance), grants),
      written: { ...Object.fromEntries(changes.map((c) => [c.view.endpoint, c.view.to.toLowerCase()])), ...grantsWritten(grants) },
    };
  },
  async check(context, backup, written) {
    const { prior, grants } = readBackupWithGrants<SqlInstance[]>(backup, INSTANCES);
    const now = (await sqlPort(context)?.read())?.instances ?? [];
    const checks: StateCheck[] = [];
    for (const [endpoint, wrote] of Object.entries(written)) {
      const before = prior.find((i) => i.name === endpoint);
      if (before === undefined) continue;
      const current = now.find((i) => i.name.toLowerCase() === endpoint.toLowerCase())?.certificate ?? null;
      const same = (a: string | null, b: string) => a !== null && tryNormalizeThumbprint(a) !== null && tryNormalizeThumbprint(a) === tryNormalizeThumbprint(b);
      const state = same(current, before.certificate) ? "prior" : same(current, wrote) ? "written" : "changed";
      checks.push({ endpoint, prior: before.certificate, written: wrote, current, state, what: `the SQL Server instance ${endpoint}` });
    }
    return [...checks, ...(await checkGrants(context, grants, written))];
  },
  async restore(context, backup, endpoints) {
    const port = sqlPort(context);
    const { prior, grants } = readBackupWithGrants<SqlInstance[]>(backup, INSTANCES);
    const instances = prior.filter((i) => endpoints.includes(i.name));
    // The reverse of apply: the instances' values first, then the grants that gave their services the new key.
    for (const instance of instances) await port!.writeCertificate(instance, instance.certificate);
    return [...instances.map((i) => i.name), ...(await restoreGrants(context, grants, endpoints))];
  },
};
