<#
    The least a PowerShell module can do for Get-CertBinding, timed as bench/module-cmdlet.ps1 times the cmdlet: in a new
    PowerShell process, the first call of one advanced function that starts the exe ($env:CERTREBIND_EXE, as the bench
    sets it) as the bench runs it beside the cmdlet ('bindings --json'), reads its standard output to the end and
    waits for its exit. It makes no object, checks nothing and writes nothing, so what Get-CertBinding takes beyond it
    is the module's own work: its functions' first calls, reading the envelope into objects, warnings and errors (the
    module asks for each certificate once, an envelope of half the size). Prints the same JSON line as
    bench/module-cmdlet.ps1, with the number of characters read as its count.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Get-CertBinding')] [string] $Cmdlet,
    [Parameter(Mandatory)] [string] $HostRoot
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

function Get-ExeOutput {
    [CmdletBinding()]
    param (
        [Parameter(Mandatory)] [string] $ExePath,
        [Parameter(Mandatory)] [string[]] $ArgumentList
    )
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($ExePath)
    foreach ($argument in $ArgumentList) { $startInfo.ArgumentList.Add($argument) }
    $startInfo.RedirectStandardOutput = $true
    $startInfo.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $text = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    $text
}

. (Join-Path $PSScriptRoot 'process-stats.ps1')
$cpuBefore = Get-CpuMillisecond
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$output = Get-ExeOutput -ExePath $env:CERTREBIND_EXE -ArgumentList 'bindings', '--host-root', $HostRoot, '--json'
$milliseconds = $clock.Elapsed.TotalMilliseconds
$cpuMilliseconds = (Get-CpuMillisecond) - $cpuBefore

[ordered] @{ ms = $milliseconds; cpuMs = $cpuMilliseconds; count = $output.Length; peakKb = Get-PeakKb } | ConvertTo-Json -Compress
