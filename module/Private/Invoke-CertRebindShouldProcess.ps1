<#
    .SYNOPSIS
        Calls the calling cmdlet's ShouldProcess once per question and says whether all may be done.

    .DESCRIPTION
        Shared by Confirm-CertRebindPlan (the changes of a rebind) and Invoke-CertRebindTaskCommand (the
        steps of a task command): -WhatIf prints one 'What if:' line per question and -Confirm asks
        once per question. Returns:

        Approved  every question was approved (also when no confirmation was needed).
        WhatIf    -WhatIf is in effect: every question was described and nothing may be done.
        Declined  the user declined one. The exe does all of them in one run or none, so asking stops
                  at the first declined question.

    .PARAMETER Question
        One object per question, with Description (the 'What if:' text) and Confirmation (the
        question -Confirm asks).

    .PARAMETER Caption
        The caption of the confirmation prompt.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet: its -WhatIf, -Confirm and $ConfirmPreference apply.
#>
function Invoke-CertRebindShouldProcess {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object[]]
        $Question,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Caption,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    $decision = 'Approved'
    foreach ($item in $Question) {
        $reason = [System.Management.Automation.ShouldProcessReason]::None
        if ($CallerCmdlet.ShouldProcess($item.Description, $item.Confirmation, $Caption, [ref] $reason)) {
            continue
        }

        if ($reason -eq [System.Management.Automation.ShouldProcessReason]::WhatIf) {
            $decision = 'WhatIf'
            continue
        }

        return 'Declined'
    }

    $decision
}
