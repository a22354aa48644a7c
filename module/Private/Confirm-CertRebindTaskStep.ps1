<#
    .SYNOPSIS
        Asks, through ShouldProcess, whether each planned step of a task command may be done.

    .DESCRIPTION
        Calls the calling cmdlet's ShouldProcess once per planned step of 'task enable' or 'task
        disable' (copy the exe, register the task, disable IIS's own task, delete the task), with the
        step's sentence as the description. -WhatIf prints one 'What if:' line per step. Returns
        Approved, WhatIf or Declined through Invoke-CertRebindShouldProcess, as Confirm-CertRebindPlan
        does: the exe does all the steps of one command in one run, so asking stops at the first
        declined step.

    .PARAMETER Step
        The steps[] entries of the dry run whose status is planned.

    .PARAMETER Caption
        The caption of the confirmation prompt.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet: its -WhatIf, -Confirm and $ConfirmPreference apply.
#>
function Confirm-CertRebindTaskStep {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object[]]
        $Step,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Caption,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    $questions = foreach ($plannedStep in $Step) {
        [PSCustomObject] @{
            Description  = [System.String] $plannedStep.action
            Confirmation = $script:LocalizedData.TaskStepConfirmation -f $plannedStep.action
        }
    }

    Invoke-CertRebindShouldProcess -Question $questions -Caption $Caption -CallerCmdlet $CallerCmdlet
}
