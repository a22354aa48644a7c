/*
 * HttpConfigApi over httpapi.dll through koffi's native exports. httpapi.dll is loaded by its full path in
 * System32, never through the DLL search path. HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_CONFIG) comes
 * first (https://learn.microsoft.com/windows/win32/api/http/nf-http-httpinitialize); the configuration
 * functions take a NULL handle and a NULL OVERLAPPED (synchronous), as their pages say:
 * https://learn.microsoft.com/windows/win32/api/http/nf-http-httpqueryserviceconfiguration,
 * …/nf-http-httpsetserviceconfiguration, …/nf-http-httpupdateserviceconfiguration,
 * …/nf-http-httpdeleteserviceconfiguration.
 */
import { CertRebindError, ExitCode } from "../../../core/errors.js";
import type { HttpSysExtendedParam, HttpSysRecord } from "../../../core/model.js";
import type { KoffiFunction, KoffiNative } from "../native/koffi-native.js";
import { loadSystem32Library } from "../native/system32-library.js";
import { EX_PARAM_TYPES, FAMILIES, HTTP_INITIALIZE_CONFIG, type RecordKind } from "./config-ids.js";
import type { HttpConfigApi, RecordName } from "./http-config-api.js";
import { decodeSslSet, decodeSslSetEx, encodeSslQuery, encodeSslQueryEx, encodeSslSet, encodeSslSetEx, keyOfRecord } from "./ssl-structs.js";
import { link, type EncodedStruct } from "./struct-buffer.js";
import { WIN32_ERRORS, Win32CallError } from "./win32-errors.js";

/** HTTPAPI_VERSION { USHORT Major = 1; USHORT Minor = 0 } passed by value: 4 bytes, one register on x64. */
const HTTPAPI_VERSION_1 = 0x0000_0001;
const FIRST_OUTPUT_BYTES = 1024;
const QUERY = "HttpQueryServiceConfiguration";
const SET = "HttpSetServiceConfiguration";
const UPDATE = "HttpUpdateServiceConfiguration";
const DELETE = "HttpDeleteServiceConfiguration";

/**
 * Errors that mean "this Windows has no such configuration id or ParamType" for an `…Ex` query. Not documented
 * per error (UNCERTAIN): ERROR_INVALID_PARAMETER is what an unknown HTTP_SERVICE_CONFIG_ID gives (INFERRED from
 * the Return value section of HttpQueryServiceConfiguration); the others are taken the same way.
 */
const EX_UNSUPPORTED: ReadonlySet<number> = new Set([WIN32_ERRORS.ERROR_INVALID_PARAMETER, WIN32_ERRORS.ERROR_NOT_SUPPORTED, WIN32_ERRORS.ERROR_INVALID_FUNCTION]);

/** One query, its output decoded; the Win32 error code when it is not NO_ERROR. */
type Query = <T>(configId: number, input: EncodedStruct, decode: (bytes: Buffer, base: bigint) => T) => { value: T } | { error: number };

interface HttpApiCalls {
  library: ReturnType<typeof loadSystem32Library>;
  terminate: KoffiFunction;
  query: KoffiFunction;
  set: KoffiFunction;
  delete: KoffiFunction;
  /** Null when this httpapi.dll has no HttpUpdateServiceConfiguration. */
  update: KoffiFunction | null;
}

export function openKoffiHttpConfigApi(koffi: KoffiNative, systemRoot: string): HttpConfigApi & { close(): void } {
  const calls = loadHttpApi(koffi, systemRoot);
  const linked = (encoded: EncodedStruct) => link(encoded, koffi.address(encoded.bytes));
  const query = queryWith(koffi, calls.query, linked);
  const write = (name: string, call: KoffiFunction, configId: number, encoded: EncodedStruct) => {
    const bytes = linked(encoded);
    const error = call(null, configId, bytes, bytes.length, null) as number;
    if (error !== WIN32_ERRORS.NO_ERROR) throw new Win32CallError(name, error);
  };
  const update = calls.update;
  return {
    list: (kind: RecordKind) => listRecords(query, kind),
    get(name: RecordName) {
      const result = query(FAMILIES[name.kind].configId, encodeSslQuery(name.kind, { key: keyOfRecord(name) }), (bytes, base) => decodeSslSet(name.kind, bytes, base));
      if ("value" in result) return result.value;
      if (result.error === WIN32_ERRORS.ERROR_FILE_NOT_FOUND) return null;
      throw new Win32CallError(QUERY, result.error, `${name.kind} ${name.endpoint}`);
    },
    getExtended: (name: RecordName) => extendedParams(query, name),
    set: (record) => write(SET, calls.set, FAMILIES[record.kind].configId, encodeSslSet(record)),
    update: update === null ? null : (record) => write(UPDATE, update, FAMILIES[record.kind].configId, encodeSslSet(record)),
    delete: (name) => write(DELETE, calls.delete, FAMILIES[name.kind].configId, encodeSslSet(keyOnly(name))),
    setExtended(name, param) {
      const exConfigId = FAMILIES[name.kind].exConfigId;
      if (exConfigId === null) throw new Win32CallError(SET, WIN32_ERRORS.ERROR_NOT_SUPPORTED, `${name.kind} records have no extended parameters`);
      write(SET, calls.set, exConfigId, encodeSslSetEx(keyOfRecord(name), param));
    },
    close() {
      calls.terminate(HTTP_INITIALIZE_CONFIG, null);
      calls.library.unload();
    },
  };
}

/** httpapi.dll from System32, its functions bound, HttpInitialize called. */
function loadHttpApi(koffi: KoffiNative, systemRoot: string): HttpApiCalls {
  const library = loadSystem32Library(koffi, systemRoot, "httpapi.dll");
  const fn = (name: string, params: string[]) => library.fn(name, "uint32", params);
  const initialize = fn("HttpInitialize", ["uint32", "uint32", "void *"]);
  const terminate = fn("HttpTerminate", ["uint32", "void *"]);
  const query = fn(QUERY, ["void *", "int32", "void *", "uint32", "void *", "uint32", "void *", "void *"]);
  const set = fn(SET, ["void *", "int32", "void *", "uint32", "void *"]);
  const remove = fn(DELETE, ["void *", "int32", "void *", "uint32", "void *"]);
  let update: KoffiFunction | null;
  try {
    update = fn(UPDATE, ["void *", "int32", "void *", "uint32", "void *"]);
  } catch {
    // koffi cannot find the export: this httpapi.dll has no HttpUpdateServiceConfiguration.
    update = null;
  }
  const started = initialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_CONFIG, null) as number;
  if (started !== 0) throw new Win32CallError("HttpInitialize", started);
  return { library, terminate, query, set, delete: remove, update };
}

/** HttpQueryServiceConfiguration, retried with the size the API asks for. */
function queryWith(koffi: KoffiNative, queryFn: KoffiFunction, linked: (encoded: EncodedStruct) => Buffer): Query {
  return (configId, input, decode) => {
    const inputBytes = linked(input);
    let size = FIRST_OUTPUT_BYTES;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const output = Buffer.alloc(size);
      const returned = Buffer.alloc(4);
      const error = queryFn(null, configId, inputBytes, inputBytes.length, output, output.length, returned, null) as number;
      if (error === WIN32_ERRORS.NO_ERROR) return { value: decoded(() => decode(output, koffi.address(output))) };
      if (error !== WIN32_ERRORS.ERROR_INSUFFICIENT_BUFFER && error !== WIN32_ERRORS.ERROR_MORE_DATA) return { error };
      const wanted = returned.readUInt32LE(0);
      if (wanted <= size) throw new Win32CallError(QUERY, error, `it asked for ${wanted} bytes after ${size} were too few`);
      size = wanted;
    }
    throw new Win32CallError(QUERY, WIN32_ERRORS.ERROR_INSUFFICIENT_BUFFER, "the size it asked for kept growing");
  };
}

function listRecords(query: Query, kind: RecordKind): HttpSysRecord[] {
  const records: HttpSysRecord[] = [];
  for (let token = 0; ; token += 1) {
    const result = query(FAMILIES[kind].configId, encodeSslQuery(kind, { token }), (bytes, base) => decodeSslSet(kind, bytes, base));
    if ("value" in result) records.push(result.value);
    else if (result.error === WIN32_ERRORS.ERROR_NO_MORE_ITEMS) return records;
    // A Windows without this record family (SNI and CCS came with Windows 8 / Server 2012, ne-http-http_service_config_id;
    // when scoped CCS came is not documented) rejects its ConfigId: INFERRED, as for the …Ex ids below.
    else if (token === 0 && kind !== "ipport" && EX_UNSUPPORTED.has(result.error)) return records;
    else throw new Win32CallError(QUERY, result.error, `${kind} record number ${token}`);
  }
}

/** Every extended parameter of the record; null when this Windows has no …Ex configuration id for its family. */
function extendedParams(query: Query, name: RecordName): HttpSysExtendedParam[] | null {
  const exConfigId = FAMILIES[name.kind].exConfigId;
  if (exConfigId === null) return null;
  const key = keyOfRecord(name);
  const params: HttpSysExtendedParam[] = [];
  for (const paramType of EX_PARAM_TYPES) {
    const result = query(exConfigId, encodeSslQueryEx(key, paramType), (bytes, base) => decodeSslSetEx(name.kind, bytes, base).param);
    if ("value" in result) {
      params.push(result.value);
      continue;
    }
    // The first ParamType tells whether this Windows has the …Ex id at all; a later one it lacks is absent.
    if (EX_UNSUPPORTED.has(result.error)) {
      if (paramType === EX_PARAM_TYPES[0]) return null;
      continue;
    }
    if (result.error === WIN32_ERRORS.ERROR_FILE_NOT_FOUND) continue;
    throw new Win32CallError(QUERY, result.error, `extended parameter ${paramType} of ${name.kind} ${name.endpoint}`);
  }
  return params;
}

/** A structure the API returned that does not decode (a pointer outside the buffer, an unknown address family): CR4006. */
function decoded<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    throw new CertRebindError("CR4006", `${QUERY} returned a structure this tool cannot read: ${(error as Error).message}`, ExitCode.Environment, QUERY, { cause: error });
  }
}

/** A set structure that carries only the key (HttpDeleteServiceConfiguration reads only KeyDesc). */
function keyOnly(name: RecordName): HttpSysRecord {
  return {
    kind: name.kind,
    endpoint: name.endpoint,
    thumbprint: null,
    appId: null,
    storeName: null,
    settings: { certCheckMode: 0, revocationFreshnessTime: 0, revocationUrlRetrievalTimeout: 0, sslCtlIdentifier: null, sslCtlStoreName: null, flags: 0, extended: null },
  };
}
