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
 *   HTTP_SERVICE_CONFIG_SSL_SET_EX, _QUERY_EX { QueryDesc; KeyDesc (the _EX/SNI/CCS key, inline); dwToken; ParamType }
 *     https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_set_ex, …_ssl_query_ex,
 *     …_ssl_sni_query_ex; the PARAM_EX they carry: ssl-param-ex.ts
 * GUID: Data1 (LE u32), Data2, Data3 (LE u16), Data4 (8 bytes): https://learn.microsoft.com/windows/win32/api/guiddef/ns-guiddef-guid
 */
import type { HttpSysExtendedParam, HttpSysRecord } from "../../../core/model.js";
import { FAMILIES, QueryType, type RecordKind } from "./config-ids.js";
import { decodeSocketAddress, encodeSocketAddress, formatIpPort, parseIpPort, SOCKADDR_STORAGE_SIZE, type SocketAddress } from "./sockaddr.js";
import { RecordShapeError } from "./record-shape-error.js";
import { PARAM_EX_SIZE, readParamEx, writeParamEx } from "./ssl-param-ex.js";
import { StructBuilder, StructReader, wideStringBytes, type EncodedStruct } from "./struct-buffer.js";

const PARAM_SIZE = 80;
/** Size of the key inside a SET, a SET_EX and (at offset 8) a QUERY_EX. */
const KEY_SIZE = { ip: 8, sni: SOCKADDR_STORAGE_SIZE + 8, ccs: SOCKADDR_STORAGE_SIZE } as const;
const KEY_EX_SIZE = { ip: SOCKADDR_STORAGE_SIZE, sni: SOCKADDR_STORAGE_SIZE + 8, ccs: SOCKADDR_STORAGE_SIZE } as const;

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
