import { join } from "node:path";
import { readHostBytes } from "../../platform/files/read-host-file.js";
import { powershellArguments } from "../../platform/windows/powershell.js";
import type { CapturePart, PartReport } from "../../providers/capture/capture-part.js";
import { redactText, type Redaction } from "../../providers/capture/redaction.js";
import { GATEWAY_SERVICE, SETTINGS_FILE } from "./model.js";
import { parseGatewaySettings } from "./settings.js";
import { READ_SCRIPT } from "./windows-gateway.js";

/**
 * `rdgateway/settings.json`: a snapshot host's own file, byte for byte; on Windows the read's output as PowerShell
 * printed it (the two properties, ConvertTo-Json's layout). No gateway: no file. A read that fails is a warning, never
 * a failed capture.
 */
export const gatewayPart: CapturePart = {
  name: "rdgateway",
  async capture(source, out, redaction) {
    const report: PartReport = { part: "rdgateway", count: 0, of: "files", files: [], warnings: [] };
    let bytes: Buffer | null = null;
    if (source.root !== null) {
      bytes = await readHostBytes(join(source.root, ...SETTINGS_FILE.split("/")));
    } else if (source.host.windows) {
      const service = await source.host.services.query(GATEWAY_SERVICE).catch(() => undefined);
      if (service === null) return report;
      const result = await source.host.windows.run("powershell.exe", powershellArguments(READ_SCRIPT)).catch((error: unknown) => ({ exitCode: -1, stdout: "", stderr: (error as Error).message }));
      if (result.exitCode !== 0) {
        const detail = (result.stderr || result.stdout).trim().replace(/\s+/g, " ").slice(0, 300);
        report.warnings.push(`RD Gateway's settings (Win32_TSGatewayServerSettings) could not be read (exit code ${result.exitCode}${detail ? `: ${detail}` : ""}): ${SETTINGS_FILE} is not captured.`);
        return report;
      }
      if (result.stdout.trim() !== "") bytes = Buffer.from(result.stdout, "utf8");
    }
    if (bytes === null) return report;
    if (source.root === null) {
      try {
        parseGatewaySettings(bytes.toString("utf8"), "Win32_TSGatewayServerSettings");
      } catch (error) {
        report.warnings.push(`${(error as Error).message}: ${SETTINGS_FILE} is not captured.`);
        return report;
      }
    }
    const redacted = redactSettings(bytes, redaction);
    if (redacted === null) {
      report.warnings.push(`${SETTINGS_FILE}: its CertHash could not be read, so it cannot be redacted; it is not captured.`);
      return report;
    }
    report.files.push(await out.write(SETTINGS_FILE, redacted));
    report.count = 1;
    return report;
  },
};

/**
 * With `--redact`, the settings written anew with CertHash the bytes of the thumbprint the redaction gives the
 * certificate (a thumbprint as bytes is no text a text redaction finds); null when CertHash cannot be read.
 */
function redactSettings(bytes: Buffer, redaction: Redaction): Buffer | null {
  if (!redaction.active) return bytes;
  let parsed: ReturnType<typeof parseGatewaySettings>;
  try {
    parsed = parseGatewaySettings(bytes.toString("utf8").replace(/^\uFEFF/, ""), SETTINGS_FILE);
  } catch {
    return null;
  }
  if (parsed.warnings.length > 0) return null;
  const { thumbprint, isConfigured } = parsed.settings;
  const certHash = thumbprint === null ? [] : [...Buffer.from(redactText(redaction, thumbprint), "hex")];
  return Buffer.from(`${JSON.stringify({ CertHash: certHash, IsConfigured: isConfigured })}\n`, "utf8");
}
