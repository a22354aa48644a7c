import type { HttpSysExtendedParam, HttpSysRecord, HttpSysSettings } from "../../../ts-src/core/model.js";
import type { HttpConfigApi, RecordName } from "../../../ts-src/platform/windows/httpapi/http-config-api.js";
import { WIN32_ERRORS, Win32CallError } from "../../../ts-src/platform/windows/httpapi/win32-errors.js";
import { recordSettings } from "../../../scripts/demo-host/httpsys-settings.js";

/** A record made with only a hash and an AppId, as an OS without the extended parameters reports it. */
export const DEFAULT_SETTINGS: HttpSysSettings = recordSettings({ extended: null });

export interface FakeApiOptions {
  /** Whether httpapi.dll exports HttpUpdateServiceConfiguration (Windows 10 1703 and later). */
  withUpdate?: boolean;
  /** Whether this Windows has the `…Ex` configuration ids (extended: null otherwise). */
  withEx?: boolean;
  /** Update drops the record's extended parameters (whether Windows does is UNCERTAIN). */
  updateDropsEx?: boolean;
  /** `Set#3` fails the 3rd Set with the code; also `Update#n`, `Delete#n`, `SetEx#n`, `Get#n`. */
  fail?: Record<string, number>;
}

/**
 * The HTTP Server API as documented, in memory: Set answers ERROR_ALREADY_EXISTS for a key in use, Update and
 * Delete ERROR_FILE_NOT_FOUND for a missing one, Delete takes the extended parameters with it, a `…Ex` Set needs
 * the base record and refuses a ParamType already set. Records its calls.
 */
export class FakeHttpApi implements HttpConfigApi {
  readonly calls: string[] = [];
  private readonly records = new Map<string, HttpSysRecord>();
  private readonly extended = new Map<string, HttpSysExtendedParam[]>();
  private readonly counts = new Map<string, number>();
  readonly update: ((record: HttpSysRecord) => void) | null;

  constructor(
    initial: readonly HttpSysRecord[] = [],
    private readonly options: FakeApiOptions = {},
  ) {
    for (const record of initial) this.put(record);
    this.update =
      options.withUpdate === false
        ? null
        : (record) => {
            this.call("Update", record);
            const key = keyOf(record);
            if (!this.records.has(key)) throw new Win32CallError("HttpUpdateServiceConfiguration", WIN32_ERRORS.ERROR_FILE_NOT_FOUND);
            this.records.set(key, base(record));
            if (options.updateDropsEx) this.extended.delete(key);
          };
  }

  /** Adds a record as it is, extended parameters included (the state of the machine before a test). */
  put(record: HttpSysRecord): void {
    this.records.set(keyOf(record), base(record));
    const extended = record.settings?.extended;
    if (extended && extended.length > 0) this.extended.set(keyOf(record), extended.map((p) => structuredClone(p)));
  }

  /** Every record with its extended parameters, as the machine holds them. */
  all(): HttpSysRecord[] {
    return [...this.records.values()].map((record) => this.full(record)).sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  }

  list(kind: HttpSysRecord["kind"]): HttpSysRecord[] {
    this.calls.push(`List ${kind}`);
    return [...this.records.values()].filter((r) => r.kind === kind).map((r) => structuredClone(r));
  }

  get(name: RecordName): HttpSysRecord | null {
    this.call("Get", name);
    const record = this.records.get(keyOf(name));
    return record ? structuredClone(record) : null;
  }

  getExtended(name: RecordName): HttpSysExtendedParam[] | null {
    if (this.options.withEx === false || name.kind === "ccs" || name.kind === "scopedccs") return null;
    return structuredClone(this.extended.get(keyOf(name)) ?? []);
  }

  set(record: HttpSysRecord): void {
    this.call("Set", record);
    const key = keyOf(record);
    if (this.records.has(key)) throw new Win32CallError("HttpSetServiceConfiguration", WIN32_ERRORS.ERROR_ALREADY_EXISTS);
    this.records.set(key, base(record));
  }

  delete(name: RecordName): void {
    this.call("Delete", name);
    const key = keyOf(name);
    if (!this.records.delete(key)) throw new Win32CallError("HttpDeleteServiceConfiguration", WIN32_ERRORS.ERROR_FILE_NOT_FOUND);
    this.extended.delete(key);
  }

  setExtended(name: RecordName, param: HttpSysExtendedParam): void {
    this.call("SetEx", name);
    const key = keyOf(name);
    if (!this.records.has(key)) throw new Win32CallError("HttpSetServiceConfiguration", WIN32_ERRORS.ERROR_FILE_NOT_FOUND);
    const params = this.extended.get(key) ?? [];
    if (params.some((p) => p.type === param.type)) throw new Win32CallError("HttpSetServiceConfiguration", WIN32_ERRORS.ERROR_ALREADY_EXISTS);
    this.extended.set(key, [...params, structuredClone(param)].sort((a, b) => a.type - b.type));
  }

  private full(record: HttpSysRecord): HttpSysRecord {
    const extended = this.getExtended(record);
    return { ...structuredClone(record), settings: { ...(record.settings ?? DEFAULT_SETTINGS), extended } };
  }

  /** Counts the call and throws the injected failure of this one, if any. */
  private call(fn: string, name: RecordName): void {
    const n = (this.counts.get(fn) ?? 0) + 1;
    this.counts.set(fn, n);
    this.calls.push(`${fn} ${name.kind} ${name.endpoint}`);
    const code = this.options.fail?.[`${fn}#${n}`];
    if (code !== undefined) throw new Win32CallError(FUNCTIONS[fn] ?? fn, code);
  }
}

const FUNCTIONS: Record<string, string> = {
  Set: "HttpSetServiceConfiguration",
  Update: "HttpUpdateServiceConfiguration",
  Delete: "HttpDeleteServiceConfiguration",
  SetEx: "HttpSetServiceConfiguration",
  Get: "HttpQueryServiceConfiguration",
};

function keyOf(name: RecordName): string {
  return `${name.kind} ${name.endpoint.toLowerCase()}`;
}

/** The record as the base (non-`…Ex`) configuration holds it. */
function base(record: HttpSysRecord): HttpSysRecord {
  return { ...structuredClone(record), settings: { ...(record.settings ?? DEFAULT_SETTINGS), extended: null } };
}

/** Records as the API gives them, from records parsed from netsh text (which carry no settings). */
export function apiRecords(records: readonly HttpSysRecord[], settings: Partial<HttpSysSettings> = {}): HttpSysRecord[] {
  return records.map((record) => ({ ...record, settings: { ...DEFAULT_SETTINGS, extended: [], ...settings } }));
}
