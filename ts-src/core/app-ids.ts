/** Well-known HTTP.sys application ids (iis-httpsys-bindings.md §3.3). */
const OWNERS: Record<string, string> = {
  "{4dc3e181-e14b-4a21-b022-59fc669b0914}": "IIS",
  "{afebb9ad-9b97-4a91-9ab5-daf4d59122f6}": "WinRM",
  "{5d89a20c-beab-4389-9447-324788eb944a}": "AD FS",
};

export function ownerOfAppId(appId: string | null): string {
  return (appId && OWNERS[appId.toLowerCase()]) || "Unknown";
}
