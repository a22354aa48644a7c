<#
    .SYNOPSIS
        Asks, through ShouldProcess, whether each planned change of a rebind may be applied.

    .DESCRIPTION
        Calls the calling cmdlet's ShouldProcess once per planned change, with the description,
        confirmation question and caption of the strings file, so -WhatIf prints one 'What if:' line per
        change and -Confirm asks once per change. A change that needs more than its write says what (Needs: a
        grant of read access to the new key, a restart of its service). Every change is asked about: the exe applies the
        approved ones and leaves the declined ones alone (rebind --plan). Returns an object with:

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
    [OutputType([System.Management.Automation.PSObject])]
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

    $answer = [PSCustomObject] @{
        WhatIf   = $false
        Approved = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
        Declined = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
    }
    $localized = $script:LocalizedData
    $noSites = $localized.RebindNoSites
    $descriptionFormat = if ($null -ne $SuccessorReason) { $localized.RebindAutoChangeDescription } else { $localized.RebindChangeDescription }
    $confirmationFormat = if ($null -ne $SuccessorReason) { $localized.RebindAutoChangeConfirmation } else { $localized.RebindChangeConfirmation }
    $caption = $localized.RebindChangeCaption
    $whatIfReason = [System.Management.Automation.ShouldProcessReason]::WhatIf
    foreach ($plannedChange in $Change) {
        $sites = @($plannedChange.sites) -ne $null
        $sitesText = if ($sites.Count -gt 0) { $sites -join ', ' } else { $noSites }
        $textArguments = @($plannedChange.kind, $plannedChange.endpoint, $sitesText, $plannedChange.from, $plannedChange.to)
        if ($null -ne $SuccessorReason) {
            $textArguments += [System.String] $SuccessorReason[[System.String] $plannedChange.from]
        }
        $description = $descriptionFormat -f $textArguments
        $confirmation = $confirmationFormat -f $textArguments

        if ($null -ne $plannedChange.keyAccess -or $true -eq $plannedChange.restartRequired) {
            $needs = Format-CertRebindChangeNeed -Change $plannedChange
            if ($needs) {
                $description = $script:LocalizedData.RebindChangeNeeds -f $description, $needs
                $confirmation = $script:LocalizedData.RebindChangeNeeds -f $confirmation, $needs
            }
        }

        $reason = [System.Management.Automation.ShouldProcessReason]::None
        if ($CallerCmdlet.ShouldProcess($description, $confirmation, $caption, [ref] $reason)) {
            $answer.Approved.Add($plannedChange)
        }
        elseif ($reason -eq $whatIfReason) {
            $answer.WhatIf = $true
        }
        else {
            $answer.Declined.Add($plannedChange)
        }
    }

    $answer
}
