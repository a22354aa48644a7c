<#
.SYNOPSIS
    Builds, demonstrates and tests CertRebind.
.DESCRIPTION
    The entry point with one verb per task; the work is done by the functions in build.psm1.
    On a fresh machine run it through ./build.sh, which first installs PowerShell, Pester and the npm packages.
.PARAMETER Task
    Build: type-check the TypeScript and build dist/linux-x64/certrebind and dist/win-x64/certrebind.exe.
    Demo:  Build, then list the bindings of the demo snapshot host (examples/demo-host), capture it, plan the
           successor scan on the capture, rebind every kind there for real and list its bindings again.
    Test:  Build, then run every test: TypeScript unit tests, tests of the built executables (the Windows one
           under wine when wine64 is installed), the Pester tests of the module, and the benchmarks in quick
           mode (they fail only on a gross regression, judged by ratios to baselines measured in the same run).
    Package: Build when dist/ is missing or older than the sources, then assemble the installable module
           build/package/CertRebind/<version>/ and build/package/CertRebind.<version>.nupkg (both exes), and
           the same for the Windows exe only under build/package/win-x64/, print their sizes and fail when
           one is over its limit (Gallery 250 MB; Azure Automation 100 MB for the Windows-only package).
           Signed when CERTREBIND_SIGN_PFX names a code-signing PFX file (password in
           CERTREBIND_SIGN_PASSWORD; optional timestamp server URL in CERTREBIND_SIGN_TIMESTAMP_URL).
    Clean: remove build/ and dist/.
.EXAMPLE
    ./build.sh Demo
.EXAMPLE
    ./build.sh Test
.EXAMPLE
    ./build.sh Package
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory, Position = 0)]
    [ValidateSet('Build', 'Demo', 'Test', 'Package', 'Clean')]
    [string] $Task
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'build.psm1') -Force

switch ($Task) {
    'Build' { Invoke-CertRebindBuild }
    'Demo' { Invoke-CertRebindBuild; Invoke-CertRebindDemo }
    'Test' { Invoke-CertRebindBuild; Invoke-CertRebindTests }
    'Package' { Invoke-CertRebindPackage }
    'Clean' { Remove-CertRebindBuildOutput }
}
