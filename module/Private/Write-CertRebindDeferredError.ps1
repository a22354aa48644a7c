<#
    .SYNOPSIS
        Writes the errors a rebind held back, as the calling cmdlet.

    .DESCRIPTION
        The dry run and the run that applies it report the same refusals: Invoke-CertRebind writes them
        once, after the approved changes are applied, so that -ErrorAction Stop ends the command after
        the work, not before.

    .PARAMETER ErrorRecord
        The errors held back, in their order.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet; the errors are written as that cmdlet.
#>
function Write-CertRebindDeferredError {
    [CmdletBinding()]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]
        $ErrorRecord,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    foreach ($record in $ErrorRecord) {
        $CallerCmdlet.WriteError($record)
    }
}
