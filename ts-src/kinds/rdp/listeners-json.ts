import { describeReceived, tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { RdpListener } from "./model.js";

/**
 * The listeners as `Get-CimInstance -Namespace root/cimv2/TerminalServices -ClassName Win32_TSGeneralSetting |
 * Select-Object TerminalName,SSLCertificateSHA1Hash,SSLCertificateSHA1HashType` prints them through ConvertTo-Json:
 * an array of objects, or one object (ConvertTo-Json prints a single item so). `where` names the source in
 * messages. Returns the listeners and what was ignored, or a string saying why the value is not that form.
 */
export function listenersOf(value: unknown, where: string): { listeners: RdpListener[]; warnings: string[] } | string {
  const items = Array.isArray(value) ? value : [value];
  const listeners: RdpListener[] = [];
  const warnings: string[] = [];
  for (const [index, item] of items.entries()) {
    const at = Array.isArray(value) ? `entry ${index + 1}` : "its object";
    if (item === null || typeof item !== "object" || Array.isArray(item)) return `${at} is not an object such as ${EXAMPLE}`;
    const { TerminalName: name, SSLCertificateSHA1Hash: hash, SSLCertificateSHA1HashType: type } = item as Record<string, unknown>;
    if (typeof name !== "string" || name === "") return `${at}: "TerminalName" must be the listener's name (${EXAMPLE})`;
    if (hash !== null && hash !== undefined && typeof hash !== "string") return `${at}: "SSLCertificateSHA1Hash" must be a string or null`;
    if (type !== null && type !== undefined && typeof type !== "number") return `${at}: "SSLCertificateSHA1HashType" must be a number (0, 1, 2 or 3)`;
    const hashText = hash ?? null;
    const thumbprint = tryNormalizeThumbprint(hashText);
    if (hashText && thumbprint === null) warnings.push(`${where}: the RDP listener ${name} names '${describeReceived(hashText)}' as its certificate, which is not a thumbprint; it is ignored.`);
    listeners.push({ terminalName: name, thumbprint, hashText, hashType: type ?? null });
  }
  return { listeners, warnings };
}

export const EXAMPLE = '{ "TerminalName": "RDP-Tcp", "SSLCertificateSHA1Hash": "<40 hex>", "SSLCertificateSHA1HashType": 3 }';
