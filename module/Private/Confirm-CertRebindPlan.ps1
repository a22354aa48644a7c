<#
    .SYNOPSIS
        Asks, through ShouldProcess, whether each planned change of a rebind may be applied.

    .DESCRIPTION
        Calls the calling cmdlet's ShouldProcess once per planned change, through
        Invoke-CertRebindShouldProcess, with the description, confirmation question and caption of the
        strings file, so -WhatIf prints one 'What if:' line per change and -Confirm asks once per
        change. Returns:

        Approved  every change was approved (also when no confirmation was needed).
        WhatIf    -WhatIf is in effect: every change was described and none may be applied.
        Declined  the user declined a change. The exe applies a rebind's changes together or not at
                  all, so asking stops at the first declined change.

    .PARAMETER Change
        The changes[] entries of the dry run whose status is planned.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet: its -WhatIf, -Confirm and $ConfirmPreference apply.

    .PARAMETER SuccessorReason
        For the successor scan (Invoke-CertRebind -Auto): the reason each successor was chosen, by the
        thumbprint of the certificate it succeeds. With it, each question names the successor and says
        why it was chosen.
#>
function Confirm-CertRebindPlan {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object[]]
        $Change,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet,

        [Parameter()]
        [AllowNull()]
        [System.Collections.Hashtable]
        $SuccessorReason
    )

    $questions = foreach ($plannedChange in $Change) {
        $sites = ConvertTo-CertRebindStringArray -Value $plannedChange.sites
        $sitesText = if ($sites.Count -gt 0) { $sites -join ', ' } else { $script:LocalizedData.RebindNoSites }
        $textArguments = @($plannedChange.kind, $plannedChange.endpoint, $sitesText, $plannedChange.from, $plannedChange.to)

        if ($null -ne $SuccessorReason) {
            $textArguments += [System.String] $SuccessorReason[[System.String] $plannedChange.from]
            [PSCustomObject] @{
                Description  = $script:LocalizedData.RebindAutoChangeDescription -f $textArguments
                Confirmation = $script:LocalizedData.RebindAutoChangeConfirmation -f $textArguments
            }
        }
        else {
            [PSCustomObject] @{
                Description  = $script:LocalizedData.RebindChangeDescription -f $textArguments
                Confirmation = $script:LocalizedData.RebindChangeConfirmation -f $textArguments
            }
        }
    }

    Invoke-CertRebindShouldProcess -Question $questions -Caption $script:LocalizedData.RebindChangeCaption -CallerCmdlet $CallerCmdlet
}
