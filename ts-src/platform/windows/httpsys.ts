/*
 * HTTP.sys records are read from `netsh http show sslcert`, parsed by shape, not from the registry.
 *
 * The registry (`HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters\SslBindingInfo`, `SslSniBindingInfo`,
 * `SslCcsBindingInfo`, iis-httpsys-bindings.md §3.4) has language-neutral value names, but only the ipport
 * layout is VERIFIED (Azure DevOps Server's SslHandler); the SNI subkey naming and the whole CCS layout are
 * UNCERTAIN, the settings beyond hash/appid/store have UNCERTAIN value names, and the REG_BINARY AppId needs a
 * GUID byte-order guess. netsh prints every record kind with every setting in one process, in the format a
 * snapshot host stores (`httpsys/sslcert.txt`), so one parser serves both hosts; parsing by position and value
 * shape instead of labels makes it independent of the UI language (§3.6, option c).
 *
 * netsh writes in the OEM code page and execa decodes UTF-8. Everything the parser relies on is ASCII (hex
 * hashes, GUIDs, IP addresses, ports, `(null)`); host names in HTTP.sys are ASCII or punycode (INFERRED), so
 * only translated labels and flag words can arrive garbled, and those are kept, never interpreted.
 */
import { toolFailed } from "../../core/errors.js";
import type { HttpSysRecord } from "../../core/model.js";
import { parseSslCertOutput } from "../formats/netsh-sslcert.js";
import type { HttpSys } from "../ports.js";
import type { ToolRunner } from "./tool-runner.js";

const SOURCE = "netsh http show sslcert";

export class WindowsHttpSys implements HttpSys {
  constructor(private readonly run: ToolRunner) {}

  async readRecords(): Promise<HttpSysRecord[]> {
    const result = await this.run("netsh", ["http", "show", "sslcert"]);
    if (result.exitCode !== 0) {
      throw toolFailed("netsh", result.exitCode, firstLine(result.stderr) || firstLine(result.stdout));
    }
    return parseSslCertOutput(result.stdout, SOURCE);
  }
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).map((line) => line.trim()).find((line) => line !== "") ?? "";
}
