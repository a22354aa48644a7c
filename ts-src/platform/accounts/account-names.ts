/*
 * Account names as services and key access lists give them. Windows account names are case-insensitive
 * (https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-lookupaccountnamew compares them so), and the
 * built-in service accounts go by more than one name: the Service Control Manager records `LocalSystem`,
 * `NT AUTHORITY\LocalService` and `NT AUTHORITY\NetworkService` as a service's account (QUERY_SERVICE_CONFIGW,
 * lpServiceStartName: https://learn.microsoft.com/windows/win32/api/winsvc/ns-winsvc-query_service_configw; "LocalSystem
 * account", https://learn.microsoft.com/windows/win32/services/localsystem-account), while access lists name them
 * `NT AUTHORITY\SYSTEM`, `NT AUTHORITY\LOCAL SERVICE`, `NT AUTHORITY\NETWORK SERVICE` (well-known SIDs S-1-5-18,
 * S-1-5-19, S-1-5-20: https://learn.microsoft.com/windows/win32/secauthz/well-known-sids).
 */

/** The well-known SID of each name of a built-in account, by lower-case name (with and without its domain). */
const WELL_KNOWN: ReadonlyMap<string, string> = new Map(
  (
    [
      ["S-1-5-18", ["LocalSystem", "NT AUTHORITY\\SYSTEM", "SYSTEM", "NT AUTHORITY\\LocalSystem", ".\\LocalSystem"]],
      ["S-1-5-19", ["NT AUTHORITY\\LOCAL SERVICE", "LOCAL SERVICE", "NT AUTHORITY\\LocalService", "LocalService"]],
      ["S-1-5-20", ["NT AUTHORITY\\NETWORK SERVICE", "NETWORK SERVICE", "NT AUTHORITY\\NetworkService", "NetworkService"]],
      ["S-1-5-32-544", ["BUILTIN\\Administrators", "Administrators"]],
    ] as const
  ).flatMap(([sid, names]) => names.map((name) => [name.toLowerCase(), sid] as const)),
);

/** The well-known SID a built-in account's name stands for, or null for any other account. */
export function wellKnownSid(account: string): string | null {
  return WELL_KNOWN.get(account.trim().toLowerCase()) ?? null;
}

/** Whether two account names name the same account, as far as names tell: case-insensitively, built-in aliases equal. */
export function sameAccount(a: string, b: string): boolean {
  return accountKey(a) === accountKey(b);
}

/** What two names of one account share: its well-known SID, or its name in lower case. */
export function accountKey(account: string): string {
  return wellKnownSid(account) ?? account.trim().toLowerCase();
}

/** Who may read a machine key when nothing else says so: SYSTEM and Administrators (docs/snapshot-host.md). */
export const DEFAULT_KEY_READERS: readonly string[] = ["NT AUTHORITY\\SYSTEM", "BUILTIN\\Administrators"];

/**
 * CR2000-style check of an account name before it reaches an API or a file: `DOMAIN\name`, `name` or
 * `name@domain`, no control characters, at most 256 characters (user names are at most 20 characters, domain names
 * 15 for NetBIOS and 255 for DNS: https://learn.microsoft.com/windows/win32/api/lmaccess/ns-lmaccess-user_info_0).
 * Returns why the name is not one, or null.
 */
export function whyNotAccountName(account: unknown): string | null {
  if (typeof account !== "string" || account.trim() === "") return "it is empty";
  if (account.length > 256) return "it is longer than 256 characters";
  if (/[\u0000-\u001f"/[\]:;|=,+*?<>]/.test(account)) return "it has a control character or one of \" / [ ] : ; | = , + * ? < >";
  if ((account.match(/\\/g) ?? []).length > 1) return "it has more than one backslash";
  return null;
}
