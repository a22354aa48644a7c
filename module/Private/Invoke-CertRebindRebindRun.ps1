<#
    .SYNOPSIS
        Runs a rebind for Invoke-CertRebind: plans, asks, applies and returns the changes.

    .DESCRIPTION
        Nothing to ask (no -WhatIf, and -Confirm:$false, -Force or $ConfirmPreference 'None' let
        ShouldProcess approve this High-impact command without a question): one run plans and applies
        under the lock, as the exe alone does, and ShouldProcess is called once, for the whole rebind,
        before it. Otherwise a dry run first, then one question per planned change, then the run that
        applies the confirmed plan. The refusals of either run are written once, at the end.

    .PARAMETER BoundParameters
        The $PSBoundParameters of Invoke-CertRebind.

    .PARAMETER Auto
        The rebind is the successor scan.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of Invoke-CertRebind: its -WhatIf, -Confirm and $ConfirmPreference apply.
#>
function Invoke-CertRebindRebindRun {
    [CmdletBinding()]
    [OutputType('CertRebind.Change')]
    param (
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $BoundParameters,

        [Parameter()]
        [System.Boolean]
        $Auto,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    $arguments = ConvertTo-CertRebindRebindArgument -BoundParameters $BoundParameters -Auto:$Auto
    $refusals = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
    $invokeParameters = @{
        Command          = 'rebind'
        CallerCmdlet     = $CallerCmdlet
        ReportedMessages = [System.Collections.Generic.HashSet[System.String]]::new()
        DeferredErrors   = $refusals
        AsHashtable      = $true
        # PowerShell 7: the changes read by compiled code, at a third to half ConvertFrom-Json's cost.
        TypedData        = @{ changes = 'CertRebind.JsonHashtable' }
        HostRoot         = $BoundParameters['HostRoot']
    }
    # PowerShell 7: the first reading of each stage's envelope done on a sample while the exe runs.
    $readDryRunWhileRunning = { param ($Process) Initialize-CertRebindRebindReading -Process $Process -Stage 'DryRun' }
    $readApplyWhileRunning = { param ($Process) Initialize-CertRebindRebindReading -Process $Process -Stage 'Apply' }
    $asksNothing = -not $WhatIfPreference -and $ConfirmPreference -eq 'None'
    if (-not $asksNothing) {
        $plan = Invoke-CertRebindExe @invokeParameters -Arguments ($arguments + '--dry-run') -WhileRunning $readDryRunWhileRunning
    }
    elseif (Confirm-CertRebindWholeRebind -Auto $Auto -OldThumbprint $BoundParameters['OldThumbprint'] -NewThumbprint $BoundParameters['NewThumbprint'] -CallerCmdlet $CallerCmdlet) {
        $plan = Invoke-CertRebindExe @invokeParameters -Arguments $arguments -WhileRunning $readApplyWhileRunning
    }
    else {
        return
    }
    if ($null -eq $plan) {
        return Write-CertRebindDeferredError -ErrorRecord $refusals -CallerCmdlet $CallerCmdlet
    }

    $successorReason = Write-CertRebindPlanExplanation -Plan $plan -Auto:$Auto
    $plannedChanges = @(Select-CertRebindPlannedChange -Plan $plan -CallerCmdlet $CallerCmdlet)
    # The run applied what it planned, or there is nothing to apply and so nothing to confirm: the plan is the result.
    $result = $plan
    if (-not $asksNothing -and $plannedChanges.Count -gt 0) {
        # The exe applies the plan the user confirmed, nothing else: a change made possible since the dry run
        # (a record bound to the old certificate meanwhile) is refused with CR3011 (docs/cli-contract.md, --plan).
        $confirmedPlan = Confirm-CertRebindRebindPlan -Plan $plan -PlannedChange $plannedChanges -SuccessorReason $successorReason -Auto $Auto -CallerCmdlet $CallerCmdlet
        # The dry run's data is no longer needed: released before the apply's envelope is read (a large host's
        # changes held twice would pass 1 GB).
        $plan = $plannedChanges = $result = $null
        if ($null -ne $confirmedPlan) {
            $result = Invoke-CertRebindExe @invokeParameters -Arguments ($arguments + '--plan', '-') -InputText $confirmedPlan -WhileRunning $readApplyWhileRunning
        }
        if ($null -eq $result) {
            return Write-CertRebindDeferredError -ErrorRecord $refusals -CallerCmdlet $CallerCmdlet
        }
        Write-CertRebindRunSummary -Result $result
    }
    elseif ($asksNothing) {
        Write-CertRebindRunSummary -Result $result
    }

    ConvertTo-CertRebindRunChange -Result $result -Origin (Get-CertRebindHostOrigin -HostRoot $BoundParameters['HostRoot'])
    # Only now: with -ErrorAction Stop the first refusal ends the command, after the approved changes moved.
    Write-CertRebindDeferredError -ErrorRecord $refusals -CallerCmdlet $CallerCmdlet
}
