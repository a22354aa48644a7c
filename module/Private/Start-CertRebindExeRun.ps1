<#
    .SYNOPSIS
        Runs the exe to its end (Start-CertRebindProcess), or ends the command when it cannot start.

    .DESCRIPTION
        Returns the run: StandardOutput, StandardError, ExitCode. An exe that cannot be started ends the
        calling cmdlet with CRPS0002; a stopped pipeline (Ctrl+C) stops as it is.

    .PARAMETER ExePath
        The full path of the exe.

    .PARAMETER ArgumentList
        The exe's arguments, each passed as it is.

    .PARAMETER Command
        The exe's command, for the progress record's activity.

    .PARAMETER InputText
        The text to write to the exe's standard input; without it, no input.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet, ended by the error.

    .PARAMETER WhileRunning
        Work to do while the exe runs (Start-CertRebindProcess).
#>
function Start-CertRebindExeRun {
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSObject])]
    param (
        [Parameter(Mandatory = $true)]
        [System.String]
        $ExePath,

        [Parameter(Mandatory = $true)]
        [System.String[]]
        $ArgumentList,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Command,

        [Parameter()]
        [AllowEmptyString()]
        [System.String]
        $InputText,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet,

        [Parameter()]
        [System.Management.Automation.ScriptBlock]
        $WhileRunning
    )

    $processParameters = @{
        ExePath      = $ExePath
        ArgumentList = $ArgumentList
        Activity     = 'certrebind {0}' -f $Command
        WhileRunning = $WhileRunning
    }
    if ($PSBoundParameters.ContainsKey('InputText')) {
        $processParameters.InputText = $InputText
    }
    try {
        Start-CertRebindProcess @processParameters
    }
    catch [System.Management.Automation.PipelineStoppedException] {
        throw
    }
    catch {
        $message = $script:LocalizedData.ExeStartFailed -f $ExePath, $_.Exception.GetBaseException().Message
        $CallerCmdlet.ThrowTerminatingError((New-CertRebindErrorRecord -Message $message -ErrorId 'CRPS0002' -Category 'ResourceUnavailable' -TargetObject $ExePath))
    }
}
