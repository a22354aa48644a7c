/*
 * SOCKADDR_IN and SOCKADDR_IN6 inside a SOCKADDR_STORAGE (128 bytes), as Winsock lays them out:
 * https://learn.microsoft.com/windows/win32/winsock/sockaddr-2 and
 * https://learn.microsoft.com/windows/win32/api/ws2def/ns-ws2def-sockaddr_storage_lh. The family is little-endian,
 * the port in network byte order. AF_INET6 is 23 on Windows (ws2def.h), not 10 as on Linux.
 */
import { isIPv4, isIPv6 } from "node:net";

export const SOCKADDR_STORAGE_SIZE = 128;
export const AF_INET = 2;
export const AF_INET6 = 23;

export interface SocketAddress {
  /** `0.0.0.0`, `10.0.0.5`, `::`, `fe80::1%3` (IPv6 scope id after `%`). */
  ip: string;
  port: number;
}

export class SocketAddressError extends Error {}

export function encodeSocketAddress(address: SocketAddress, into: Buffer = Buffer.alloc(SOCKADDR_STORAGE_SIZE), at = 0): Buffer {
  if (!Number.isInteger(address.port) || address.port < 0 || address.port > 65535) throw new SocketAddressError(`port ${address.port} is not 0-65535`);
  if (isIPv4(address.ip)) {
    into.writeUInt16LE(AF_INET, at);
    into.writeUInt16BE(address.port, at + 2);
    address.ip.split(".").forEach((part, i) => into.writeUInt8(Number(part), at + 4 + i));
    return into;
  }
  const [ip, scope] = address.ip.split("%");
  if (!ip || !isIPv6(ip) || (scope !== undefined && !/^\d{1,10}$/.test(scope))) throw new SocketAddressError(`${address.ip} is not an IP address`);
  into.writeUInt16LE(AF_INET6, at);
  into.writeUInt16BE(address.port, at + 2);
  ipv6Bytes(ip).copy(into, at + 8);
  into.writeUInt32LE(Number(scope ?? 0), at + 24);
  return into;
}

export function decodeSocketAddress(bytes: Buffer, at = 0): SocketAddress {
  const family = bytes.readUInt16LE(at);
  const port = bytes.readUInt16BE(at + 2);
  if (family === AF_INET) return { ip: [...bytes.subarray(at + 4, at + 8)].join("."), port };
  if (family === AF_INET6) {
    const scope = bytes.readUInt32LE(at + 24);
    return { ip: `${ipv6Text(bytes.subarray(at + 8, at + 24))}${scope ? `%${scope}` : ""}`, port };
  }
  throw new SocketAddressError(`address family ${family} is neither AF_INET (2) nor AF_INET6 (23)`);
}

/** `0.0.0.0:443`, `[::]:443` */
export function formatIpPort({ ip, port }: SocketAddress): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export function parseIpPort(text: string): SocketAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (!match) throw new SocketAddressError(`${text} is not ip:port`);
  return { ip: match[1] ?? match[2]!, port: Number(match[3]) };
}

function ipv6Bytes(ip: string): Buffer {
  const [head = "", tail] = ip.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":")).flatMap((g) => (g.includes(".") ? v4Groups(g) : [parseInt(g, 16)]));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

function v4Groups(v4: string): number[] {
  const b = v4.split(".").map(Number);
  return [(b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!];
}

/** RFC 5952 text: lower case, the longest run of two or more zero groups as `::`. */
function ipv6Text(bytes: Buffer): string {
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2));
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > best.length && j - i >= 2) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(":");
  return `${hex.slice(0, best.at).join(":")}::${hex.slice(best.at + best.length).join(":")}`;
}
