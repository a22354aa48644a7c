<#
    .SYNOPSIS
        Runs the Pester tests of the CertRebind module.

    .DESCRIPTION
        Runs every *.Tests.ps1 under tests/pester with Pester 5 (the project's pinned copy in
        .tools/nuget/pester/5.7.1, else an installed Pester 5), prints the detailed report and then
        one plain summary line, 'pester: N passed, M failed' (', K skipped' when tests were skipped).
        Failed counts failed tests plus test files that could not run (and failed clean-up blocks
        when no test failed). Exits with 1 when anything failed, else 0.

    .PARAMETER Tag
        Run only the tests with one of these tags (Unit, Integration, Windows).

    .PARAMETER ExcludeTag
        Skip the tests with one of these tags.

    .PARAMETER ResultPath
        Also write the results to this file, in NUnit XML (for CI: .github/workflows/windows.yml).

    .EXAMPLE
        .tools/pwsh/pwsh -NoProfile -File tests/pester/Invoke-Tests.ps1 -ExcludeTag Integration
#>
[CmdletBinding()]
param (
    [Parameter()]
    [System.String[]]
    $Tag,

    [Parameter()]
    [System.String[]]
    $ExcludeTag,

    [Parameter()]
    [System.String]
    $ResultPath
)

$ErrorActionPreference = 'Stop'

$repositoryRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).ProviderPath
$pinnedPester = [System.IO.Path]::Combine($repositoryRoot, '.tools', 'nuget', 'pester', '5.7.1', 'tools', 'Pester.psd1')
if (Test-Path -LiteralPath $pinnedPester) {
    Import-Module -Name $pinnedPester -Force
}
else {
    Import-Module -Name 'Pester' -MinimumVersion '5.0.0' -MaximumVersion '5.999.999'
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.Exit = $false
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
if ($Tag) {
    $configuration.Filter.Tag = $Tag
}
if ($ExcludeTag) {
    $configuration.Filter.ExcludeTag = $ExcludeTag
}
if ($ResultPath) {
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $ResultPath
}

# The tests run with the preference a user's session has: 'Stop' here would make every error a test's command writes
# terminating, and a test could pass only under this script.
$ErrorActionPreference = 'Continue'
$result = Invoke-Pester -Configuration $configuration
$ErrorActionPreference = 'Stop'

# A failing BeforeAll already fails its tests; count blocks only when no test shows the failure (AfterAll).
$failed = $result.FailedCount + $result.FailedContainersCount
if ($failed -eq 0 -and $result.Result -ne 'Passed') {
    $failed = [System.Math]::Max(1, $result.FailedBlocksCount)
}
$summary = 'pester: {0} passed, {1} failed' -f $result.PassedCount, $failed
if ($result.SkippedCount -gt 0) {
    $summary += ', {0} skipped' -f $result.SkippedCount
}
Write-Host $summary

if ($failed -gt 0 -or $result.Result -ne 'Passed') {
    exit 1
}
exit 0
