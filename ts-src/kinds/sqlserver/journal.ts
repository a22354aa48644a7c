import type { KindJournal, StateCheck } from "../binding-kind.js";
import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { SqlInstance, SqlTarget } from "./model.js";
import { sqlPort } from "./adapter.js";

/**
 * A snapshot host's instances are a file (`sqlserver/instances.json`), journaled and restored byte for byte like
 * every host file, with the certificate sidecars a grant changes. On Windows the registry is not a file: the changed
 * instances as read are backed up, and recovery writes back the `Certificate` of those that still hold what the
 * run wrote. (A key grant on Windows is undone by a run that fails, not by recovery after a kill: the extra read
 * access of the service to the new key stays; it is the access the instance needs anyway.)
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
    return {
      name: "sqlserver-instances.json",
      content: JSON.stringify(changes.map((c) => c.target.instance)),
      written: Object.fromEntries(changes.map((c) => [c.view.endpoint, c.view.to.toLowerCase()])),
    };
  },
  async check(context, backup, written) {
    const prior = JSON.parse(backup) as SqlInstance[];
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
    return checks;
  },
  async restore(context, backup, endpoints) {
    const port = sqlPort(context);
    const instances = (JSON.parse(backup) as SqlInstance[]).filter((i) => endpoints.includes(i.name));
    for (const instance of instances) await port!.writeCertificate(instance, instance.certificate);
    return instances.map((i) => i.name);
  },
};
