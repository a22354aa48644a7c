import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

/**
 * rdgateway/settings.json as Windows PowerShell 5.1's ConvertTo-Json lays it out (four-space indent, two spaces after
 * the colon, one array item a line; reconstructed, tests/fixtures/kinds/rdgateway/README.md).
 */
export function settingsJson(thumbprint: string | null, isConfigured = true): string {
  const hash = thumbprint === null
    ? "null"
    : `[\r\n${[...Buffer.from(thumbprint, "hex")].map((b) => `${" ".repeat(21)}${b}`).join(",\r\n")}\r\n${" ".repeat(17)}]`;
  return `{\r\n    "CertHash":  ${hash},\r\n    "IsConfigured":  ${isConfigured}\r\n}\r\n`;
}

/** Writes the gateway's snapshot file into a snapshot host. */
export function addGateway(root: string, thumbprint: string | null): string {
  mkdirSync(join(root, "rdgateway"), { recursive: true });
  const path = join(root, "rdgateway", "settings.json");
  writeFileSync(path, settingsJson(thumbprint));
  return path;
}

/** The gateway's thumbprint as the file says it. */
export function gatewayThumbprint(path: string, read: (p: string) => string): string | null {
  const hash = (JSON.parse(read(path)) as { CertHash: number[] | null }).CertHash;
  return hash === null ? null : Buffer.from(hash).toString("hex").toUpperCase();
}
