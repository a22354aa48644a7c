<#
    .SYNOPSIS
        Returns the planned changes of a rebind plan, writing each change's notes as warnings.

    .DESCRIPTION
        One pass over the plan's changes[]: the notes of each are written, one warning per note that names
        the binding (a note tells what a human should know about a change: an IP-specific record that shadows
        the SNI records on its port, a store name that changes), and the ones whose status is planned are
        returned, as one array.

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

    # Compiled (CertRebind.PlannedChanges): the pass in script cost a large host's thousands of changes tenths of a second.
    [CertRebind.PlannedChanges]::Select($CallerCmdlet, $Plan.changes, $script:LocalizedData.RebindChangeNote)
}
