import { preferredRecordKey, recordKeyId, servingRecord } from "../../core/endpoints.js";
import type { MissingRecord } from "../../core/inventory.js";
import type { HttpSysRecord, IisSite } from "../../core/model.js";
import type { RecordState } from "./model.js";

/** The sites that use a record and their host names (lower case), each once, in the order of their bindings. */
export interface RecordUsers {
  readonly sites: readonly string[];
  readonly hostnames: readonly string[];
}

export interface SiteJoin {
  /** The users of each record, by its index in the records; null when no https binding uses it. */
  usersOf: readonly (RecordUsers | null)[];
  /** The https bindings that no record serves. */
  missingRecords: MissingRecord[];
}

const joins = new WeakMap<RecordState, SiteJoin>();

/** The join of a state's records and sites, made once per state: a rebind's inventory and its plan both ask for it. */
export function joinOf(state: RecordState): SiteJoin {
  let join = joins.get(state);
  if (join === undefined) joins.set(state, (join = joinSitesToRecords(state.records, state.config?.sites ?? [])));
  return join;
}

/**
 * For each record, the sites that use it and their host names; and the https bindings with no record. Records with
 * the same recordKeyId (HTTP.sys keeps one per key) share their users.
 */
export function joinSitesToRecords(records: readonly HttpSysRecord[], sites: readonly IisSite[]): SiteJoin {
  const firstById = new Map<string, number>();
  const sameAs: number[] = [];
  for (let i = 0; i < records.length; i++) {
    const id = recordKeyId(records[i]!);
    const first = firstById.get(id);
    if (first === undefined) firstById.set(id, i);
    sameAs.push(first ?? i);
  }
  const users: (Users | null)[] = sameAs.map(() => null);
  const missingRecords: MissingRecord[] = [];
  for (const site of sites) {
    for (const binding of site.bindings) {
      if (binding.protocol !== "https") continue;
      const index = servingRecord(binding, firstById);
      if (index === undefined) {
        const expected = preferredRecordKey(binding);
        missingRecords.push({
          site: site.name,
          bindingInformation: binding.bindingInformation,
          sslFlags: binding.sslFlags,
          expectedKind: expected.kind,
          expectedEndpoint: expected.endpoint,
        });
        continue;
      }
      const entry = (users[index] ??= new Users());
      entry.addSite(site.name);
      if (binding.endpoint.host) entry.addHostname(binding.endpoint.host.toLowerCase());
    }
  }
  return { usersOf: sameAs.map((first) => users[first] ?? null), missingRecords };
}

/** Past this many, a list looks for an item in a set, not by comparing: most records have one or two users. */
const FEW = 8;

/** Lists of distinct items, searched in place while short: a record's users cost no set unless it has many. */
class Users implements RecordUsers {
  readonly sites: string[] = [];
  readonly hostnames: string[] = [];
  private siteSet: Set<string> | null = null;
  private hostnameSet: Set<string> | null = null;

  addSite(site: string): void {
    this.siteSet = addDistinct(this.sites, this.siteSet, site);
  }

  addHostname(hostname: string): void {
    this.hostnameSet = addDistinct(this.hostnames, this.hostnameSet, hostname);
  }
}

/** Adds `item` to `list` unless it holds it already; the set that indexes the list once it is long, or null. */
function addDistinct(list: string[], set: Set<string> | null, item: string): Set<string> | null {
  if (set === null) {
    if (list.includes(item)) return null;
    list.push(item);
    return list.length > FEW ? new Set(list) : null;
  }
  if (!set.has(item)) {
    set.add(item);
    list.push(item);
  }
  return set;
}
