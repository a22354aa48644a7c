/*
 * HTTP.sys records through the HTTP Server API (httpapi/), never through netsh: every field is read and written
 * by its documented structure, whatever the UI language or the netsh build.
 *
 * A write changes one record at a time: it queries the record again (exact), refuses it when it is no longer
 * what the plan read (another writer's change is never overwritten), changes only the hash (and the store name
 * when the new certificate is in another store), and writes it with HttpUpdateServiceConfiguration where
 * httpapi.dll exports it. Where it does not (before Windows 10 1703, Server 2016 included), it deletes the record
 * and sets it from the same structure; when that Set fails it sets the original back at once. Whether a write
 * of the base record keeps the `…Ex` parameters is not documented (UNCERTAIN), so they are queried after the
 * write and set again, one per ParamType, when the write lost them. Then every record is read back through the
 * API and compared field by field. The Windows facts this rests on, with their sources: docs/windows-facts.md.
 */
import type { HttpSysExtendedParam, HttpSysRecord } from "../../core/model.js";
import { RebindWriteError, type HttpSys, type RecordRebind } from "../ports.js";
import { RECORD_KINDS } from "./httpapi/config-ids.js";
import type { HttpConfigApi, RecordName } from "./httpapi/http-config-api.js";
import { isReapplicable } from "./httpapi/ssl-param-ex.js";

/** Endpoints named in a message; the rest are counted (RebindWriteError.failed has them all). */
const NAMED_IN_MESSAGE = 10;

/** Opens the API once, when a command first needs HTTP.sys (so that no native code is loaded before). */
export type HttpConfigApiOpener = () => Promise<HttpConfigApi>;

interface Outcome {
  endpoint: string;
  why: string;
}

export class WindowsHttpSys implements HttpSys {
  readonly recordFiles: readonly string[] = [];
  private opened: Promise<HttpConfigApi> | null = null;

  constructor(private readonly open: HttpConfigApiOpener) {}

  private api(): Promise<HttpConfigApi> {
    this.opened ??= this.open();
    return this.opened;
  }

  async readRecords(): Promise<HttpSysRecord[]> {
    const api = await this.api();
    return RECORD_KINDS.flatMap((kind) => api.list(kind).map((record) => withExtended(api, record)));
  }

  async rebindRecords(rebinds: readonly RecordRebind[]): Promise<void> {
    if (rebinds.length === 0) return;
    const api = await this.api();
    const intended: HttpSysRecord[] = [];
    let failed: Outcome | null = null;
    for (const rebind of rebinds) {
      try {
        intended.push(rebindOne(api, rebind));
      } catch (error) {
        failed = { endpoint: rebind.record.endpoint, why: reason(error) };
        break;
      }
    }
    this.checkReadBack(api, intended, failed, rebinds.length);
  }

  /** Puts each record back as journaled, every field; records already so are left alone, a record that is gone is set. */
  async restoreRecords(records: readonly HttpSysRecord[]): Promise<void> {
    if (records.length === 0) return;
    const api = await this.api();
    const wrong: Outcome[] = [];
    const written: HttpSysRecord[] = [];
    for (const record of records) {
      try {
        if (!record.settings) throw new Error("it was journaled without the settings the HTTP Server API gives, so it cannot be written back whole");
        const current = readOne(api, record);
        if (current !== null && difference(record, current) === null) continue;
        writeRecord(api, current, record);
        reapplyExtended(api, record);
        written.push(record);
      } catch (error) {
        wrong.push({ endpoint: record.endpoint, why: reason(error) });
      }
    }
    const readBack = compareAll(api, written);
    const all = [...wrong, ...readBack];
    if (all.length > 0) throw writeError(all, records.length - all.length, records.length, "restore", null);
  }

  private checkReadBack(api: HttpConfigApi, intended: readonly HttpSysRecord[], failed: Outcome | null, total: number): void {
    let wrong: Outcome[];
    try {
      wrong = compareAll(api, intended);
    } catch (error) {
      const all = [...intended.map((r) => r.endpoint), ...(failed ? [failed.endpoint] : [])];
      throw new RebindWriteError(`The records could not be read back (${reason(error)}); none of the ${all.length} written counts as changed.`, all, { cause: error });
    }
    const all = failed ? [failed, ...wrong] : wrong;
    if (all.length > 0) throw writeError(all, intended.length - wrong.length, total, "rebind", failed);
  }
}

function rebindOne(api: HttpConfigApi, { record, thumbprint, storeName }: RecordRebind): HttpSysRecord {
  const current = readOne(api, record);
  if (current === null) throw new Error("the record is gone");
  const changed = difference(record, current);
  if (changed !== null) throw new Error(`the record changed since it was read (${changed}); it was left as it is`);
  const intended: HttpSysRecord = { ...current, thumbprint: thumbprint.toUpperCase(), storeName: storeName ?? current.storeName };
  writeRecord(api, current, intended);
  reapplyExtended(api, intended);
  return intended;
}

/** Update where it exists; else Delete then Set, with the original Set back at once when the Set fails. */
function writeRecord(api: HttpConfigApi, current: HttpSysRecord | null, intended: HttpSysRecord): void {
  if (current === null) {
    api.set(intended);
    return;
  }
  if (api.update) {
    api.update(intended);
    return;
  }
  // The Delete takes the record's extended parameters with it (INFERRED); refuse before it when one could not be set again.
  const lost = (current.settings?.extended ?? []).filter((param) => !isReapplicable(param));
  if (lost.length > 0) {
    throw new Error(
      `this Windows has no HttpUpdateServiceConfiguration, and the Delete it needs instead would lose the record's extended parameter ${lost.map((p) => p.type).join(", ")}, whose contents this tool cannot write back; nothing was changed`,
    );
  }
  api.delete(current);
  try {
    api.set(intended);
  } catch (error) {
    try {
      api.set(current);
    } catch (again) {
      throw new Error(`${reason(error)}; setting the original back failed too: ${reason(again)}: the record is deleted`, { cause: error });
    }
    throw new Error(`${reason(error)}; the original was set back`, { cause: error });
  }
}

/** Sets again each extended parameter the record had and the write lost (those whose structure this tool carries). */
function reapplyExtended(api: HttpConfigApi, intended: HttpSysRecord): void {
  const wanted = intended.settings?.extended;
  if (!wanted || wanted.length === 0) return;
  const now = api.getExtended(intended) ?? [];
  for (const param of wanted) {
    if (isReapplicable(param) && !now.some((had) => sameJson(had, param))) api.setExtended(intended, param);
  }
}

function readOne(api: HttpConfigApi, name: RecordName): HttpSysRecord | null {
  const record = api.get(name);
  return record === null ? null : withExtended(api, record);
}

function withExtended(api: HttpConfigApi, record: HttpSysRecord): HttpSysRecord {
  return { ...record, settings: record.settings ? { ...record.settings, extended: api.getExtended(record) } : null };
}

function compareAll(api: HttpConfigApi, intended: readonly HttpSysRecord[]): Outcome[] {
  return intended.flatMap((want) => {
    const why = difference(want, readOne(api, want));
    return why === null ? [] : [{ endpoint: want.endpoint, why }];
  });
}

/** Null when `actual` holds every field of `want`; the first difference otherwise. Hashes compare without case. */
export function difference(want: HttpSysRecord, actual: HttpSysRecord | null): string | null {
  if (actual === null) return "missing";
  const pairs: [string, unknown, unknown][] = [
    ["hash", want.thumbprint?.toUpperCase() ?? null, actual.thumbprint?.toUpperCase() ?? null],
    ["AppId", want.appId?.toLowerCase() ?? null, actual.appId?.toLowerCase() ?? null],
    ["store", want.storeName, actual.storeName],
  ];
  const a = want.settings;
  const b = actual.settings;
  if (a && b) {
    pairs.push(
      ["DefaultCertCheckMode", a.certCheckMode, b.certCheckMode],
      ["DefaultRevocationFreshnessTime", a.revocationFreshnessTime, b.revocationFreshnessTime],
      ["DefaultRevocationUrlRetrievalTimeout", a.revocationUrlRetrievalTimeout, b.revocationUrlRetrievalTimeout],
      ["DefaultSslCtlIdentifier", a.sslCtlIdentifier, b.sslCtlIdentifier],
      ["DefaultSslCtlStoreName", a.sslCtlStoreName, b.sslCtlStoreName],
      ["DefaultFlags", hex(a.flags), hex(b.flags)],
      ["extended parameters", extendedText(a.extended), extendedText(b.extended)],
    );
  } else if (a || b) pairs.push(["settings", a ? "present" : "absent", b ? "present" : "absent"]);
  for (const [name, was, is] of pairs) {
    if (was !== is) return `${name} is ${show(is)}, not ${show(was)}`;
  }
  return null;
}

function extendedText(params: readonly HttpSysExtendedParam[] | null): string | null {
  return params === null ? null : JSON.stringify([...params].sort((x, y) => x.type - y.type));
}

function sameJson(a: HttpSysExtendedParam, b: HttpSysExtendedParam): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function hex(flags: number): string {
  return `0x${(flags >>> 0).toString(16)}`;
}

function show(value: unknown): string {
  return value === null || value === undefined ? "(null)" : String(value);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function writeError(wrong: readonly Outcome[], asIntended: number, total: number, verb: string, failed: Outcome | null): RebindWriteError {
  const named = wrong.slice(0, NAMED_IN_MESSAGE).map(({ endpoint, why }) => `${endpoint} (${why})`);
  const more = wrong.length > NAMED_IN_MESSAGE ? ` and ${wrong.length - NAMED_IN_MESSAGE} more` : "";
  const stopped = failed ? `The ${verb} stopped at ${failed.endpoint}, the others were not written; ` : "";
  return new RebindWriteError(
    `${stopped}${asIntended} of ${total} records read back as the ${verb} intended; not as intended: ${named.join(", ")}${more}.`,
    wrong.map(({ endpoint }) => endpoint),
  );
}
