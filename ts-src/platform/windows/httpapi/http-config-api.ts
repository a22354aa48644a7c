import type { HttpSysExtendedParam, HttpSysRecord } from "../../../core/model.js";
import type { RecordKind } from "./config-ids.js";

/** Names one record: its kind and its endpoint as HttpSysRecord spells it. */
export type RecordName = Pick<HttpSysRecord, "kind" | "endpoint">;

/**
 * The HTTP Server API's SSL configuration, one record at a time (httpapi.dll: HttpQueryServiceConfiguration,
 * HttpSetServiceConfiguration, HttpUpdateServiceConfiguration, HttpDeleteServiceConfiguration). Every method
 * throws a Win32CallError (CR4006) for an error it does not describe as a result.
 */
export interface HttpConfigApi {
  /** Every record of one kind, by enumeration (HttpServiceConfigQueryNext, dwToken 0, 1, … to ERROR_NO_MORE_ITEMS). */
  list(kind: RecordKind): HttpSysRecord[];
  /** One record by its key (HttpServiceConfigQueryExact); null when there is none (ERROR_FILE_NOT_FOUND). */
  get(name: RecordName): HttpSysRecord | null;
  /**
   * The record's extended parameters, one `…Ex` query per ParamType; null when this Windows has no `…Ex`
   * configuration ids for the record's kind.
   */
  getExtended(name: RecordName): HttpSysExtendedParam[] | null;
  /** HttpSetServiceConfiguration: adds the record (ERROR_ALREADY_EXISTS when its key is taken). */
  set(record: HttpSysRecord): void;
  /**
   * HttpUpdateServiceConfiguration, where httpapi.dll exports it (Windows 10 1703 and later; found at run time,
   * never from the version number); null where it does not.
   */
  readonly update: ((record: HttpSysRecord) => void) | null;
  /** HttpDeleteServiceConfiguration of the record's key. */
  delete(name: RecordName): void;
  /** One extended parameter, with the `…Ex` configuration id of the record's kind. */
  setExtended(name: RecordName, param: HttpSysExtendedParam): void;
}
