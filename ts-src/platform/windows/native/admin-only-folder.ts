/*
 * The default FolderGuard of an elevated run: one PowerShell process that creates the folder (and its parent)
 * when missing with an explicit, protected DACL — SYSTEM and Administrators only — and prints the SDDL of both,
 * which sddl.ts then judges. A missing folder is made under a fresh name, given its DACL and only then renamed
 * into place, so the name never stands for a folder with inherited rights.
 *
 * Why a process and not Win32 through koffi: reading or setting a DACL needs Win32, and koffi is the native
 * code whose folder is being checked. Loading it first to check where it is loaded from would run it before
 * the check (a chicken-and-egg), so the check runs outside this process, with Get-Acl/Set-Acl
 * (https://learn.microsoft.com/powershell/module/microsoft.powershell.security/set-acl) and the SDDL form of
 * the descriptor (https://learn.microsoft.com/dotnet/api/system.security.accesscontrol.objectsecurity.setsecuritydescriptorsddlform).
 *
 * What must hold: nobody but administrators can change the folder (nonAdminWriters), nor swap it — that is,
 * delete or rename it through its parent (FILE_DELETE_CHILD, or DELETE, WRITE_DAC, WRITE_OWNER, GENERIC_ALL on
 * the parent, or owning the parent). Others may add their own files beside it in the parent: they cannot touch
 * the folder. The parent of the parent, %ProgramData%, is the system's.
 */
import { win32 } from "node:path";
import { ExitCode, CertRebindError } from "../../../core/errors.js";
import { withoutBom } from "../../files/read-host-file.js";
import { powershellArguments, POWERSHELL_PROLOGUE } from "../powershell.js";
import { ADMINISTRATORS, nonAdminWriters, parseSddl, SddlError } from "../sddl.js";
import type { ToolRunner } from "../tool-runner.js";
import { firstLine } from "../tool-output.js";
import { nativeModuleRefused, type FolderGuard } from "./native-folder.js";

/** SYSTEM and Administrators, full control, inherited by everything inside, nothing inherited from above. */
export const ADMIN_ONLY_SDDL = "O:BAD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";
/** FILE_DELETE_CHILD, DELETE, WRITE_DAC, WRITE_OWNER, GENERIC_ALL: what lets someone swap a folder's child. */
const SWAP_RIGHTS = 0x40 | 0x10000 | 0x40000 | 0x80000 | 0x10000000;
const PATH = /^[A-Za-z]:\\[^"%'<>|?*\u0000-\u001f]*$/;

export function powershellFolderGuard(run: ToolRunner): FolderGuard {
  return async (folder) => {
    const parent = win32.dirname(folder);
    const result = await run("powershell.exe", powershellArguments(adminOnlyFolderScript(folder, parent)));
    if (result.exitCode !== 0) {
      throw nativeModuleRefused(
        `the folder ${folder} could not be made or checked (PowerShell exit code ${result.exitCode}: ${firstLine(result.stderr) || firstLine(result.stdout)})`,
        `create it with only SYSTEM and Administrators allowed (SDDL ${ADMIN_ONLY_SDDL}) and run again`,
      );
    }
    judgeAdminOnlyFolder(result.stdout, folder, parent);
  };
}

/** Throws CR4007 unless the script's report shows `folder` admin-only and its parent unable to swap it. */
export function judgeAdminOnlyFolder(stdout: string, folder: string, parent: string): void {
  let report: { user?: unknown; elevated?: unknown; folder?: unknown; parent?: unknown };
  try {
    report = JSON.parse(withoutBom(stdout).trim());
  } catch {
    throw nativeModuleRefused(`the check of ${folder} printed no JSON (${firstLine(stdout)})`, "run again from an elevated Windows PowerShell that is not in Constrained Language Mode");
  }
  const administrators = new Set(ADMINISTRATORS);
  if (typeof report.user === "string" && report.elevated === true) administrators.add(report.user.toUpperCase());
  const todo = `delete ${folder} (after checking what is in it) and run again elevated: it is then created with only SYSTEM and Administrators allowed`;
  try {
    if (typeof report.folder !== "string" || typeof report.parent !== "string") throw new SddlError("no SDDL was printed");
    const writers = nonAdminWriters(report.folder, administrators);
    if (writers.length > 0) throw nativeModuleRefused(`${folder} can be changed by non-administrators (${writers.join("; ")})`, todo);
    const swappers = parentSwappers(report.parent, administrators);
    if (swappers.length > 0) throw nativeModuleRefused(`${folder} can be replaced through ${parent}: ${swappers.join("; ")}`, `give ${parent} an owner and permissions that only administrators hold, or delete it, and run again`);
  } catch (error) {
    if (error instanceof SddlError) throw nativeModuleRefused(`the permissions of ${folder} cannot be read (${error.message})`, todo, error);
    throw error;
  }
}

function parentSwappers(sddl: string, administrators: ReadonlySet<string>): string[] {
  const descriptor = parseSddl(sddl);
  const reasons: string[] = [];
  if (descriptor.owner && !administrators.has(descriptor.owner)) reasons.push(`its owner ${descriptor.owner} is not an administrator`);
  if (descriptor.dacl === null) return [...reasons, "it has no access control list"];
  for (const ace of descriptor.dacl) {
    if (!["A", "OA", "XA", "ZA"].includes(ace.type) || ace.flags.includes("IO") || administrators.has(ace.sid)) continue;
    if (ace.sid === "S-1-3-0" || ace.sid === "S-1-3-4") continue;
    if ((ace.rights & SWAP_RIGHTS) !== 0) reasons.push(`${ace.sid} may delete or rename what is in it (rights 0x${ace.rights.toString(16)})`);
  }
  return reasons;
}

export function adminOnlyFolderScript(folder: string, parent: string): string {
  for (const path of [folder, parent]) {
    if (!PATH.test(path)) throw new CertRebindError("CR4007", `not a folder path for the native module: ${path}`, ExitCode.Environment, path);
  }
  return `${POWERSHELL_PROLOGUE}
try {
  $sddl = '${ADMIN_ONLY_SDDL}'
  function New-AdminOnlyFolder([string]$path) {
    $fresh = Join-Path (Split-Path -Parent $path) ('.' + (Split-Path -Leaf $path) + '.' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $fresh | Out-Null
    try {
      $acl = Get-Acl -LiteralPath $fresh
      $acl.SetSecurityDescriptorSddlForm($sddl)
      Set-Acl -LiteralPath $fresh -AclObject $acl
      Rename-Item -LiteralPath $fresh -NewName (Split-Path -Leaf $path)
    }
    catch {
      Remove-Item -LiteralPath $fresh -Recurse -Force -ErrorAction SilentlyContinue
      if (-not (Test-Path -LiteralPath $path)) { throw }
    }
  }
  foreach ($path in @('${parent}', '${folder}')) {
    if (-not (Test-Path -LiteralPath $path)) { New-AdminOnlyFolder $path }
  }
  $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
  $principal = New-Object System.Security.Principal.WindowsPrincipal $identity
  ConvertTo-Json -Compress -InputObject ([pscustomobject]@{
    user = $identity.User.Value
    elevated = $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
    parent = (Get-Acl -LiteralPath '${parent}').Sddl
    folder = (Get-Acl -LiteralPath '${folder}').Sddl
  })
}
catch {
  [Console]::Error.WriteLine($_.Exception.Message)
  exit 1
}
`;
}
