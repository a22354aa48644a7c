<#
    What bench/module-cmdlet.ps1 and bench/module-floor.ps1 read of their own PowerShell process, dot-sourced by both.
#>

# CPU time of this process and of the children it waited for (utime + stime + cutime + cstime), in milliseconds
# (Linux counts 100 clock ticks a second).
function Get-CpuMillisecond {
    $fields = ([System.IO.File]::ReadAllText('/proc/self/stat') -replace '^.*\) ', '') -split ' '
    ([long] $fields[11] + [long] $fields[12] + [long] $fields[13] + [long] $fields[14]) * 10
}

# This process's peak resident memory (VmHWM), in kB.
function Get-PeakKb {
    $peakKb = 0
    foreach ($line in [System.IO.File]::ReadLines('/proc/self/status')) {
        if ($line -match '^VmHWM:\s+(\d+) kB') { $peakKb = [long] $Matches[1] }
    }
    $peakKb
}
