import type { HttpSysRecord, IisConfiguration } from "../../core/model.js";

/** What the kind reads: HTTP.sys's SSL records and IIS's configuration (the sites behind them, their metabase entries). */
export interface RecordState {
  records: HttpSysRecord[];
  config: IisConfiguration | null;
  /**
   * Why the sites behind IIS's records cannot be known (unreadable shared configuration, IIS records but no
   * applicationHost.config), or null: a rebind then refuses those records (CR3005).
   */
  sitesUnknown: string | null;
}

/** One record to move: as read (every setting is kept, and a rollback puts it back). */
export interface RecordTarget {
  record: HttpSysRecord;
}
