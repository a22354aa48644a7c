import { ownerOfAppId } from "../../core/app-ids.js";
import type { KindBinding, KindInventory } from "../binding-kind.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import { joinOf } from "./join-sites.js";
import type { RecordState } from "./model.js";

/** Every HTTP.sys record, with the IIS sites that use it and their host names; and IIS https bindings without a record. Pure. */
export function recordInventory(state: RecordState): KindInventory {
  const { usersOf, missingRecords } = joinOf(state);
  const bindings = state.records.map((record, index): KindBinding => {
    const used = usersOf[index];
    return {
      kind: record.kind,
      endpoint: record.endpoint,
      thumbprint: record.thumbprint as Thumbprint | null,
      storeName: record.storeName,
      appId: record.appId,
      owner: ownerOfAppId(record.appId),
      sites: used ? [...used.sites] : [],
      hostnames: used ? [...used.hostnames] : [],
      // ccs and scopedccs records take the certificate of the host's PFX file on the share: chosen, not named.
      selection: record.kind === "ccs" || record.kind === "scopedccs" ? "self-selecting" : "pinned",
    };
  });
  return { bindings, missingRecords, warnings: [] };
}
