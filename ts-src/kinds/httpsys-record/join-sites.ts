import { preferredRecordKey, recordKeyId, servingRecordId } from "../../core/endpoints.js";
import type { MissingRecord } from "../../core/inventory.js";
import type { HttpSysRecord, IisSite } from "../../core/model.js";

interface Users {
  sites: Set<string>;
  hostnames: Set<string>;
}

/** For each record (by recordKeyId), the sites that use it and their host names; and https bindings with no record. */
export function joinSitesToRecords(records: readonly HttpSysRecord[], sites: readonly IisSite[]): { users: Map<string, Users>; missingRecords: MissingRecord[] } {
  const present = new Set<string>();
  for (const record of records) present.add(recordKeyId(record));
  const users = new Map<string, Users>();
  const missingRecords: MissingRecord[] = [];
  for (const site of sites) {
    for (const binding of site.bindings) {
      if (binding.protocol !== "https") continue;
      const id = servingRecordId(binding, present);
      if (id === undefined) {
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
      let entry = users.get(id);
      if (entry === undefined) users.set(id, (entry = { sites: new Set<string>(), hostnames: new Set<string>() }));
      entry.sites.add(site.name);
      if (binding.endpoint.host) entry.hostnames.add(binding.endpoint.host.toLowerCase());
    }
  }
  return { users, missingRecords };
}
