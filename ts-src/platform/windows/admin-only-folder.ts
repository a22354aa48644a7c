/*
 * Folders under %ProgramData%\CertRebind that only SYSTEM and Administrators may change: the state folder (lock,
 * journal, backups, audit log) and any other folder whose contents a SYSTEM run acts on (a native module's folder).
 *
 * Why this is needed: %ProgramData% lets every user create folders and files in it ("unlike the Program Files
 * folder, this folder can be used by applications to store data for standard users, because it does not require
 * elevated permissions", https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-shell-setup-folderlocations-programdata).
 * Its DACL as a published Sysinternals accesschk listing shows it (https://pastebin.com/kf7ZLSM0; not Microsoft
 * documentation, and INFERRED to be the default of current Windows versions): SYSTEM and Administrators full
 * control, CREATOR OWNER generic all (inherit only), Users read (OI CI) and Users add-file, add-subdirectory, write
 * attributes and extended attributes (CI), so a folder created there inherits "Users may add files" and a user who
 * creates one owns it. A journal planted there would make a SYSTEM run restore any file from any "backup".
 *
 * How a folder is created without a moment when others can plant something in it:
 * 1. create it under a temporary name beside its final one (it inherits its parent's rights for a moment);
 * 2. `icacls <temp> /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F`: the inherited ACEs are
 *    removed and SYSTEM and Administrators, named by SID (no account name, nothing that depends on the UI language),
 *    get full control of it and of what is created in it (https://learn.microsoft.com/windows-server/administration/windows-commands/icacls:
 *    "If you use a numerical form, affix the wildcard character * to the beginning of the SID"). Only its exit code
 *    is read, never its translated output. icacls rather than Set-Acl with an SDDL: that needs a method call on a
 *    .NET security object, which PowerShell's Constrained Language Mode refuses
 *    (https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_language_modes); icacls
 *    is a plain Windows command;
 * 3. read its SDDL back (Get-Acl) and its entries: a protected DACL granting change rights to administrators only,
 *    and empty (whatever was planted during step 1 would show here);
 * 4. rename it into place. If someone created the final name meanwhile, the rename fails and theirs is checked like
 *    any existing folder: refused (CR4008) unless it is administrators-only.
 * An existing folder is never re-permissioned: what others could have planted in it cannot be known, so it is
 * refused with what to do.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import { win32 } from "node:path";
import { CertRebindError, ExitCode, toolFailed } from "../../core/errors.js";
import type { StateFolderGuard } from "../files/file-host-state.js";
import { withoutBom } from "../files/read-host-file.js";
import { POWERSHELL_PROLOGUE, powershellArguments } from "./powershell.js";
import { ADMINISTRATORS, daclProtected, nonAdminFolderWriters, nonAdminWriters, SddlError } from "./sddl.js";
import { firstLine } from "./tool-output.js";
import type { ToolRunner } from "./tool-runner.js";

const POWERSHELL = "powershell.exe";
const ICACLS = "icacls.exe";
const SAFE_PATH = /^[A-Za-z]:\\[^"%'<>|?*\u0000-\u001f]*$/;

/** The rights `ensureAdminOnlyFolder` gives, as icacls takes them: SYSTEM and Administrators by SID, full control. */
export const ADMIN_ONLY_GRANTS = ["*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F"] as const;

/** What creating a folder does to the file system; node:fs unless a test records it. */
export interface FolderOps {
  mkdir(path: string): Promise<unknown>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string): Promise<void>;
}

const nodeFolderOps: FolderOps = {
  mkdir: (path) => mkdir(path),
  rename: (from, to) => rename(from, to),
  rm: (path) => rm(path, { recursive: true, force: true }),
};

/** A path's security descriptor as Get-Acl gives it, and a folder's number of entries. */
interface AclItem {
  path: string;
  exists: boolean;
  sddl: string | null;
  entries: number | null;
}

interface AclReport {
  user: string | null;
  elevated: boolean;
  items: AclItem[];
}

/**
 * Makes sure `folder` (%ProgramData%\CertRebind or a folder under it) and every folder between it and
 * %ProgramData% exist and only SYSTEM and Administrators can change them, creating the missing ones as described
 * above. CR4008 when one exists and others could change it (nothing is changed then); CR4002 when icacls or
 * PowerShell fails.
 */
export async function ensureAdminOnlyFolder(run: ToolRunner, programData: string, folder: string, ops: FolderOps = nodeFolderOps): Promise<void> {
  const chain = foldersFromRoot(programData, folder);
  const report = await readAcls(run, chain);
  for (const item of report.items) {
    if (item.exists) {
      refuseUnlessAdminOnly(item, report, true);
      continue;
    }
    await createAdminOnly(run, item.path, ops);
  }
}

/**
 * CR4008 when any of `paths` (under %ProgramData%\CertRebind) that exists could be changed by someone other than
 * SYSTEM and Administrators. Reads only.
 */
export async function verifyAdminOnly(run: ToolRunner, programData: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) foldersFromRoot(programData, path);
  const report = await readAcls(run, paths);
  for (const item of report.items) if (item.exists) refuseUnlessAdminOnly(item, report, item.entries !== null);
}

/** The state folder's guard on Windows: created administrators-only, and every state file checked before use. */
export function adminOnlyStateFolder(run: ToolRunner, programData: string, stateDir: string): StateFolderGuard {
  return {
    prepare: () => ensureAdminOnlyFolder(run, programData, stateDir),
    verify: (paths) => verifyAdminOnly(run, programData, paths),
  };
}

/** %ProgramData%\CertRebind, then each folder down to `folder`; throws when `folder` is not under it. */
export function foldersFromRoot(programData: string, folder: string): string[] {
  const root = win32.join(programData.replace(/\\+$/, ""), "CertRebind");
  const normal = win32.normalize(folder).replace(/\\+$/, "");
  const inside = win32.relative(root, normal);
  if (!SAFE_PATH.test(root) || !SAFE_PATH.test(normal) || normal.toLowerCase() !== win32.join(root, inside).toLowerCase() || inside.startsWith("..") || win32.isAbsolute(inside)) {
    throw new Error(`${folder} is not a folder under ${root}`);
  }
  const chain = [root];
  for (const part of inside === "" ? [] : inside.split("\\")) chain.push(win32.join(chain.at(-1)!, part));
  return chain;
}

async function createAdminOnly(run: ToolRunner, folder: string, ops: FolderOps): Promise<void> {
  const temporary = win32.join(win32.dirname(folder), `.${win32.basename(folder)}.${randomBytes(4).toString("hex")}.tmp`);
  await ops.mkdir(temporary).catch((error: unknown) => {
    throw new CertRebindError("CR4004", `${temporary} cannot be created: ${(error as Error).message}`, ExitCode.Environment, temporary, { cause: error });
  });
  try {
    const icacls = await run(ICACLS, [temporary, "/inheritance:r", "/grant:r", ...ADMIN_ONLY_GRANTS]);
    if (icacls.exitCode !== 0) throw toolFailed(ICACLS, icacls.exitCode, firstLine(icacls.stderr) || firstLine(icacls.stdout));
    const report = await readAcls(run, [temporary]);
    const item = report.items[0]!;
    refuseUnlessAdminOnly(item, report, true);
    if (item.sddl === null || !daclProtected(item.sddl)) throw notAdminOnly(folder, ["its DACL still inherits from the folder above"]);
    if (item.entries !== 0) throw notAdminOnly(folder, [`${item.entries} entries appeared in it while it was being created`]);
    await ops.rename(temporary, folder);
  } catch (error) {
    await ops.rm(temporary);
    if ((error as NodeJS.ErrnoException).code === "EEXIST" || (error as NodeJS.ErrnoException).code === "EPERM") {
      // Someone created it meanwhile: theirs is checked like any folder that was there.
      const report = await readAcls(run, [folder]);
      if (report.items[0]?.exists) return refuseUnlessAdminOnly(report.items[0], report, true);
    }
    throw error;
  }
}

function refuseUnlessAdminOnly(item: AclItem, report: AclReport, folder: boolean): void {
  const reasons = nonAdminChangers(item, report, folder);
  if (reasons.length > 0) throw notAdminOnly(item.path, reasons);
}

/**
 * Who other than administrators can change the item (sddl.ts's nonAdminWriters, or nonAdminFolderWriters for a
 * folder): empty when nobody. An SDDL missing or unreadable is a failure of the ACL check.
 */
export function nonAdminChangers(item: { path?: unknown; sddl?: unknown }, report: { user?: unknown; elevated?: unknown }, folder: boolean): string[] {
  if (typeof item.sddl !== "string") throw toolFailed(POWERSHELL, 0, `Get-Acl gave no SDDL for ${String(item.path)}`);
  // An elevated user is an administrator: what it created may name it as owner.
  const administrators = new Set(ADMINISTRATORS);
  if (report.elevated === true && typeof report.user === "string" && report.user) administrators.add(report.user.toUpperCase());
  try {
    return folder ? nonAdminFolderWriters(item.sddl, administrators) : nonAdminWriters(item.sddl, administrators);
  } catch (error) {
    if (error instanceof SddlError) throw toolFailed(POWERSHELL, 0, `Get-Acl printed an SDDL this tool cannot read for ${String(item.path)} (${error.message}): ${item.sddl}`);
    throw error;
  }
}

function notAdminOnly(path: string, reasons: readonly string[]): CertRebindError {
  return new CertRebindError(
    "CR4008",
    `${path} can be changed by people other than administrators: ${reasons.join("; ")}. certrebind runs as SYSTEM and ` +
      `would act on what they put there, so it does nothing. Check that nothing in it was planted, then as an ` +
      `administrator either delete it (certrebind creates it again, administrators-only) or run: icacls "${path}" ` +
      `/inheritance:r /grant:r ${ADMIN_ONLY_GRANTS.join(" ")} /setowner *S-1-5-32-544`,
    ExitCode.Environment,
    path,
  );
}

async function readAcls(run: ToolRunner, paths: readonly string[]): Promise<AclReport> {
  const result = await run(POWERSHELL, powershellArguments(folderAclScript(paths)));
  if (result.exitCode !== 0) throw toolFailed(POWERSHELL, result.exitCode, firstLine(result.stderr) || firstLine(result.stdout));
  return parseAclReport(result.stdout, paths);
}

/** The ACL script's JSON; every path asked for must be answered. */
export function parseAclReport(stdout: string, paths: readonly string[]): AclReport {
  const report = aclReportJson(stdout);
  const listed = Array.isArray(report.items) ? report.items : report.items === undefined ? [] : [report.items];
  const items = paths.map((path): AclItem => {
    const item = (listed as Partial<AclItem>[]).find((i) => i?.path === path);
    if (item === undefined || typeof item.exists !== "boolean") throw toolFailed(POWERSHELL, 0, `the ACL check did not answer for ${path}`);
    return { path, exists: item.exists, sddl: typeof item.sddl === "string" ? item.sddl : null, entries: typeof item.entries === "number" ? item.entries : null };
  });
  return { user: typeof report.user === "string" ? report.user : null, elevated: report.elevated === true, items };
}

/** The ACL script's JSON, not yet checked. */
export function aclReportJson(stdout: string): { user?: unknown; elevated?: unknown; items?: unknown } {
  try {
    return JSON.parse(withoutBom(stdout).trim());
  } catch {
    throw toolFailed(POWERSHELL, 0, `the ACL check printed no JSON: ${firstLine(stdout)}`);
  }
}

/** For each path: whether it exists, its SDDL (Get-Acl: owner and DACL as SIDs) and, for a folder, its entries. */
export function folderAclScript(paths: readonly string[]): string {
  for (const path of paths) if (!SAFE_PATH.test(path)) throw new Error(`not a path for the ACL check: ${path}`);
  return `${POWERSHELL_PROLOGUE}
try {
  $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
  $principal = New-Object System.Security.Principal.WindowsPrincipal $identity
  $items = @(foreach ($path in @(${paths.map((p) => `'${p}'`).join(", ")})) {
    $item = Get-Item -LiteralPath $path -Force -ErrorAction SilentlyContinue
    if ($null -ne $item) {
      $entries = $null
      if ($item.PSIsContainer) { $entries = @(Get-ChildItem -LiteralPath $path -Force).Count }
      [pscustomobject]@{ path = $path; exists = $true; sddl = (Get-Acl -LiteralPath $path).Sddl; entries = $entries }
    }
    else {
      [pscustomobject]@{ path = $path; exists = $false; sddl = $null; entries = $null }
    }
  })
  ConvertTo-Json -Compress -Depth 3 -InputObject ([pscustomobject]@{
    user = $identity.User.Value
    elevated = $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
    items = $items
  })
}
catch {
  [Console]::Error.WriteLine($_.Exception.Message)
  exit 1
}
`;
}
