import { candidateRecordKeys, preferredRecordKey, recordKeyId } from "../../core/endpoints.js";
import type { MissingRecord } from "../../core/inventory.js";
import type { HttpSysRecord, IisSite } from "../../core/model.js";

interface Users {
  sites: Set<string>;
  hostnames: Set<string>;
}

/** For each record (by recordKeyId), the sites that use it and their host names; and https bindings with no record. */
export function joinSitesToRecords(records: readonly HttpSysRecord[], sites: readonly IisSite[]): { users: Map<string, Users>; missingRecords: MissingRecord[] } {
  const present = new Set(records.map(recordKeyId));
  const users = new Map<string, Users>();
  const missingRecords: MissingRecord[] = [];
  for (const site of sites) {
    for (const binding of site.bindings.filter((b) => b.protocol === "https")) {
      const key = candidateRecordKeys(binding).find((candidate) => present.has(recordKeyId(candidate)));
      if (!key) {
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
      const id = recordKeyId(key);
      const entry = users.get(id) ?? { sites: new Set<string>(), hostnames: new Set<string>() };
      entry.sites.add(site.name);
      if (binding.endpoint.host) entry.hostnames.add(binding.endpoint.host.toLowerCase());
      users.set(id, entry);
    }
  }
  return { users, missingRecords };
}

