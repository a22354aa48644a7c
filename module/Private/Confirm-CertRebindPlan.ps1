<#
    .SYNOPSIS
        Asks, through ShouldProcess, whether each planned change of a rebind may be applied.

    .DESCRIPTION
        Calls the calling cmdlet's ShouldProcess once per planned change, with the description,
        confirmation question and caption of the strings file, so -WhatIf prints one 'What if:' line per
        change and -Confirm asks once per change. A change that needs more than its write says what (Needs: a
        grant of read access to the new key, a restart of its service). Every change is asked about: the exe applies the
        approved ones and leaves the declined ones alone (rebind --plan). Returns a CertRebind.RebindDecision:

        WhatIf    $true when -WhatIf is in effect: every change was described and none may be applied.
        Approved  the changes[] entries that were approved (all of them when no confirmation was needed).
        Declined  the entries that were declined.

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
    [OutputType('CertRebind.RebindDecision')]
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

    # Compiled (CertRebind.RebindQuestions): a large host's thousands of questions cost tenths of a second in script.
    [CertRebind.RebindQuestions]::new($script:LocalizedData, $SuccessorReason).Ask($CallerCmdlet, $Change)
}
