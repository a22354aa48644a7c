<#
    .SYNOPSIS
        Installs the scheduled task that re-binds certificates on every renewal: event 1001 at once, and event 1006 and a daily successor scan for the renewals Windows never announces.

    .DESCRIPTION
        Enable-IISCertAutoRebind registers one scheduled task, \CertRebind\AutoRebind, on this Windows
        server or on a snapshot host directory given with -HostRoot. It does what IIS's own "Automatic
        Rebind of Renewed Certificate" task does, and what that task misses:

        - Lifecycle event 1001 (a certificate was renewed or replaced, in the
          Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational log) runs a rebind of
          the old certificate's bindings to the new one, with the thumbprints of the event, as
          Invoke-CertRebind -OldThumbprint -NewThumbprint does: validated, all or nothing, audited.
        - Event 1006 (a certificate was installed, as ACME clients and manual imports do) and a daily
          run at -DailyAt run the successor scan, as Invoke-CertRebind -Auto does: every bound
          certificate that is expired, expiring, archived or gone moves to its successor.

        The task runs as SYSTEM (S-1-5-18) at the highest run level; runs are queued, never parallel,
        and stopped after an hour; a daily run missed while the server was off runs as soon as it can.

        The task runs the certrebind executable of this module, copied to
        %ProgramFiles%\CertRebind\certrebind.exe (programfiles/CertRebind/ on a snapshot host). The
        command refuses, with error CR4010 and the reason, when that folder, the exe in it or Program
        Files itself can be changed by someone who is not an administrator: the task would run
        whatever is put there as SYSTEM. On Windows it needs an elevated session (CR4011 otherwise).

        The command is idempotent: what is already right is left alone, so running it twice leaves one
        task and changes nothing the second time. A task registered by another version of certrebind,
        with another daily time, or disabled is registered again. Without -DailyAt, the time of the
        registered task is kept (03:30 for a new one).

        -ReplaceBuiltIn disables IIS's own task,
        \Microsoft\Windows\CertificateServicesClient\IIS-AutoCertRebind, if it is registered, so that
        only one task acts on event 1001 (it is disabled, not deleted: IIS Manager can turn it back on).
        Without it, a warning says when both tasks are enabled.

        Dry run and confirmation: the command first asks certrebind for the plan (task enable
        --dry-run, which changes nothing), then calls ShouldProcess once per planned step. With
        -WhatIf it stops there: one 'What if:' line per step, and the task XML as a verbose message.

        Everything done is appended to the host's audit log (state/audit.jsonl). The returned object
        is the status afterwards, as Get-IISCertAutoRebind reports it.

    .PARAMETER DailyAt
        The time of the daily successor scan, in the server's local time: 'HH:mm' in 24-hour time (for
        example 03:30 or 4:15), a [datetime] (its time of day: (Get-Date '03:30'), [datetime]'4:15 PM'),
        or a [timespan] of whole minutes under 24 hours ([timespan]'03:30', New-TimeSpan -Hours 3
        -Minutes 30). Anything else, or a time with seconds, is an error (CR2000). Without it, the
        registered task's time is kept, or 03:30 is used.

    .PARAMETER ReplaceBuiltIn
        Disables IIS's own rebind task (IIS-AutoCertRebind) when it is registered and enabled.

    .PARAMETER HostRoot
        Work on the snapshot host in this directory instead of this machine: its tasks/ folder stands
        for Task Scheduler and programfiles/ for Program Files (see about_CertRebind). Relative
        paths are resolved against the current location.

    .PARAMETER WhatIf
        Shows the steps the command would take (copy the exe, register the task, disable IIS's task)
        and changes nothing. -Verbose also shows the task XML.

    .PARAMETER Confirm
        Asks for confirmation before each step. Declining any step changes nothing.

    .EXAMPLE
        Enable-IISCertAutoRebind

        On a Windows server: installs the exe under Program Files and registers the task on this server
        (in an elevated session), with the daily scan at 03:30, and returns the status: Exists True,
        Enabled True.

    .EXAMPLE
        Enable-IISCertAutoRebind -DailyAt 05:45 -ReplaceBuiltIn -WhatIf -Verbose

        On a Windows server: shows what enabling would do, with the scan at 05:45 and IIS's own task
        disabled, and the task XML, without changing anything.

    .EXAMPLE
        Enable-IISCertAutoRebind -HostRoot .\demo-host -Confirm:$false

        Registers the task on a snapshot host: tasks\CertRebind\AutoRebind.xml (UTF-16, as schtasks
        /Query /XML prints it) and programfiles\CertRebind\certrebind.exe appear in the folder.

    .EXAMPLE
        Enable-IISCertAutoRebind -HostRoot .\demo-host-copy -DailyAt (New-TimeSpan -Hours 4 -Minutes 15) -WhatIf

        Shows what registering the task with the scan at 04:15 would do on a snapshot host. -DailyAt
        also takes a [datetime] (its time of day, e.g. (Get-Date '16:30')) or a string such as '04:15'.

    .EXAMPLE
        Enable-IISCertAutoRebind | Select-Object -ExpandProperty Changes

        On a Windows server: enables the task and lists what was done; nothing is listed when it was
        already enabled as it should be.

    .INPUTS
        None

    .OUTPUTS
        CertRebind.AutoRebindStatus

        The status after the command (see Get-IISCertAutoRebind), with Changes listing the steps that
        were done. Nothing is returned with -WhatIf, or when a step is declined.

    .NOTES
        Error CR4010 (the program folder is writable by non-administrators), CR4011 (not elevated),
        CR4002 (schtasks or PowerShell failed) and CR4004 (a snapshot host file cannot be written) end
        the command. Remove the task with Disable-IISCertAutoRebind.

        Background (pages about what the cmdlet works on, not about the cmdlet; the module has no online
        help, so Get-Help -Online has nothing to open):
        https://learn.microsoft.com/iis/get-started/whats-new-in-iis-85/certificate-rebind-in-iis85

    .LINK
        Get-IISCertAutoRebind

    .LINK
        Disable-IISCertAutoRebind

    .LINK
        Invoke-CertRebind
#>
function Enable-IISCertAutoRebind {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    [OutputType('CertRebind.AutoRebindStatus')]
    param (
        [Parameter()]
        [ValidateNotNull()]
        [System.Object]
        $DailyAt,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $ReplaceBuiltIn,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $HostRoot
    )

    $arguments = @('enable')
    if ($PSBoundParameters.ContainsKey('DailyAt')) {
        $arguments += '--daily-at', (ConvertTo-CertRebindDailyTime -Value $DailyAt -CallerCmdlet $PSCmdlet)
    }
    if ($ReplaceBuiltIn.IsPresent) {
        $arguments += '--replace-builtin'
    }

    Invoke-CertRebindTaskCommand -Arguments $arguments -HostRoot $HostRoot -Caption $script:LocalizedData.TaskEnableCaption -CallerCmdlet $PSCmdlet
}
