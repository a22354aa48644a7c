/*
 * Read access in a private key's DACL, as SDDL (../sddl.ts parses it; SDDL:
 * https://learn.microsoft.com/windows/win32/secauthz/security-descriptor-string-format, ACE strings
 * https://learn.microsoft.com/windows/win32/secauthz/ace-strings).
 *
 * - Whether an account may read: the ACEs are taken in order, as an access check takes them
 *   (https://learn.microsoft.com/windows/win32/secauthz/how-dacls-control-access-to-an-object): the first one
 *   that names the account's SID, Everyone (S-1-1-0) or Authenticated Users (S-1-5-11) and has a read right
 *   decides (deny: no, allow: yes); inherit-only ACEs do not apply to the key. No DACL: everyone may.
 *   INFERRED: the read rights of a CNG key are GENERIC_READ, GENERIC_ALL or FILE_READ_DATA (0x1) in its ACE (the
 *   Microsoft Software KSP keeps a key in a file; its access mask is not documented per right). INFERRED: every
 *   account a service runs as (virtual `NT SERVICE\…` accounts, NETWORK SERVICE, domain accounts) has Everyone
 *   and Authenticated Users in its token. Groups other than those two are not expanded: an account that reads only through another group it is in counts as not able to,
 *   and a grant then names it explicitly, which changes nothing it could do.
 * - A grant adds `(A;;GR;;;<SID>)` before the first inherited ACE (flag ID), after the explicit ones, the order an
 *   access control list keeps (https://learn.microsoft.com/windows/win32/secauthz/order-of-aces-in-a-dacl).
 */
import { parseSddl, type Ace } from "../sddl.js";

export const GENERIC_READ = 0x8000_0000;
const GENERIC_ALL = 0x1000_0000;
const FILE_READ_DATA = 0x0000_0001;
const READ_RIGHTS = GENERIC_READ | GENERIC_ALL | FILE_READ_DATA;
const EVERYONE = "S-1-1-0";
const AUTHENTICATED_USERS = "S-1-5-11";
const ALLOW = new Set(["A", "OA", "XA", "ZA"]);
const DENY = new Set(["D", "OD", "XD"]);

/** One ACE string of the DACL: where its `(` and `)` are, and what it says. */
interface AceText {
  start: number;
  end: number;
  ace: Ace;
}

/** Whether the DACL lets `sid` read the key. */
export function daclGrantsRead(sddl: string, sid: string): boolean {
  const dacl = parseSddl(sddl).dacl;
  if (dacl === null) return true;
  const wanted = sid.toUpperCase();
  for (const ace of dacl) {
    if (ace.flags.includes("IO") || (ace.rights & READ_RIGHTS) === 0) continue;
    if (ace.sid !== wanted && ace.sid !== EVERYONE && ace.sid !== AUTHENTICATED_USERS) continue;
    if (DENY.has(ace.type)) return false;
    if (ALLOW.has(ace.type)) return true;
  }
  return false;
}

/** Every SID the DACL lets read the key (daclGrantsRead), in the order of their ACEs; every SID when there is no DACL. */
export function readingSids(sddl: string): string[] {
  const dacl = parseSddl(sddl).dacl;
  const sids = [...new Set((dacl ?? []).filter((ace) => ALLOW.has(ace.type)).map((ace) => ace.sid))];
  return dacl === null ? [EVERYONE] : sids.filter((sid) => daclGrantsRead(sddl, sid));
}

/** The SDDL with an allow ACE of GENERIC_READ for `sid`, placed before the inherited ACEs. */
export function withReadAce(sddl: string, sid: string): string {
  const { aces, end } = daclAces(sddl);
  const inherited = aces.find((a) => a.ace.flags.includes("ID"));
  const at = inherited ? inherited.start : end;
  return `${sddl.slice(0, at)}(A;;GR;;;${sid.toUpperCase()})${sddl.slice(at)}`;
}

/** The SDDL without the first ACE that withReadAce adds for `sid` (however Windows spells it back); null when none. */
export function withoutReadAce(sddl: string, sid: string): string | null {
  const wanted = sid.toUpperCase();
  const added = daclAces(sddl).aces.find((a) => a.ace.type === "A" && a.ace.flags.length === 0 && a.ace.rights === GENERIC_READ && a.ace.sid === wanted);
  return added ? `${sddl.slice(0, added.start)}${sddl.slice(added.end)}` : null;
}

/** Whether two descriptors hold the same DACL (aliases and right letters read as SIDs and masks). */
export function sameDacl(a: string, b: string): boolean {
  const dacl = (sddl: string) => JSON.stringify([parseSddl(sddl).dacl, daclFlags(sddl)]);
  return dacl(a) === dacl(b);
}

/** The DACL's ACE strings, and where the DACL's text ends. */
function daclAces(sddl: string): { aces: AceText[]; end: number } {
  const { start, end } = daclBounds(sddl);
  const aces: AceText[] = [];
  for (let i = sddl.indexOf("(", start); i >= 0 && i < end; i = sddl.indexOf("(", i + 1)) {
    const close = sddl.indexOf(")", i);
    const ace = parseSddl(`D:${sddl.slice(i, close + 1)}`).dacl![0]!;
    aces.push({ start: i, end: close + 1, ace });
    i = close;
  }
  return { aces, end };
}

function daclFlags(sddl: string): string {
  const { start, end } = daclBounds(sddl);
  const open = sddl.indexOf("(", start);
  return sddl.slice(start, open < 0 || open > end ? end : open);
}

/** Where the text of the D: part is (after `D:`, up to the next top-level part or the end). */
function daclBounds(sddl: string): { start: number; end: number } {
  let depth = 0;
  let start = -1;
  for (let i = 0; i < sddl.length; i++) {
    const c = sddl[i]!;
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && sddl[i + 1] === ":" && "OGDS".includes(c)) {
      if (start >= 0) return { start, end: i };
      if (c === "D") start = i + 2;
      i++;
    }
  }
  if (start < 0) throw new Error(`the security descriptor ${sddl} has no DACL part (D:)`);
  return { start, end: sddl.length };
}
