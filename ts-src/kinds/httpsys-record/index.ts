import type { BindingKind } from "../binding-kind.js";
import { applyRecords, metabaseEdits, readBackMetabase } from "./apply.js";
import { httpsysPart } from "./capture.js";
import { recordInventory } from "./inventory.js";
import { recordJournal } from "./journal.js";
import { keepSitesWhole } from "./metabase.js";
import type { RecordState, RecordTarget } from "./model.js";
import { planRecords } from "./plan.js";
import { readRecordState } from "./read.js";

/**
 * HTTP.sys SSL records (ipport, hostnameport; ccs and scopedccs are reported, never changed), with the IIS sites
 * behind them and the IIS 6 metabase entries of those sites (CR3010) that move in the same run.
 */
export const httpsysRecordKind: BindingKind<RecordState, RecordTarget> = {
  name: "httpsys-record",
  viewKinds: ["ipport", "hostnameport", "ccs", "scopedccs"],
  reportedOnly: ["ccs", "scopedccs"],
  read: readRecordState,
  storesNamed: (state) => state.records.flatMap((record) => (record.storeName ? [record.storeName] : [])),
  inventory: recordInventory,
  plan: planRecords,
  keepWhole: (views, leftAlone) => void keepSitesWhole(views, leftAlone),
  apply: applyRecords,
  sharedEdits: metabaseEdits,
  readBack: readBackMetabase,
  journal: recordJournal,
  capture: httpsysPart,
};
