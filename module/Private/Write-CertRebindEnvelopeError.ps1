<#
    .SYNOPSIS
        Reports the errors of an exe envelope: ends the command on bad input, else writes or defers them.

    .DESCRIPTION
        Each errors[] entry becomes an ErrorRecord (ConvertTo-CertRebindErrorRecord); a failed run that
        reports none gets CRPS0004. Bad input or environment (exit code 4, or 2 with an error that is not
        of one pipeline item) did nothing: every error is written and the first ends the command.
        Otherwise each error not yet in ReportedMessages is written, or added to DeferredErrors.

    .PARAMETER Envelope
        The exe's envelope.

    .PARAMETER ExitCode
        The exe's exit code.

    .PARAMETER Command
        The exe's command, for the message of CRPS0004.

    .PARAMETER ReportedMessages
        The messages already written by this command, or $null to write every one.

    .PARAMETER DeferredErrors
        Where the errors go instead of being written, or $null to write them now.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet; the errors are written as that cmdlet.
#>
function Write-CertRebindEnvelopeError {
    [CmdletBinding()]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Envelope,

        [Parameter(Mandatory = $true)]
        [System.Int32]
        $ExitCode,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Command,

        [Parameter()]
        [AllowNull()]
        [System.Collections.Generic.HashSet[System.String]]
        $ReportedMessages,

        [Parameter()]
        [AllowNull()]
        [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]
        $DeferredErrors,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    $errorRecords = @(
        foreach ($EnvelopeError in $Envelope.errors) {
            ConvertTo-CertRebindErrorRecord -EnvelopeError $EnvelopeError -ExitCode $ExitCode
        }
    )
    if ($ExitCode -ne 0 -and $errorRecords.Count -eq 0) {
        $unreported = @{ code = 'CRPS0004'; message = ($script:LocalizedData.ExeFailedWithoutError -f $Command, $ExitCode); target = $null }
        $errorRecords = @(ConvertTo-CertRebindErrorRecord -EnvelopeError $unreported -ExitCode $ExitCode)
    }

    # Bad input that concerns one pipeline item (scope 'item', docs/cli-contract.md) is written, the pipeline goes on.
    # An envelope without its list of errors is not such input. A loop, not Where-Object: that cmdlet's first call in a
    # new PowerShell process took about 10 ms of every run's time after the exe's exit.
    $onlyBadItems = $null -ne $Envelope.errors
    foreach ($EnvelopeError in $Envelope.errors) {
        if ($EnvelopeError.scope -ne 'item') {
            $onlyBadItems = $false
        }
    }
    if ($ExitCode -eq 4 -or ($ExitCode -eq 2 -and -not $onlyBadItems)) {
        # Bad input or environment: nothing was done. Report every error, end with the first.
        $errorRecords | Select-Object -Skip 1 | ForEach-Object { $CallerCmdlet.WriteError($_) }
        $CallerCmdlet.ThrowTerminatingError($errorRecords[0])
    }

    foreach ($errorRecord in $errorRecords) {
        $about = if ($null -ne $errorRecord.TargetObject) { [System.String] $errorRecord.TargetObject } else { $errorRecord.Exception.Message }
        if ($null -eq $ReportedMessages -or $ReportedMessages.Add(("error`t{0}`t{1}" -f $errorRecord.FullyQualifiedErrorId, $about))) {
            if ($null -ne $DeferredErrors) {
                $DeferredErrors.Add($errorRecord)
            }
            else {
                $CallerCmdlet.WriteError($errorRecord)
            }
        }
    }
}
