/*
 * Who can change a file or folder, from its security descriptor in SDDL (what `(Get-Acl).Sddl` prints): SIDs
 * and rights, no account names, so nothing depends on the UI language.
 *
 * SDDL: https://learn.microsoft.com/windows/win32/secauthz/security-descriptor-string-format (O:owner G:group
 * D:dacl_flags(ace)(ace)… S:sacl), ACE strings https://learn.microsoft.com/windows/win32/secauthz/ace-strings
 * (type;flags;rights;object_guid;inherit_object_guid;account_sid[;resource]), SID aliases
 * https://learn.microsoft.com/windows/win32/secauthz/sid-strings, file rights
 * https://learn.microsoft.com/windows/win32/fileio/file-access-rights-constants.
 */

export interface Ace {
  type: string;
  flags: string[];
  rights: number;
  sid: string;
}

export interface SecurityDescriptor {
  owner: string | null;
  /** null: no DACL at all (or NO_ACCESS_CONTROL), which gives everyone full access. */
  dacl: Ace[] | null;
}

const SID_ALIASES: Record<string, string> = {
  AN: "S-1-5-7",
  AO: "S-1-5-32-548",
  AU: "S-1-5-11",
  BA: "S-1-5-32-544",
  BG: "S-1-5-32-546",
  BO: "S-1-5-32-551",
  BU: "S-1-5-32-545",
  CO: "S-1-3-0",
  CG: "S-1-3-1",
  IU: "S-1-5-4",
  IS: "S-1-5-32-568",
  LS: "S-1-5-19",
  NS: "S-1-5-20",
  NU: "S-1-5-2",
  OW: "S-1-3-4",
  PU: "S-1-5-32-547",
  RC: "S-1-5-12",
  RD: "S-1-5-32-555",
  RU: "S-1-5-32-554",
  SO: "S-1-5-32-549",
  SU: "S-1-5-6",
  SY: "S-1-5-18",
  WD: "S-1-1-0",
  WR: "S-1-5-33",
  AC: "S-1-15-2-1",
};

export const TRUSTED_INSTALLER = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";

/**
 * Who may change things on an administrator-only machine anyway: SYSTEM, Administrators, TrustedInstaller, and
 * the aliases of the built-in Administrator account and the domain's administrator groups (their SIDs depend on
 * the machine or domain, so SDDL names them by alias).
 */
export const ADMINISTRATORS: ReadonlySet<string> = new Set(["S-1-5-18", "S-1-5-32-544", TRUSTED_INSTALLER, "LA", "DA", "EA"]);

const NAMES: Record<string, string> = {
  "S-1-1-0": "Everyone",
  "S-1-5-11": "Authenticated Users",
  "S-1-5-32-545": "Users",
  "S-1-5-4": "Interactive",
  "S-1-5-7": "Anonymous",
  "S-1-5-32-546": "Guests",
  "S-1-5-32-547": "Power Users",
  "S-1-5-32-568": "IIS_IUSRS",
  "S-1-5-19": "Local Service",
  "S-1-5-20": "Network Service",
  "S-1-15-2-1": "All Application Packages",
};

const RIGHT_LETTERS: Record<string, number> = {
  GA: 0x10000000,
  GR: 0x80000000,
  GW: 0x40000000,
  GX: 0x20000000,
  RC: 0x20000,
  SD: 0x10000,
  WD: 0x40000,
  WO: 0x80000,
  RP: 0x10,
  WP: 0x20,
  CC: 0x1,
  DC: 0x2,
  LC: 0x4,
  SW: 0x8,
  LO: 0x80,
  DT: 0x40,
  CR: 0x100,
  FA: 0x1f01ff,
  FR: 0x120089,
  FW: 0x120116,
  FX: 0x1200a0,
  KA: 0xf003f,
  KR: 0x20019,
  KW: 0x20006,
  KX: 0x20019,
  NR: 0,
  NW: 0,
  NX: 0,
};

/**
 * Rights that let someone replace or re-permission the exe: FILE_WRITE_DATA / FILE_ADD_FILE (0x2),
 * FILE_APPEND_DATA / FILE_ADD_SUBDIRECTORY (0x4), FILE_DELETE_CHILD (0x40), DELETE, WRITE_DAC, WRITE_OWNER,
 * GENERIC_ALL, GENERIC_WRITE.
 */
export const CHANGE_RIGHTS = 0x2 | 0x4 | 0x40 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000;

const ALLOW_TYPES = new Set(["A", "OA", "XA", "ZA"]);

export class SddlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SddlError";
  }
}

export function parseSddl(sddl: string): SecurityDescriptor {
  const parts = topLevelParts(sddl.trim());
  const owner = parts.get("O");
  const dacl = parts.get("D");
  return { owner: owner ? sid(owner) : null, dacl: dacl === undefined ? null : parseAcl(dacl) };
}

/**
 * Why principals other than `administrators` could change the object: an owner who is not one (an owner may
 * always rewrite the permissions), no DACL, or an allow ACE with CHANGE_RIGHTS that applies to the object itself
 * (inherit-only ACEs do not; CREATOR OWNER and OWNER RIGHTS stand for the owner, checked on its own). Deny ACEs
 * are ignored: the answer errs towards "writable". Empty when only administrators can.
 */
export function nonAdminWriters(sddl: string, administrators: ReadonlySet<string> = ADMINISTRATORS): string[] {
  const descriptor = parseSddl(sddl);
  const reasons: string[] = [];
  if (descriptor.owner && !administrators.has(descriptor.owner)) {
    reasons.push(`its owner ${describe(descriptor.owner)} is not an administrator and may change its permissions`);
  }
  if (descriptor.dacl === null) {
    reasons.push("it has no access control list, which lets everyone change it");
    return reasons;
  }
  const seen = new Set<string>();
  for (const ace of descriptor.dacl) {
    if (!ALLOW_TYPES.has(ace.type) || ace.flags.includes("IO")) continue;
    if (ace.sid === "S-1-3-0" || ace.sid === "S-1-3-4") continue;
    if (administrators.has(ace.sid) || (ace.rights & CHANGE_RIGHTS) === 0 || seen.has(ace.sid)) continue;
    seen.add(ace.sid);
    reasons.push(`${describe(ace.sid)} may change it (rights 0x${ace.rights.toString(16)})`);
  }
  return reasons;
}

function describe(sidText: string): string {
  const name = NAMES[sidText];
  return name ? `${name} (${sidText})` : sidText;
}

function sid(text: string): string {
  const trimmed = text.trim();
  if (/^S-1-\d+(-\d+)*$/i.test(trimmed)) return trimmed.toUpperCase();
  if (/^[A-Z]{2}$/.test(trimmed)) return SID_ALIASES[trimmed] ?? trimmed;
  throw new SddlError(`'${trimmed}' is not a SID or SID alias`);
}

/** O:, G:, D:, S: at the top level (outside parentheses). */
function topLevelParts(sddl: string): Map<string, string> {
  const parts = new Map<string, string>();
  let depth = 0;
  let key: string | null = null;
  let start = 0;
  for (let i = 0; i < sddl.length; i++) {
    const c = sddl[i]!;
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && sddl[i + 1] === ":" && "OGDS".includes(c)) {
      if (key) parts.set(key, sddl.slice(start, i));
      key = c;
      start = i + 2;
      i++;
    }
    if (depth < 0) throw new SddlError("unbalanced parentheses");
  }
  if (depth !== 0) throw new SddlError("unbalanced parentheses");
  if (key) parts.set(key, sddl.slice(start));
  else if (sddl !== "") throw new SddlError("no O:, G:, D: or S: part");
  return parts;
}

function parseAcl(text: string): Ace[] | null {
  const open = text.indexOf("(");
  const flags = open < 0 ? text : text.slice(0, open);
  if (flags.includes("NO_ACCESS_CONTROL")) return null;
  const aces: Ace[] = [];
  for (const match of (open < 0 ? "" : text.slice(open)).matchAll(/\(([^)]*)\)/g)) {
    const fields = match[1]!.split(";");
    if (fields.length < 6) throw new SddlError(`the ACE (${match[1]}) has ${fields.length} fields, not 6`);
    aces.push({ type: fields[0]!, flags: pairs(fields[1]!), rights: rights(fields[2]!), sid: sid(fields[5]!) });
  }
  return aces;
}

function pairs(text: string): string[] {
  return text.match(/../g) ?? [];
}

function rights(text: string): number {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16) >>> 0;
  if (/^\d+$/.test(text)) return Number(text) >>> 0;
  let mask = 0;
  for (const letters of pairs(text)) {
    const bit = RIGHT_LETTERS[letters];
    if (bit === undefined) throw new SddlError(`'${letters}' is not an access right`);
    mask = (mask | bit) >>> 0;
  }
  return mask;
}

/** Whether the DACL is protected (flag P: it inherits nothing from the folder above). */
export function daclProtected(sddl: string): boolean {
  const dacl = topLevelParts(sddl.trim()).get("D");
  if (dacl === undefined) return false;
  const open = dacl.indexOf("(");
  return (open < 0 ? dacl : dacl.slice(0, open)).includes("P");
}

/**
 * Why principals other than `administrators` could add or change files in a folder with this security descriptor:
 * nonAdminWriters, plus allow ACEs that new files and folders inside would inherit with CHANGE_RIGHTS (CREATOR
 * OWNER's excepted: only someone who may create there becomes an owner). Empty when only administrators can.
 */
export function nonAdminFolderWriters(sddl: string, administrators: ReadonlySet<string> = ADMINISTRATORS): string[] {
  const reasons = nonAdminWriters(sddl, administrators);
  const dacl = parseSddl(sddl).dacl;
  for (const ace of dacl ?? []) {
    if (!ALLOW_TYPES.has(ace.type) || !(ace.flags.includes("OI") || ace.flags.includes("CI"))) continue;
    if (ace.sid === "S-1-3-0" || ace.sid === "S-1-3-4" || administrators.has(ace.sid) || (ace.rights & CHANGE_RIGHTS) === 0) continue;
    const reason = `${describe(ace.sid)} may change what is created in it (inherited rights 0x${ace.rights.toString(16)})`;
    if (!reasons.some((r) => r.startsWith(describe(ace.sid)))) reasons.push(reason);
  }
  return reasons;
}
