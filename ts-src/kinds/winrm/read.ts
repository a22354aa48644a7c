import type { KindContext } from "../binding-kind.js";
import { readHttpSysRecords } from "../common/host-reads.js";
import { winrmAccess } from "./access.js";
import { recordKeyId, type RecordKey } from "../../core/endpoints.js";
import { claimedRecordKey, httpsListeners } from "./listener-names.js";
import type { WinrmState } from "./model.js";

/**
 * The listeners, and the HTTP.sys records at their HTTPS listeners' endpoints; null when WinRM is absent. A
 * listener configuration that cannot be read is a state with `unreadable` (the inventory warns), never an error.
 */
export async function readWinrmState(context: KindContext): Promise<WinrmState | null> {
  const read = await winrmAccess(context.host).read();
  if ("absent" in read) return null;
  if ("unreadable" in read) return { listeners: [], records: [], unreadable: read.unreadable, warnings: [] };
  const keys = new Set(httpsListeners(read.listeners).flatMap((l) => claimedRecordKey(l) ?? []).map(recordKeyId));
  const records = keys.size === 0 ? [] : (await readHttpSysRecords(context)).filter((r) => keys.has(recordKeyId(r)));
  const key = (r: RecordKey): RecordKey => ({ kind: r.kind, endpoint: r.endpoint });
  return { listeners: read.listeners, records: records.map((r) => ({ key: key(r), thumbprint: r.thumbprint })), unreadable: null, warnings: read.warnings };
}
