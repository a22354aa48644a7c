import type { HttpSysRecord, IisConfiguration } from "../../core/model.js";
import type { KindContext } from "../binding-kind.js";

const RECORDS = "httpsys:records";
const IIS_CONFIG = "iis:applicationHost.config";

/**
 * IIS's applicationHost.config (following redirection.config), read once per reading by every kind that keeps
 * something in it; null when IIS is not installed or its sites cannot be read (`host.iisConfig.whyUnknown`).
 */
export function readIisConfiguration(context: KindContext): Promise<IisConfiguration | null> {
  return context.once(IIS_CONFIG, () => context.host.iisConfig.read());
}

/** HTTP.sys's SSL records, read once per reading. */
export function readHttpSysRecords(context: KindContext): Promise<HttpSysRecord[]> {
  return context.once(RECORDS, () => context.host.httpSys.readRecords());
}

/** Has `context` take HTTP.sys's records and IIS's configuration from reads made already (a capture reads each once). */
export function useSharedReads(context: KindContext, reads: { records: () => Promise<HttpSysRecord[]>; iisConfiguration: () => Promise<IisConfiguration | null> }): KindContext {
  void context.once(RECORDS, reads.records).catch(() => undefined);
  void context.once(IIS_CONFIG, reads.iisConfiguration).catch(() => undefined);
  return context;
}
