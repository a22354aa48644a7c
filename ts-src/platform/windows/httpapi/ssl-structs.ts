/*
 * The HTTP Server API's SSL configuration structures, x64 layout, as the Windows SDK's http.h defines them:
 *   HTTP_SERVICE_CONFIG_SSL_KEY { PSOCKADDR pIpPort }  (a POINTER to the address)
 *     https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_key
 *   HTTP_SERVICE_CONFIG_SSL_KEY_EX { SOCKADDR_STORAGE IpPort }
 *     https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_key_ex
 *   HTTP_SERVICE_CONFIG_SSL_SNI_KEY { SOCKADDR_STORAGE IpPort; PWSTR Host }
 *     https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_sni_key
 *   HTTP_SERVICE_CONFIG_SSL_CCS_KEY { SOCKADDR_STORAGE LocalAddress }
 *     https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_ccs_key
 *   HTTP_SERVICE_CONFIG_SSL_PARAM (80 bytes: SslHashLength @0, pSslHash @8, AppId @16, pSslCertStoreName @32,
 *     DefaultCertCheckMode @40, DefaultRevocationFreshnessTime @44, DefaultRevocationUrlRetrievalTimeout @48,
 *     pDefaultSslCtlIdentifier @56, pDefaultSslCtlStoreName @64, DefaultFlags @72)
 *     https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_param
 *   HTTP_SERVICE_CONFIG_SSL_SET / _SNI_SET / _CCS_SET { KeyDesc; ParamDesc } (88 / 216 / 208 bytes)
 *     https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_set, …_ssl_sni_set, …_ssl_ccs_set
 *   HTTP_SERVICE_CONFIG_SSL_QUERY / _SNI_QUERY / _CCS_QUERY { QueryDesc; KeyDesc; dwToken } (24 / 152 / 144)
 *     https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_query, …_ssl_sni_query, …_ssl_ccs_query
 *   HTTP_SERVICE_CONFIG_SSL_PARAM_EX { ParamType @0; ULONGLONG Flags @8; union @16 } (32 bytes), _SET_EX,
 *     _QUERY_EX { QueryDesc; KeyDesc (the _EX/SNI/CCS key, inline); dwToken; ParamType }
 *     https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_param_ex,
 *     …_ssl_set_ex, …_ssl_query_ex, …_ssl_sni_query_ex
 *   union members: HTTP2_WINDOW_SIZE_PARAM { DWORD }, HTTP2_SETTINGS_LIMITS_PARAM { DWORD; DWORD },
 *     HTTP_PERFORMANCE_PARAM { Type; ULONG BufferSize; PVOID Buffer }, HTTP_ERROR_HEADERS_PARAM { USHORT StatusCode;
 *     USHORT HeaderCount; PHTTP_UNKNOWN_HEADER Headers }, HTTP_UNKNOWN_HEADER { USHORT NameLength; USHORT
 *     RawValueLength; PCSTR pName; PCSTR pRawValue } (24 bytes)
 *     https://learn.microsoft.com/windows/win32/api/http/ns-http-http_performance_param, …-http_error_headers_param,
 *     …-http_unknown_header
 * GUID: Data1 (LE u32), Data2, Data3 (LE u16), Data4 (8 bytes): https://learn.microsoft.com/windows/win32/api/guiddef/ns-guiddef-guid
 */
import type { HttpSysExtendedParam, HttpSysRecord } from "../../../core/model.js";
import { FAMILIES, QueryType, type RecordKind } from "./config-ids.js";
import { decodeSocketAddress, encodeSocketAddress, formatIpPort, parseIpPort, SOCKADDR_STORAGE_SIZE, type SocketAddress } from "./sockaddr.js";
import { StructBuilder, StructReader, wideStringBytes, type EncodedStruct } from "./struct-buffer.js";

const PARAM_SIZE = 80;
const PARAM_EX_SIZE = 32;
const UNKNOWN_HEADER_SIZE = 24;
/** Size of the key inside a SET, a SET_EX and (at offset 8) a QUERY_EX. */
const KEY_SIZE = { ip: 8, sni: SOCKADDR_STORAGE_SIZE + 8, ccs: SOCKADDR_STORAGE_SIZE } as const;
const KEY_EX_SIZE = { ip: SOCKADDR_STORAGE_SIZE, sni: SOCKADDR_STORAGE_SIZE + 8, ccs: SOCKADDR_STORAGE_SIZE } as const;

export class RecordShapeError extends Error {}

/** What identifies a record: its address and port, and for SNI and scoped CCS records its host. */
export interface RecordKey {
  kind: RecordKind;
  address: SocketAddress;
  host: string | null;
}

export function keyOfRecord(record: Pick<HttpSysRecord, "kind" | "endpoint">): RecordKey {
  const { kind, endpoint } = record;
  if (kind === "ipport") return { kind, address: parseIpPort(endpoint), host: null };
  if (kind === "ccs") {
    // netsh names a CCS record by its port; its key is the IPv4 wildcard address (ns-http-http_service_config_ssl_ccs_key).
    return { kind, address: /^\d{1,5}$/.test(endpoint) ? { ip: "0.0.0.0", port: Number(endpoint) } : parseIpPort(endpoint), host: null };
  }
  const colon = endpoint.lastIndexOf(":");
  const port = Number(endpoint.slice(colon + 1));
  if (colon <= 0 || !/^\d{1,5}$/.test(endpoint.slice(colon + 1))) throw new RecordShapeError(`${endpoint} is not host:port`);
  // The SNI key's address is the IPv4 wildcard with the port (INFERRED, as netsh's hostnameport=host:port gives it).
  return { kind, address: { ip: "0.0.0.0", port }, host: endpoint.slice(0, colon) };
}

export function endpointOfKey(key: RecordKey): string {
  if (key.kind === "ipport") return formatIpPort(key.address);
  if (key.kind === "ccs") return key.address.ip === "0.0.0.0" ? String(key.address.port) : formatIpPort(key.address);
  return `${key.host ?? ""}:${key.address.port}`;
}

function writeKey(builder: StructBuilder, at: number, key: RecordKey, inline: boolean): void {
  const shape = FAMILIES[key.kind].key;
  if (shape === "ip" && !inline) {
    builder.pointTo(at, encodeSocketAddress(key.address));
    return;
  }
  encodeSocketAddress(key.address, builder.head, at);
  if (shape === "sni") builder.pointTo(at + SOCKADDR_STORAGE_SIZE, wideStringBytes(key.host ?? ""));
}

function readKey(reader: StructReader, at: number, kind: RecordKind, inline: boolean): RecordKey {
  const shape = FAMILIES[kind].key;
  if (shape === "ip" && !inline) {
    const offset = reader.target(at, 16);
    if (offset === null) throw new RecordShapeError("the record's pIpPort is a null pointer");
    return { kind, address: decodeSocketAddress(reader.bytes, offset), host: null };
  }
  const address = decodeSocketAddress(reader.bytes, at);
  return { kind, address, host: shape === "sni" ? (reader.wideString(at + SOCKADDR_STORAGE_SIZE) ?? "") : null };
}

/** HTTP_SERVICE_CONFIG_SSL_SET, _SNI_SET or _CCS_SET (by the record's kind) holding every field of `record`. */
export function encodeSslSet(record: HttpSysRecord): EncodedStruct {
  const key = keyOfRecord(record);
  const keySize = KEY_SIZE[FAMILIES[record.kind].key];
  const builder = new StructBuilder(keySize + PARAM_SIZE);
  writeKey(builder, 0, key, false);
  writeParam(builder, keySize, record);
  return builder.finish();
}

/** The set structure that only names the record (HttpDeleteServiceConfiguration reads the key only). */
export function decodeSslSet(kind: RecordKind, bytes: Buffer, base: bigint): HttpSysRecord {
  const reader = new StructReader(bytes, base);
  const key = readKey(reader, 0, kind, false);
  return readParam(reader, KEY_SIZE[FAMILIES[kind].key], kind, endpointOfKey(key));
}

function writeParam(builder: StructBuilder, at: number, record: HttpSysRecord): void {
  const settings = record.settings;
  if (!settings) throw new RecordShapeError(`the record ${record.endpoint} carries no settings read through the HTTP Server API`);
  const head = builder.head;
  const hash = record.thumbprint === null ? null : Buffer.from(record.thumbprint, "hex");
  if (hash && hash.length * 2 !== record.thumbprint!.length) throw new RecordShapeError(`the certificate hash of ${record.endpoint} is not hexadecimal`);
  head.writeUInt32LE(hash?.length ?? 0, at);
  builder.pointTo(at + 8, hash);
  guidBytes(record.appId ?? "{00000000-0000-0000-0000-000000000000}").copy(head, at + 16);
  builder.pointTo(at + 32, wideStringBytes(record.storeName));
  head.writeUInt32LE(settings.certCheckMode >>> 0, at + 40);
  head.writeUInt32LE(settings.revocationFreshnessTime >>> 0, at + 44);
  head.writeUInt32LE(settings.revocationUrlRetrievalTimeout >>> 0, at + 48);
  builder.pointTo(at + 56, wideStringBytes(settings.sslCtlIdentifier));
  builder.pointTo(at + 64, wideStringBytes(settings.sslCtlStoreName));
  head.writeUInt32LE(settings.flags >>> 0, at + 72);
}

function readParam(reader: StructReader, at: number, kind: RecordKind, endpoint: string): HttpSysRecord {
  const bytes = reader.bytes;
  const hashLength = bytes.readUInt32LE(at);
  const hash = hashLength === 0 ? null : reader.bytesAt(at + 8, hashLength);
  return {
    kind,
    endpoint,
    thumbprint: hash === null ? null : hash.toString("hex").toUpperCase(),
    appId: guidText(bytes.subarray(at + 16, at + 32)),
    storeName: reader.wideString(at + 32),
    settings: {
      certCheckMode: bytes.readUInt32LE(at + 40),
      revocationFreshnessTime: bytes.readUInt32LE(at + 44),
      revocationUrlRetrievalTimeout: bytes.readUInt32LE(at + 48),
      sslCtlIdentifier: reader.wideString(at + 56),
      sslCtlStoreName: reader.wideString(at + 64),
      flags: bytes.readUInt32LE(at + 72),
      extended: null,
    },
  };
}

/** HTTP_SERVICE_CONFIG_SSL_QUERY / _SNI_QUERY / _CCS_QUERY: Exact with the record's key, or Next with a token. */
export function encodeSslQuery(kind: RecordKind, query: { key: RecordKey } | { token: number }): EncodedStruct {
  const shape = FAMILIES[kind].key;
  const keySize = KEY_SIZE[shape];
  const tokenAt = 8 + keySize;
  const builder = new StructBuilder(align8(tokenAt + 4));
  if ("key" in query) {
    builder.head.writeUInt32LE(QueryType.Exact, 0);
    writeKey(builder, 8, query.key, false);
  } else {
    builder.head.writeUInt32LE(QueryType.Next, 0);
    if (shape !== "ip") encodeSocketAddress({ ip: "0.0.0.0", port: 0 }, builder.head, 8);
    builder.head.writeUInt32LE(query.token >>> 0, tokenAt);
  }
  return builder.finish();
}

/** HTTP_SERVICE_CONFIG_SSL_QUERY_EX (or the SNI/CCS one): Exact, the record's key inline, one ParamType. */
export function encodeSslQueryEx(key: RecordKey, paramType: number): EncodedStruct {
  const keySize = KEY_EX_SIZE[FAMILIES[key.kind].key];
  const builder = new StructBuilder(align8(8 + keySize + 8));
  builder.head.writeUInt32LE(QueryType.Exact, 0);
  writeKey(builder, 8, key, true);
  builder.head.writeUInt32LE(0, 8 + keySize);
  builder.head.writeUInt32LE(paramType >>> 0, 8 + keySize + 4);
  return builder.finish();
}

/** HTTP_SERVICE_CONFIG_SSL_SET_EX (or SNI/CCS): the key inline, then one HTTP_SERVICE_CONFIG_SSL_PARAM_EX. */
export function encodeSslSetEx(key: RecordKey, param: HttpSysExtendedParam): EncodedStruct {
  const keySize = KEY_EX_SIZE[FAMILIES[key.kind].key];
  const builder = new StructBuilder(keySize + PARAM_EX_SIZE);
  writeKey(builder, 0, key, true);
  writeParamEx(builder, keySize, param);
  return builder.finish();
}

export function decodeSslSetEx(kind: RecordKind, bytes: Buffer, base: bigint): { key: RecordKey; param: HttpSysExtendedParam } {
  const reader = new StructReader(bytes, base);
  const keySize = KEY_EX_SIZE[FAMILIES[kind].key];
  return { key: readKey(reader, 0, kind, true), param: readParamEx(reader, keySize) };
}

/**
 * TlsRestrictions, TlsSessionTicketKeys and CertConfig: a count and a pointer to elements whose layout this tool
 * does not carry (HTTP_TLS_RESTRICTIONS_PARAM, HTTP_TLS_SESSION_TICKET_KEYS_PARAM, HTTP_CERT_CONFIG_PARAM).
 */
const COUNTED_TYPES: ReadonlySet<number> = new Set([3, 5, 6]);

/** Whether this tool can write `param` back as read: every ParamType it carries whole, and the empty counted ones. */
export function isReapplicable(param: HttpSysExtendedParam): boolean {
  return param.name !== "other" || (COUNTED_TYPES.has(param.type) && param.entries === 0);
}

function writeParamEx(builder: StructBuilder, at: number, param: HttpSysExtendedParam): void {
  const head = builder.head;
  head.writeUInt32LE(param.type, at);
  head.writeBigUInt64LE(BigInt(param.flags), at + 8);
  const u = at + 16;
  switch (param.name) {
    case "http2Window":
      head.writeUInt32LE(param.receiveWindowSize >>> 0, u);
      return;
    case "http2SettingsLimits":
      head.writeUInt32LE(param.maxSettingsPerFrame >>> 0, u);
      head.writeUInt32LE(param.maxSettingsPerMinute >>> 0, u + 4);
      return;
    case "performance": {
      const buffer = Buffer.from(param.buffer, "hex");
      head.writeUInt32LE(param.performanceType >>> 0, u);
      head.writeUInt32LE(buffer.length, u + 4);
      builder.pointTo(u + 8, buffer.length === 0 ? null : buffer);
      return;
    }
    case "errorHeaders": {
      head.writeUInt16LE(param.statusCode, u);
      head.writeUInt16LE(param.headers.length, u + 2);
      if (param.headers.length === 0) return;
      // The header array is one blob; its name/value pointers are fixed up as pointers into the same Buffer.
      const array = new StructBuilder(param.headers.length * UNKNOWN_HEADER_SIZE);
      param.headers.forEach((header, i) => {
        const name = Buffer.from(header.name, "latin1");
        const value = Buffer.from(header.value, "latin1");
        array.head.writeUInt16LE(name.length, i * UNKNOWN_HEADER_SIZE);
        array.head.writeUInt16LE(value.length, i * UNKNOWN_HEADER_SIZE + 2);
        array.pointTo(i * UNKNOWN_HEADER_SIZE + 8, name);
        array.pointTo(i * UNKNOWN_HEADER_SIZE + 16, value);
      });
      builder.pointToStruct(u + 8, array.finish());
      return;
    }
    case "other":
      if (!isReapplicable(param)) throw new RecordShapeError(`extended parameter type ${param.type} is not one this tool can write back`);
      head.writeUInt32LE(0, u);
      return;
  }
}

function readParamEx(reader: StructReader, at: number): HttpSysExtendedParam {
  const bytes = reader.bytes;
  const type = bytes.readUInt32LE(at);
  const flags = bytes.readBigUInt64LE(at + 8).toString();
  const u = at + 16;
  switch (type) {
    case 0:
      return { type: 0, name: "http2Window", flags, receiveWindowSize: bytes.readUInt32LE(u) };
    case 1:
      return { type: 1, name: "http2SettingsLimits", flags, maxSettingsPerFrame: bytes.readUInt32LE(u), maxSettingsPerMinute: bytes.readUInt32LE(u + 4) };
    case 2: {
      const size = bytes.readUInt32LE(u + 4);
      const buffer = size === 0 ? Buffer.alloc(0) : (reader.bytesAt(u + 8, size) ?? Buffer.alloc(0));
      return { type: 2, name: "performance", flags, performanceType: bytes.readUInt32LE(u), buffer: buffer.toString("hex") };
    }
    case 4: {
      const count = bytes.readUInt16LE(u + 2);
      const array = count === 0 ? null : reader.target(u + 8, count * UNKNOWN_HEADER_SIZE);
      const headers = Array.from({ length: array === null ? 0 : count }, (_, i) => {
        const h = array! + i * UNKNOWN_HEADER_SIZE;
        const text = (lengthAt: number, pointerAt: number) => {
          const length = bytes.readUInt16LE(h + lengthAt);
          return length === 0 ? "" : (reader.bytesAt(h + pointerAt, length)?.toString("latin1") ?? "");
        };
        return { name: text(0, 8), value: text(2, 16) };
      });
      return { type: 4, name: "errorHeaders", flags, statusCode: bytes.readUInt16LE(u), headers };
    }
    default:
      return COUNTED_TYPES.has(type) ? { type, name: "other", flags, entries: bytes.readUInt32LE(u) } : { type, name: "other", flags };
  }
}

function guidBytes(text: string): Buffer {
  const match = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i.exec(text);
  if (!match) throw new RecordShapeError(`${text} is not a GUID`);
  const out = Buffer.alloc(16);
  out.writeUInt32LE(parseInt(match[1]!, 16), 0);
  out.writeUInt16LE(parseInt(match[2]!, 16), 4);
  out.writeUInt16LE(parseInt(match[3]!, 16), 6);
  Buffer.from(match[4]! + match[5]!, "hex").copy(out, 8);
  return out;
}

/** `{4dc3e181-e14b-4a21-b022-59fc669b0914}`, as netsh prints an AppId. */
function guidText(bytes: Buffer): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
  const tail = bytes.subarray(8, 16).toString("hex");
  return `{${hex(bytes.readUInt32LE(0), 8)}-${hex(bytes.readUInt16LE(4), 4)}-${hex(bytes.readUInt16LE(6), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}}`;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
