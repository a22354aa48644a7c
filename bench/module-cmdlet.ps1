<#
    Times one cmdlet of the CertRebind module on a snapshot host, for bench/run.ts: imports the module, then runs
    the cmdlet once (its first call in the session, as a script does) and keeps its output in a variable, as
    `$bindings = Get-CertBinding …` does. Prints one JSON line: the cmdlet's wall time (import excluded), the number
    of objects, and this PowerShell process's peak resident memory (VmHWM; the exe's own peak is measured apart), and
    the CPU time of the call (cpuMs: this process's and that of the exe runs it waited for, from /proc/self/stat), which
    a loaded machine stretches less than the wall time.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Get-CertBinding', 'Invoke-CertRebind -WhatIf', 'Invoke-CertRebind', 'Get-CertLifecycleEvent')] [string] $Cmdlet,
    [Parameter(Mandatory)] [string] $HostRoot,
    [string] $Old,
    [string] $New
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot '../CertRebind.psd1')

. (Join-Path $PSScriptRoot 'process-stats.ps1')
$cpuBefore = Get-CpuMillisecond
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$output = switch ($Cmdlet) {
    'Get-CertBinding' { Get-CertBinding -HostRoot $HostRoot }
    'Invoke-CertRebind -WhatIf' { Invoke-CertRebind -OldThumbprint $Old -NewThumbprint $New -HostRoot $HostRoot -WhatIf 6> $null }
    'Invoke-CertRebind' { Invoke-CertRebind -OldThumbprint $Old -NewThumbprint $New -HostRoot $HostRoot -Confirm:$false }
    'Get-CertLifecycleEvent' { Get-CertLifecycleEvent -HostRoot $HostRoot -MaxEvents 100 }
}
$milliseconds = $clock.Elapsed.TotalMilliseconds
$cpuMilliseconds = (Get-CpuMillisecond) - $cpuBefore

[ordered] @{ ms = $milliseconds; cpuMs = $cpuMilliseconds; count = @($output).Count; peakKb = Get-PeakKb } | ConvertTo-Json -Compress
