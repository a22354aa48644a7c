import { preferredRecordKey, type RecordKey } from "../../core/endpoints.js";
import type { WinrmListener } from "./model.js";

/*
 * How the kind names a listener and the HTTP.sys record WinRM writes for it. Pure.
 *
 * The endpoint is the listener's selector as WinRM spells it in a resource URI
 * (`winrm get winrm/config/Listener?Address=*+Transport=HTTPS`,
 * https://learn.microsoft.com/windows/win32/winrm/installation-and-configuration-for-windows-remote-management).
 * The Address is `*`, `IP:` with an IPv4 or IPv6 address, or `MAC:` with a MAC address (same page); anything else is
 * not named in a script (CR3016).
 */
/** The snapshot host's file of the listeners, relative to its root (BindingKind.snapshotFiles). */
export const LISTENERS_FILE = "winrm/listeners.json";

const ADDRESS = /^(\*|IP:(\d{1,3}(\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)|MAC:[0-9A-Fa-f]{2}([-:][0-9A-Fa-f]{2}){5})$/;
const PORT = /^[1-9]\d{0,4}$/;

/** The HTTPS listeners (Transport compared case-insensitively). */
export function httpsListeners(listeners: readonly WinrmListener[]): WinrmListener[] {
  return listeners.filter((l) => l.transport.toUpperCase() === "HTTPS");
}

/** `Address=*+Transport=HTTPS`: the listener's selector, its endpoint in the contract. */
export function listenerEndpoint(address: string): string {
  return `Address=${address}+Transport=HTTPS`;
}

/** True when `address` is one of the documented forms, safe to name in a selector. */
export function isListenerAddress(address: string): boolean {
  return address.length <= 64 && ADDRESS.test(address);
}

export function isListenerPort(port: string): boolean {
  return PORT.test(port) && Number(port) <= 65535;
}

/**
 * The HTTP.sys record WinRM writes for an HTTPS listener: `0.0.0.0:<port>` for Address `*`, `<ip>:<port>` (an IPv6
 * address in brackets) for `IP:<ip>`; null for a MAC address or a value that is not valid. INFERRED: published
 * `netsh http show sslcert` outputs show WinRM's record (appid {afebb9ad-9b97-4a91-9ab5-daf4d59122f6}) at
 * 0.0.0.0:5986 for the `*` listener; the IP-specific form is the HTTP Server API's IP:port key for that address,
 * not seen in a published output.
 */
export function claimedRecordKey(listener: Pick<WinrmListener, "address" | "port">): RecordKey | null {
  if (!isListenerAddress(listener.address) || !isListenerPort(listener.port)) return null;
  if (listener.address !== "*" && !listener.address.startsWith("IP:")) return null;
  const ip = listener.address === "*" ? "*" : listener.address.slice(3);
  // The record HTTP.sys keys by IP and port, as for an IIS https binding on that address without SNI.
  const endpoint = { ip: ip.includes(":") ? `[${ip.toLowerCase()}]` : ip, port: Number(listener.port), host: "" };
  return preferredRecordKey({ protocol: "https", bindingInformation: "", sslFlags: 0, endpoint });
}
