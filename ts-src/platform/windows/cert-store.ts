import { createHash } from "node:crypto";
import { toolFailed, usageError } from "../../core/errors.js";
import type { StoredCertificate } from "../../core/model.js";
import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { CertStore } from "../ports.js";
import type { ToolRunner } from "./tool-runner.js";
import { firstLine } from "./tool-output.js";
import { withoutBom } from "../files/read-host-file.js";
import { POWERSHELL_PROLOGUE, powershellArguments } from "./powershell.js";

const POWERSHELL = "powershell.exe";
const STORE_NAME = /^[A-Za-z][A-Za-z0-9 _-]{0,63}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The LocalMachine stores, read by Windows PowerShell 5.1 through the Cert: provider: `-Force` includes archived
 * certificates (IncludeArchivedCerts in PowerShell's
 * https://github.com/PowerShell/PowerShell/blob/master/src/Microsoft.PowerShell.Security/security/CertificateProvider.cs),
 * RawData is the DER, HasPrivateKey cannot be read from DER.
 * The script is fixed when the store is constructed; store names are validated, so they cannot break out of
 * their single-quoted literals. stdout is UTF-8 without BOM; should the code page refuse to change (no
 * console), only non-ASCII friendly names suffer, so that failure is ignored. Errors are written as plain
 * text on stderr (INFERRED: PowerShell's own error output under -EncodedCommand can be CLIXML).
 * `ConvertTo-Json -InputObject @(...)` prints an array even for one certificate; a lone object (what piping
 * one item prints in 5.1) is accepted anyway. INFERRED: Test-Path is false for a store that does not exist,
 * which is then skipped.
 */
export class WindowsCertStore implements CertStore {
  private readonly script: string;

  constructor(
    private readonly run: ToolRunner,
    private readonly stores: readonly string[] = ["My", "WebHosting"],
  ) {
    for (const store of stores) {
      if (!STORE_NAME.test(store)) throw usageError(`'${store}' is not a certificate store name (letters, digits, space, _ and -).`);
    }
    this.script = listScript(stores);
  }

  async list(): Promise<StoredCertificate[]> {
    const result = await this.run(POWERSHELL, powershellArguments(this.script));
    if (result.exitCode !== 0) {
      throw toolFailed(POWERSHELL, result.exitCode, firstLine(result.stderr) || firstLine(result.stdout));
    }
    return parseListing(result.stdout, this.stores);
  }
}

function listScript(stores: readonly string[]): string {
  const paths = stores.map((store) => `'Cert:\\LocalMachine\\${store}'`).join(", ");
  // CERT_RENEWAL_PROP_ID (64) holds the SHA-1 hash of the renewing certificate, on the old certificate
  // (https://learn.microsoft.com/windows/win32/api/certenroll/nn-certenroll-icertpropertyrenewal); .NET does not
  // expose it, so it is read through crypt32.
  return `${POWERSHELL_PROLOGUE}
try {
  Add-Type -Namespace CertRebind -Name Crypt32 -MemberDefinition '[DllImport("crypt32.dll", SetLastError = true)] public static extern bool CertGetCertificateContextProperty(System.IntPtr context, uint propertyId, byte[] data, ref uint size);'
  $renewalOf = {
    param($cert)
    [uint32] $size = 0
    if (-not [CertRebind.Crypt32]::CertGetCertificateContextProperty($cert.Handle, 64, $null, [ref] $size)) { return $null }
    $bytes = New-Object byte[] $size
    if (-not [CertRebind.Crypt32]::CertGetCertificateContextProperty($cert.Handle, 64, $bytes, [ref] $size)) { return $null }
    [BitConverter]::ToString($bytes).Replace('-', '')
  }
  $found = @(foreach ($path in @(${paths})) {
    if (-not (Test-Path -LiteralPath $path)) { continue }
    $store = $path.Split('\\')[-1]
    foreach ($cert in Get-ChildItem -LiteralPath $path -Force) {
      [pscustomobject]@{
        store = $store
        der = [Convert]::ToBase64String($cert.RawData)
        hasPrivateKey = $cert.HasPrivateKey
        archived = $cert.Archived
        friendlyName = $cert.FriendlyName
        renewalThumbprint = & $renewalOf $cert
      }
    }
  })
  [Console]::Out.Write((ConvertTo-Json -InputObject $found -Depth 3 -Compress))
} catch {
  [Console]::Error.WriteLine($_.Exception.Message)
  exit 1
}
`;
}

function parseListing(stdout: string, stores: readonly string[]): StoredCertificate[] {
  const text = withoutBom(stdout).trim();
  if (text === "") throw unexpected("nothing, where a JSON list of certificates was expected");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw unexpected(`text that is not JSON (${(error as Error).message}): ${text.slice(0, 80)}`);
  }
  const items = isObject(json) ? [json] : json;
  if (!Array.isArray(items)) throw unexpected(`JSON that is not a list of certificates: ${text.slice(0, 80)}`);
  return items.map((item, index) => toStoredCertificate(item, index, stores));
}

function toStoredCertificate(item: unknown, index: number, stores: readonly string[]): StoredCertificate {
  const where = `certificate ${index + 1}`;
  if (!isObject(item)) throw unexpected(`${where} is not an object`);
  const { store, der, hasPrivateKey, archived, friendlyName, renewalThumbprint = null } = item;
  if (typeof store !== "string" || !stores.includes(store)) throw unexpected(`${where} has store ${JSON.stringify(store)}, not one of ${stores.join(", ")}`);
  if (typeof der !== "string" || der === "" || !BASE64.test(der)) throw unexpected(`${where} has no base64 "der"`);
  if (typeof hasPrivateKey !== "boolean") throw unexpected(`${where} has no true/false "hasPrivateKey"`);
  if (typeof archived !== "boolean") throw unexpected(`${where} has no true/false "archived"`);
  if (friendlyName !== null && typeof friendlyName !== "string") throw unexpected(`${where} has a "friendlyName" that is not text`);
  const renewal = renewalThumbprint === null ? null : tryNormalizeThumbprint(String(renewalThumbprint));
  if (renewalThumbprint !== null && (typeof renewalThumbprint !== "string" || !renewal)) {
    throw unexpected(`${where} has a "renewalThumbprint" that is not a thumbprint`);
  }
  const bytes = Buffer.from(der, "base64");
  const thumbprint = createHash("sha1").update(bytes).digest("hex").toUpperCase();
  return {
    store,
    der: bytes,
    hasPrivateKey,
    archived,
    friendlyName: friendlyName || null,
    renewalThumbprint: renewal,
    source: `Cert:\\LocalMachine\\${store}\\${thumbprint}`,
  };
}

function unexpected(detail: string) {
  return toolFailed(POWERSHELL, 0, `printed ${detail}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
