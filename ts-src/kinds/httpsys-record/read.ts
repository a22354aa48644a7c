import { ownerOfAppId } from "../../core/app-ids.js";
import type { HttpSysRecord } from "../../core/model.js";
import type { KindContext } from "../binding-kind.js";
import { readHttpSysRecords, readIisConfiguration } from "../common/host-reads.js";
import type { RecordState } from "./model.js";

/** The records and the IIS configuration behind them, read side by side. HTTP.sys is always there: never null. */
export async function readRecordState(context: KindContext): Promise<RecordState> {
  const [records, config] = await Promise.all([readHttpSysRecords(context), readIisConfiguration(context)]);
  return { records, config, sitesUnknown: config === null ? whySitesUnknown(context, records) : null };
}

function whySitesUnknown(context: KindContext, records: readonly HttpSysRecord[]): string | null {
  const unknown = context.host.iisConfig.whyUnknown?.() ?? null;
  if (unknown !== null) return unknown;
  const iis = records.find((r) => ownerOfAppId(r.appId) === "IIS");
  return iis ? `HTTP.sys has IIS's records (such as ${iis.endpoint}, appid ${iis.appId}), but there is no applicationHost.config` : null;
}
