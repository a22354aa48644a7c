<#
    .SYNOPSIS
        Removes the scheduled task \CertRebind\AutoRebind that Enable-IISCertAutoRebind registered.

    .DESCRIPTION
        Disable-IISCertAutoRebind deletes the task \CertRebind\AutoRebind from Task Scheduler on this
        Windows server, or from a snapshot host directory given with -HostRoot. From then on renewed
        certificates are not re-bound automatically. Running it when the task is not registered
        changes nothing.

        The exe the task ran (%ProgramFiles%\CertRebind\certrebind.exe) stays where it is; delete it
        by hand if nothing else needs it. IIS's own task is left as it is: if Enable-IISCertAutoRebind
        -ReplaceBuiltIn disabled it, a warning says that nothing rebinds renewed certificates now and
        how to enable it again.

        Dry run and confirmation: the command first asks certrebind for the plan (task disable
        --dry-run, which changes nothing), then calls ShouldProcess for the deletion. With -WhatIf it
        stops there. The deletion is appended to the host's audit log (state/audit.jsonl). The
        returned object is the status afterwards, as Get-IISCertAutoRebind reports it.

        On Windows it needs an elevated session.

    .PARAMETER HostRoot
        Work on the snapshot host in this directory instead of this machine (see
        about_CertRebind). Relative paths are resolved against the current location.

    .PARAMETER WhatIf
        Shows whether the task would be deleted, and changes nothing.

    .PARAMETER Confirm
        Asks for confirmation before the task is deleted.

    .EXAMPLE
        Disable-IISCertAutoRebind

        On a Windows server: deletes the task on this server and returns the status: Exists False.

    .EXAMPLE
        Disable-IISCertAutoRebind -HostRoot .\demo-host-copy -WhatIf

        Shows 'What if: Delete the task \CertRebind\AutoRebind.' when the snapshot host has the task,
        and changes nothing.

    .INPUTS
        None

    .OUTPUTS
        CertRebind.AutoRebindStatus

        The status after the command, with Changes listing what was done. Nothing is returned with
        -WhatIf, or when the deletion is declined.

    .NOTES
        Errors of Task Scheduler (CR4002) or of a snapshot host file that cannot be written (CR4004)
        end the command.

    .LINK
        Enable-IISCertAutoRebind

    .LINK
        Get-IISCertAutoRebind
#>
function Disable-IISCertAutoRebind {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    [OutputType('CertRebind.AutoRebindStatus')]
    param (
        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $HostRoot
    )

    Invoke-CertRebindTaskCommand -Arguments @('disable') -HostRoot $HostRoot -Caption $script:LocalizedData.TaskDisableCaption -CallerCmdlet $PSCmdlet
}
