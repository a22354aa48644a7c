import { memberOf } from "../../platform/formats/json-member-edit.js";
import type { JsonNode } from "../../platform/formats/json-scan.js";
import type { WinrmListener } from "./model.js";

/** The properties the kind reads of each listener, as Get-WSManInstance names them. */
export const LISTENER_PROPERTIES = ["Address", "Transport", "Port", "Hostname", "Enabled", "CertificateThumbprint"] as const;

/** One entry of the listeners' JSON, with its object node (the snapshot adapter edits its CertificateThumbprint in place). */
export interface ListenerEntry {
  listener: WinrmListener;
  node: JsonNode & { type: "object" };
}

/**
 * The listeners of `ConvertTo-Json` over Get-WSManInstance's listeners (an array, or one object alone): each entry's
 * Address, Transport and Port must be there (strings; Port may be a number), Hostname, Enabled and
 * CertificateThumbprint may be strings, null or absent (""). A property WS-Management returns as an element with
 * attributes (`xsi:nil`) is an object in that JSON, read as "". `problems` names each entry that is not a listener.
 */
export function listenersOfJson(root: JsonNode): { entries: ListenerEntry[]; problems: string[] } {
  const nodes = root.type === "array" ? root.items : [root];
  const entries: ListenerEntry[] = [];
  const problems: string[] = [];
  nodes.forEach((node, index) => {
    const where = root.type === "array" ? `entry ${index + 1}` : "its object";
    if (node.type !== "object") {
      problems.push(`${where}: not an object`);
      return;
    }
    const text = (key: string): string | null | undefined => {
      const value = memberOf(node, key)?.value;
      if (value === undefined || value.type === "null" || value.type === "object") return value === undefined ? undefined : value.type === "null" ? null : "";
      if (value.type === "string") return value.value;
      if (value.type === "number" && key === "Port") return value.raw;
      return undefined;
    };
    const [address, transport, port] = [text("Address"), text("Transport"), text("Port")];
    if (typeof address !== "string" || typeof transport !== "string" || typeof port !== "string") {
      problems.push(`${where}: "Address", "Transport" and "Port" must be strings, as Get-WSManInstance gives them`);
      return;
    }
    const optional = (key: string) => {
      const value = text(key);
      return typeof value === "string" ? value : "";
    };
    entries.push({
      listener: { address, transport, port, hostname: optional("Hostname"), enabled: optional("Enabled"), certificateThumbprint: optional("CertificateThumbprint") },
      node,
    });
  });
  return { entries, problems };
}
