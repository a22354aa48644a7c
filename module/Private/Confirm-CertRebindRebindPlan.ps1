<#
    .SYNOPSIS
        Asks about each planned change of a rebind's dry run and returns the plan to apply, or $null.

    .DESCRIPTION
        One question per planned change (Confirm-CertRebindPlan). Returns the confirmed plan as the
        exe's --plan reads it (ConvertTo-CertRebindConfirmedPlan), or $null with -WhatIf or when every
        change was declined; then, without -WhatIf, a warning says that nothing was changed.

    .PARAMETER Plan
        The data of the dry run's envelope (a hashtable).

    .PARAMETER PlannedChange
        Its changes[] entries whose status is planned.

    .PARAMETER SuccessorReason
        With -Auto, the successor scan's reason by thumbprint, else $null.

    .PARAMETER Auto
        The rebind is the successor scan.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of Invoke-CertRebind: its -WhatIf, -Confirm and $ConfirmPreference apply.
#>
function Confirm-CertRebindRebindPlan {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Plan,

        [Parameter(Mandatory = $true)]
        [System.Object[]]
        $PlannedChange,

        [Parameter()]
        [AllowNull()]
        [System.Collections.Hashtable]
        $SuccessorReason,

        [Parameter()]
        [System.Boolean]
        $Auto,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    $decision = Confirm-CertRebindPlan -Change $PlannedChange -CallerCmdlet $CallerCmdlet -SuccessorReason $SuccessorReason
    if ($decision.WhatIf) {
        return $null
    }
    if ($decision.Approved.Count -eq 0) {
        $declinedText = if ($Auto) { $script:LocalizedData.RebindAutoDeclined } else { $script:LocalizedData.RebindDeclined -f $Plan.old.thumbprint, $Plan.new.thumbprint }
        $CallerCmdlet.WriteWarning($declinedText)
        return $null
    }
    ConvertTo-CertRebindConfirmedPlan -Approved $decision.Approved -Declined $decision.Declined
}
