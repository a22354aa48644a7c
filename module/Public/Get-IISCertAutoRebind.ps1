<#
    .SYNOPSIS
        Shows whether automatic rebinding is set up: the scheduled task, the exe it runs, the lifecycle log whose events start it, and IIS's own rebind task.

    .DESCRIPTION
        Get-IISCertAutoRebind reports, for this Windows server or a snapshot host directory given with
        -HostRoot:

        - whether the task \CertRebind\AutoRebind exists and is enabled, the time of its daily
          successor scan, when it last ran and with which result (the certrebind exit code: 0 done, 1
          failed and rolled back, 2 bad input, 3 some targets refused, 4 environment), and whether it
          is the task this version of certrebind registers (Current; Differences says what differs);
        - the exe it runs, whether that exists, which certrebind version installed it and whether it
          is this module's exe;
        - whether the lifecycle log Microsoft-Windows-CertificateServicesClient-Lifecycle-System/
          Operational is enabled: when it is not, events 1001 and 1006 are never logged and only the
          daily scan runs;
        - whether IIS's own task IIS-AutoCertRebind is registered and enabled.

        Anything that needs attention (a missing or disabled task, an outdated one, a failed last
        run, a disabled log, both tasks enabled) is also written as a warning that says what to do.
        Nothing is changed.

    .PARAMETER HostRoot
        Read the snapshot host in this directory instead of this machine (see about_CertRebind).
        Relative paths are resolved against the current location.

    .EXAMPLE
        Get-IISCertAutoRebind

        On a Windows server: shows the status of automatic rebinding on this server as a list.

    .EXAMPLE
        if (-not (Get-IISCertAutoRebind -WarningAction SilentlyContinue).Enabled) { Enable-IISCertAutoRebind }

        On a Windows server: enables automatic rebinding where it is not enabled yet, for example in a
        configuration script.

    .EXAMPLE
        Get-IISCertAutoRebind -HostRoot .\demo-host-copy | Format-Table

        Shows the status of a snapshot host as one table row.

    .INPUTS
        None

    .OUTPUTS
        CertRebind.AutoRebindStatus

        TaskPath, Exists, Enabled, DailyAt, LastRunTime (local time), LastResult, LastResultMeaning,
        Current, Differences, Command, Arguments, TaskVersion, ExePath, ExeExists, ExeVersion,
        ExeIsModuleExe, LifecycleChannel, LifecycleChannelEnabled, BuiltInTaskPath, BuiltInTaskExists,
        BuiltInTaskEnabled, Changes (always empty here).

    .NOTES
        Reading Task Scheduler on Windows runs one Windows PowerShell process (Get-ScheduledTask,
        Get-ScheduledTaskInfo), so nothing depends on the UI language.

    .LINK
        Enable-IISCertAutoRebind

    .LINK
        Disable-IISCertAutoRebind
#>
function Get-IISCertAutoRebind {
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType('CertRebind.AutoRebindStatus')]
    param (
        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $HostRoot
    )

    $invokeParameters = @{
        Command      = 'task'
        Arguments    = @('status')
        CallerCmdlet = $PSCmdlet
    }
    if ($PSBoundParameters.ContainsKey('HostRoot')) {
        $invokeParameters.HostRoot = $HostRoot
    }

    $data = Invoke-CertRebindExe @invokeParameters
    if ($null -ne $data) {
        ConvertTo-CertRebindAutoRebindStatus -Data $data
    }
}
