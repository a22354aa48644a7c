<#
    What Windows this is, so that every other probe's output can be read against it: product, build and update
    revision, UI language, console code page, the IIS features installed, and which HTTP Server API configuration
    functions httpapi.dll exports (HttpUpdateServiceConfiguration is documented from Windows 10 1703 only:
    https://learn.microsoft.com/windows/win32/api/http/nf-http-httpupdateserviceconfiguration).
#>
param ([Parameter(Mandatory = $true)] [System.String] $OutputDirectory)

Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'ProbeHelpers.psm1') -Force

$version = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
Add-Type -Namespace 'CertRebindProbe' -Name 'Exports' -MemberDefinition @'
[DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)] public static extern IntPtr LoadLibraryExW(string name, IntPtr file, uint flags);
[DllImport("kernel32.dll", CharSet = CharSet.Ansi, SetLastError = true)] public static extern IntPtr GetProcAddress(IntPtr module, string name);
'@
# LOAD_LIBRARY_SEARCH_SYSTEM32 (0x800): only the copy in System32.
$module = [CertRebindProbe.Exports]::LoadLibraryExW('httpapi.dll', [System.IntPtr]::Zero, 0x800)
$functions = 'HttpQueryServiceConfiguration', 'HttpSetServiceConfiguration', 'HttpUpdateServiceConfiguration', 'HttpDeleteServiceConfiguration', 'HttpInitialize', 'HttpTerminate'
$exports = [ordered] @{}
foreach ($function in $functions) {
    $exports[$function] = $module -ne [System.IntPtr]::Zero -and [CertRebindProbe.Exports]::GetProcAddress($module, $function) -ne [System.IntPtr]::Zero
}
$httpapi = Get-Item -LiteralPath ([System.IO.Path]::Combine($env:SystemRoot, 'System32', 'httpapi.dll'))
$features = try { @(Get-WindowsFeature -Name 'Web-*' | Where-Object -Property Installed | ForEach-Object -Process { $_.Name }) } catch { "Get-WindowsFeature failed: $($_.Exception.Message)" }

Save-ProbeJson -Name 'system' -OutputDirectory $OutputDirectory -InputObject ([ordered] @{
        ProductName        = $version.ProductName
        EditionId          = $version.EditionID
        DisplayVersion     = $version.DisplayVersion
        CurrentBuild       = $version.CurrentBuild
        UpdateBuildRevision = $version.UBR
        OsVersion          = [System.Environment]::OSVersion.VersionString
        UiCulture          = [System.Globalization.CultureInfo]::CurrentUICulture.Name
        Culture            = [System.Globalization.CultureInfo]::CurrentCulture.Name
        ConsoleOutputCodePage = [System.Console]::OutputEncoding.CodePage
        PowerShell         = $PSVersionTable.PSVersion.ToString()
        HttpApiDllVersion  = $httpapi.VersionInfo.FileVersion
        HttpApiExports     = $exports
        IisFeatures        = $features
    })
