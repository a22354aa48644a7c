<#
    .SYNOPSIS
        Runs 'certrebind task enable' or 'task disable' the way -WhatIf and -Confirm expect: a dry run
        first, one ShouldProcess per planned step, then the run that does them.

    .DESCRIPTION
        Shared by Enable-IISCertAutoRebind and Disable-IISCertAutoRebind. The dry run's task XML (for
        enable) and its steps that need no change are written as verbose messages. When no step is
        planned, nothing is asked and the dry run's status is returned. When every planned step is
        approved, the command runs again without --dry-run and its status is returned. With -WhatIf,
        or when a step is declined (with a warning), nothing is returned and nothing is changed.

    .PARAMETER Arguments
        The task command's action and options, for example 'enable', '--replace-builtin'.

    .PARAMETER HostRoot
        A snapshot host directory, passed on to Invoke-CertRebindExe; $null for this machine.

    .PARAMETER Caption
        The caption of the confirmation prompt.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet.
#>
function Invoke-CertRebindTaskCommand {
    [CmdletBinding()]
    [OutputType('CertRebind.AutoRebindStatus')]
    param (
        [Parameter(Mandatory = $true)]
        [System.String[]]
        $Arguments,

        [Parameter()]
        [AllowNull()]
        [System.String]
        $HostRoot,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Caption,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    # The dry run and the run that does it report the same warnings: write them once.
    $invokeParameters = @{
        Command          = 'task'
        CallerCmdlet     = $CallerCmdlet
        ReportedMessages = New-Object -TypeName 'System.Collections.Generic.HashSet[System.String]'
    }
    if (-not [System.String]::IsNullOrEmpty($HostRoot)) {
        $invokeParameters.HostRoot = $HostRoot
    }

    $plan = Invoke-CertRebindExe @invokeParameters -Arguments ($Arguments + '--dry-run')
    if ($null -eq $plan) {
        return
    }

    if ($plan.xml) {
        Write-Verbose -Message ($script:LocalizedData.TaskXml -f $plan.xml)
    }
    # One question per planned step (copy the exe, register the task, disable IIS's own task, delete the task),
    # its sentence the 'What if:' text; the exe does all the steps in one run, so asking stops at the first declined.
    $questions = @(foreach ($step in $plan.steps) {
            if ($step.status -ne 'planned') {
                Write-Verbose -Message ($script:LocalizedData.TaskStepNotPlanned -f $step.status, $step.action)
                continue
            }
            [PSCustomObject] @{ Description = [System.String] $step.action; Confirmation = $script:LocalizedData.TaskStepConfirmation -f $step.action }
        })
    if ($questions.Count -eq 0) {
        return ConvertTo-CertRebindAutoRebindStatus -Data $plan
    }

    $decision = Invoke-CertRebindShouldProcess -Question $questions -Caption $Caption -CallerCmdlet $CallerCmdlet
    if ($decision -eq 'WhatIf') {
        return
    }
    if ($decision -ne 'Approved') {
        $CallerCmdlet.WriteWarning($script:LocalizedData.TaskDeclined)
        return
    }

    $result = Invoke-CertRebindExe @invokeParameters -Arguments $Arguments
    if ($null -eq $result) {
        return
    }
    if ($result.audit) {
        Write-Verbose -Message ($script:LocalizedData.TaskAudit -f $result.audit)
    }

    ConvertTo-CertRebindAutoRebindStatus -Data $result
}
