/*
 * Key grants in a kind's journal (Windows). A kind that gives a service account read access to the new certificate's
 * private key before it writes records, in its state backup taken before the run's first change, each grant it will
 * make with the key's security descriptor as it is then (`host.keys.grantFor`, which changes nothing). Recovery after
 * a kill reports each grant as an endpoint of its own — `prior` while the account still cannot read the key (the
 * grant was not made, or the key is gone), `written` once it can — and takes back the `written` ones with
 * `host.keys.revoke`, which keeps another program's later change of the DACL and takes away only the access the grant
 * gave. A snapshot host's grant is its certificate's sidecar, a host file journaled byte for byte: its KeyAccess has
 * no `grantFor`, and nothing is recorded here.
 */
import { sameAccount } from "../../platform/accounts/account-names.js";
import { UnfinishedKeyGrantError, type KeyGrant, type KeyRef } from "../../platform/service-ports.js";
import type { ApplySession, KindContext, StateCheck } from "../binding-kind.js";

/** A grant a run will make: read access of `account` to the key of the certificate `key`. */
export interface PlannedGrant {
  key: KeyRef;
  account: string;
}

const NO_ACCESS = "no access";
const READ_ACCESS = "read access";

/** The grant's endpoint in the journal (and in what recovery says it put back), as the run's undo names it. */
export function grantEndpoint(grant: PlannedGrant): string {
  return `read access of ${grant.account} to the key of ${grant.key.thumbprint.toUpperCase()}`;
}

/**
 * Before the first change: each planned grant (once per key and account) with the key's DACL as it is now; [] where
 * the host's key access has no `grantFor` (a snapshot host, whose grants are journaled as files).
 */
export async function grantsToJournal(context: KindContext, planned: readonly PlannedGrant[]): Promise<KeyGrant[]> {
  const keys = context.host.keys;
  if (!keys.grantFor) return [];
  const grants: KeyGrant[] = [];
  for (const grant of planned) {
    const same = (g: KeyGrant) => g.key.thumbprint.toUpperCase() === grant.key.thumbprint.toUpperCase() && g.key.store.toUpperCase() === grant.key.store.toUpperCase() && sameAccount(g.account, grant.account);
    if (!grants.some(same)) grants.push(await keys.grantFor(grant.key, grant.account));
  }
  return grants;
}

/**
 * The journal's `written` of the grants: each grant's endpoint and the thumbprint of the certificate whose key it
 * opens to the account (a journal's `written` values are thumbprints).
 */
export function grantsWritten(grants: readonly KeyGrant[]): Record<string, string> {
  return Object.fromEntries(grants.map((g) => [grantEndpoint(g), g.key.thumbprint.toUpperCase()]));
}

/**
 * The journaled grants among `written`'s endpoints as they are now: `written` when the account can read the key (the
 * grant was made: recovery revokes it), `prior` when it cannot, or when the key cannot be told any more (gone, or it
 * does not open: nothing of the grant is left to take back). Never writes.
 */
export async function checkGrants(context: KindContext, grants: readonly KeyGrant[], written: Readonly<Record<string, string>>): Promise<StateCheck[]> {
  const checks: StateCheck[] = [];
  for (const grant of grants) {
    const endpoint = grantEndpoint(grant);
    if (!(endpoint in written)) continue;
    const can = await context.host.keys.canRead(grant.key, grant.account);
    checks.push({
      endpoint,
      prior: NO_ACCESS,
      written: READ_ACCESS,
      current: can === null ? null : can ? READ_ACCESS : NO_ACCESS,
      state: can === true ? "written" : "prior",
      what: `read access to the private key of ${grant.key.thumbprint.toUpperCase()} for ${grant.account}`,
    });
  }
  return checks;
}

/** Revokes the journaled grants of `endpoints`, the last made first; returns their endpoints in that order. */
export async function restoreGrants(context: KindContext, grants: readonly KeyGrant[], endpoints: readonly string[]): Promise<string[]> {
  const restored: string[] = [];
  for (const grant of [...grants].reverse()) {
    const endpoint = grantEndpoint(grant);
    if (!endpoints.includes(endpoint)) continue;
    await context.host.keys.revoke(grant);
    restored.push(endpoint);
  }
  return restored;
}

/**
 * A kind's state backup with its grants: `{ "<field>": <the prior state>, "keyGrants": [ { "key": { "store",
 * "thumbprint" }, "account", "before" } ] }`.
 */
export function backupWithGrants(field: string, prior: unknown, grants: readonly KeyGrant[]): string {
  return JSON.stringify({ [field]: prior, keyGrants: grants });
}

/**
 * The prior state and the grants of a backup `backupWithGrants` wrote. A backup that is the prior state alone (a JSON
 * array: a run of a certrebind that did not journal grants) has none.
 */
export function readBackupWithGrants<T>(content: string, field: string): { prior: T; grants: KeyGrant[] } {
  const parsed = JSON.parse(content) as unknown;
  if (Array.isArray(parsed)) return { prior: parsed as T, grants: [] };
  const backup = parsed as Record<string, unknown> | null;
  const grants = backup?.["keyGrants"];
  if (typeof backup !== "object" || backup === null || !Array.isArray(backup[field]) || !Array.isArray(grants) || !grants.every(isGrant)) {
    throw new Error(`the journal's backup is not one this version of certrebind writes (expected { "${field}": [ … ], "keyGrants": [ … ] })`);
  }
  return { prior: backup[field] as T, grants };
}

function isGrant(value: unknown): value is KeyGrant {
  const grant = value as Partial<KeyGrant> | null;
  return (
    typeof grant === "object" &&
    grant !== null &&
    typeof grant.account === "string" &&
    typeof grant.before === "string" &&
    typeof grant.key?.store === "string" &&
    typeof grant.key.thumbprint === "string"
  );
}

/**
 * Gives `account` read access to `key`, its undo (a revoke) registered with `session` before the grant begins: a grant
 * that failed after it may have written is undone with the rest of the run too. Rejects with the grant's own error.
 */
export async function grantReadUndoably(context: KindContext, session: ApplySession, key: KeyRef, account: string): Promise<void> {
  let grant: KeyGrant | null = null;
  session.onUndo(`read access of ${account} to the key of ${key.thumbprint}`, async () => {
    if (grant !== null) await context.host.keys.revoke(grant);
  });
  try {
    grant = await context.host.keys.grantRead(key, account);
  } catch (error) {
    if (!(error instanceof UnfinishedKeyGrantError)) throw error;
    grant = error.grant;
    throw error.cause;
  }
}
