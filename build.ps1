<#
.SYNOPSIS
    Builds, demonstrates and tests CertRebind.
.DESCRIPTION
    The entry point with one verb per task; the work is done by the functions in build.psm1.
    On a fresh machine run it through ./build.sh, which first installs PowerShell, Pester and the npm packages.
.PARAMETER Task
    Build: type-check the TypeScript and build dist/linux-x64/certrebind and dist/win-x64/certrebind.exe.
    Demo:  Build, then list the bindings of the demo snapshot host (examples/demo-host).
    Test:  Build, then run every test: TypeScript unit tests, tests of the built executables (the Windows one
           under wine when wine64 is installed), the Pester tests of the module, and the benchmarks in quick
           mode (they fail only on a gross regression, judged by ratios to baselines measured in the same run).
    Clean: remove build/ and dist/.
.EXAMPLE
    ./build.sh Demo
.EXAMPLE
    ./build.sh Test
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory, Position = 0)]
    [ValidateSet('Build', 'Demo', 'Test', 'Clean')]
    [string] $Task
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'build.psm1') -Force

switch ($Task) {
    'Build' { Invoke-CertRebindBuild }
    'Demo' { Invoke-CertRebindBuild; Invoke-CertRebindDemo }
    'Test' { Invoke-CertRebindBuild; Invoke-CertRebindTests }
    'Clean' { Remove-CertRebindBuildOutput }
}
