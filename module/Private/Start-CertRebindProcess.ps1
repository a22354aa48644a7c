<#
    .SYNOPSIS
        Runs the certrebind exe and returns its standard output, standard error and exit code.

    .DESCRIPTION
        The only place the module starts the exe (Invoke-CertRebindExe builds the arguments and reads
        the result). On PowerShell 6 and later the exe is started with System.Diagnostics.Process
        (CertRebind.ExeProcess, compiled): its output is read as UTF-8 while it runs, its working directory is the
        current PowerShell location, and a run that takes more than about two seconds shows
        progress (the command and the seconds it has been running). Windows PowerShell 5.1 has no
        argument list for Process (.NET Framework), so there the exe runs as a native command, without
        progress.

        Each argument reaches the exe as one argument (ProcessStartInfo.ArgumentList quotes them as
        Windows' command-line rules require); nothing is run through a shell.

    .PARAMETER ExePath
        The full path of the exe.

    .PARAMETER ArgumentList
        The arguments, each one argument of the exe.

    .PARAMETER InputText
        Text the exe reads from its standard input, sent as UTF-8. Without it, the exe's standard input
        is PowerShell's own.

    .PARAMETER Activity
        The activity of the progress record, for example 'certrebind bindings'.

    .PARAMETER WhileRunning
        Work to do on this thread while the exe runs, called once with the exe's process when its output is being
        read (for example Initialize-CertRebindBindingReading); it writes nothing. Not called on Windows PowerShell
        5.1.
#>
function Start-CertRebindProcess {
    [CmdletBinding()]
    [OutputType([System.Object])]
    param (
        [Parameter(Mandatory = $true)]
        [System.String]
        $ExePath,

        [Parameter()]
        [AllowEmptyCollection()]
        [System.String[]]
        $ArgumentList = @(),

        [Parameter()]
        [AllowEmptyString()]
        [System.String]
        $InputText,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Activity,

        [Parameter()]
        [System.Management.Automation.ScriptBlock]
        $WhileRunning
    )

    $hasInput = $PSBoundParameters.ContainsKey('InputText')
    if ($PSVersionTable.PSVersion.Major -lt 6) {
        return Start-CertRebindNativeCommand -ExePath $ExePath -ArgumentList $ArgumentList -InputText $InputText -HasInput $hasInput
    }

    $workingDirectory = $ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath
    $run = [CertRebind.ExeProcess]::Start($ExePath, $ArgumentList, $workingDirectory, $hasInput)
    try {
        $process = $run.Process
        if ($hasInput) {
            Write-CertRebindProcessInput -Process $process -InputText $InputText
        }
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        if ($null -ne $WhileRunning) { & $WhileRunning $process }

        $showsProgress = $false
        while (-not $process.WaitForExit(250)) {
            $seconds = [System.Math]::Floor($clock.Elapsed.TotalSeconds)
            if ($seconds -ge 2) {
                $showsProgress = $true
                Write-Progress -Activity $Activity -Status ($script:LocalizedData.ExeRunning -f $seconds)
            }
        }
        $result = $run.Finish()
        if ($showsProgress) { Write-Progress -Activity $Activity -Completed }
        $result
    }
    finally {
        $run.Dispose()
    }
}
