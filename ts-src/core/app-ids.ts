/**
 * Well-known HTTP.sys application ids: IIS's and AD FS's as published `netsh http show sslcert` output shows them
 * (https://github.com/microsoft/azure-pipelines-extensions/issues/140,
 * https://github.com/chrisbrownie/AdfsAnalyzer/issues/41); WinRM's as published listener scripts use it.
 */
const OWNERS: Record<string, string> = {
  "{4dc3e181-e14b-4a21-b022-59fc669b0914}": "IIS",
  "{afebb9ad-9b97-4a91-9ab5-daf4d59122f6}": "WinRM",
  "{5d89a20c-beab-4389-9447-324788eb944a}": "AD FS",
};

export function ownerOfAppId(appId: string | null): string {
  return (appId && OWNERS[appId.toLowerCase()]) || "Unknown";
}
