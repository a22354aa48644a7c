import { describeReceived, type Thumbprint } from "../../core/thumbprint.js";
import type { HttpSysRecord } from "../../core/model.js";
import { GATEWAY_RECORD_ENDPOINTS, type GatewaySettings } from "./model.js";

/**
 * The gateway's settings as `… | Select-Object -First 1 -Property CertHash, IsConfigured | ConvertTo-Json` prints
 * them (the Windows read's output and the snapshot file alike): CertHash an array of 20 bytes (0-255), or null or
 * empty for none; a base64 string of the 20 bytes is taken too (INFERRED: how a JSON serializer that does not list
 * arrays writes a byte[]). `where` names the source in warnings. Throws with the reason when it is not such an object.
 */
export function parseGatewaySettings(text: string, where: string): { settings: GatewaySettings; warnings: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new Error(`${where} is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${where} is not one Win32_TSGatewayServerSettings object`);
  const object = value as Record<string, unknown>;
  const warnings: string[] = [];
  const isConfigured = typeof object["IsConfigured"] === "boolean" ? object["IsConfigured"] : null;
  const raw = object["CertHash"];
  const bytes = certHashBytes(raw);
  if (bytes === null) {
    warnings.push(`${where}: CertHash '${describeReceived(JSON.stringify(raw) ?? "undefined")}' is not the 20 bytes of a certificate thumbprint; RD Gateway's certificate is unknown.`);
    return { settings: { thumbprint: null, isConfigured }, warnings };
  }
  return { settings: { thumbprint: bytes.length === 0 ? null : (bytes.toString("hex").toUpperCase() as Thumbprint), isConfigured }, warnings };
}

function certHashBytes(raw: unknown): Buffer | null {
  if (raw === null || raw === undefined) return Buffer.alloc(0);
  if (Array.isArray(raw)) {
    if (raw.length === 0) return Buffer.alloc(0);
    if (raw.length !== 20 || !raw.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return null;
    return Buffer.from(raw as number[]);
  }
  if (typeof raw === "string" && /^[A-Za-z0-9+/]{27}=$/.test(raw)) return Buffer.from(raw, "base64");
  return null;
}

/** CertHash as ConvertTo-Json would print it, on one line: the thumbprint's bytes. */
export function certHashJson(thumbprint: Thumbprint): string {
  return `[${[...Buffer.from(thumbprint, "hex")].join(",")}]`;
}

/** The HTTP.sys records the gateway's service writes: on the gateway's endpoints and certificate (model.ts). */
export function gatewayRecords(records: readonly HttpSysRecord[], thumbprint: Thumbprint | null): HttpSysRecord[] {
  if (thumbprint === null) return [];
  return records.filter((r) => GATEWAY_RECORD_ENDPOINTS.includes(r.endpoint) && r.thumbprint !== null && r.thumbprint.toUpperCase() === thumbprint);
}
