<#
    .SYNOPSIS
        Returns the planned changes of a rebind plan, writing each change's notes as warnings.

    .DESCRIPTION
        One pass over the plan's changes[]: the notes of each are written (Write-CertRebindChangeNote),
        and the ones whose status is planned are returned.

    .PARAMETER Plan
        The data of the rebind envelope (a hashtable).

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet; the warnings are written as that cmdlet.
#>
function Select-CertRebindPlannedChange {
    [CmdletBinding()]
    [OutputType([System.Object])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Plan,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    foreach ($change in $Plan.changes) {
        if ($change.notes) {
            Write-CertRebindChangeNote -Change $change -CallerCmdlet $CallerCmdlet
        }
        if ($change.status -eq 'planned') {
            $change
        }
    }
}
