/*
 * The HTTP Server API's extended SSL parameter, x64 layout, as the Windows SDK's http.h defines it:
 *   HTTP_SERVICE_CONFIG_SSL_PARAM_EX { ParamType @0; ULONGLONG Flags @8; union @16 } (32 bytes)
 *     https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_param_ex,
 *     …_ssl_set_ex, …_ssl_query_ex, …_ssl_sni_query_ex
 *   union members: HTTP2_WINDOW_SIZE_PARAM { DWORD }, HTTP2_SETTINGS_LIMITS_PARAM { DWORD; DWORD },
 *     HTTP_PERFORMANCE_PARAM { Type; ULONG BufferSize; PVOID Buffer }, HTTP_ERROR_HEADERS_PARAM { USHORT StatusCode;
 *     USHORT HeaderCount; PHTTP_UNKNOWN_HEADER Headers }, HTTP_UNKNOWN_HEADER { USHORT NameLength; USHORT
 *     RawValueLength; PCSTR pName; PCSTR pRawValue } (24 bytes)
 *     https://learn.microsoft.com/windows/win32/api/http/ns-http-http_performance_param, …-http_error_headers_param,
 *     …-http_unknown_header
 */
import type { HttpSysExtendedParam } from "../../../core/model.js";
import { RecordShapeError } from "./record-shape-error.js";
import { StructBuilder, type StructReader } from "./struct-buffer.js";

export const PARAM_EX_SIZE = 32;
const UNKNOWN_HEADER_SIZE = 24;

/**
 * TlsRestrictions, TlsSessionTicketKeys and CertConfig: a count and a pointer to elements whose layout this tool
 * does not carry (HTTP_TLS_RESTRICTIONS_PARAM, HTTP_TLS_SESSION_TICKET_KEYS_PARAM, HTTP_CERT_CONFIG_PARAM).
 */
const COUNTED_TYPES: ReadonlySet<number> = new Set([3, 5, 6]);

/** Whether this tool can write `param` back as read: every ParamType it carries whole, and the empty counted ones. */
export function isReapplicable(param: HttpSysExtendedParam): boolean {
  return param.name !== "other" || (COUNTED_TYPES.has(param.type) && param.entries === 0);
}

export function writeParamEx(builder: StructBuilder, at: number, param: HttpSysExtendedParam): void {
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

export function readParamEx(reader: StructReader, at: number): HttpSysExtendedParam {
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
