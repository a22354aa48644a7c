<#
    .SYNOPSIS
        Turns one errors[] entry of the exe's envelope into an ErrorRecord.

    .DESCRIPTION
        The error id is the entry's code, the target its target; the category and exception type
        follow the exe's exit code (docs/cli-contract.md): 1 failed, 2 bad input or usage, 3 partly
        done, 4 environment. An entry with a remedy is said in the module's words
        (Format-CertRebindExeMessage), and the module's remedy is the record's recommended action.

    .PARAMETER EnvelopeError
        One entry of the envelope's errors[]: code, message, target, and remedy when it has one.

    .PARAMETER ExitCode
        The exit code of the exe.
#>
function ConvertTo-CertRebindErrorRecord {
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $EnvelopeError,

        [Parameter(Mandatory = $true)]
        [System.Int32]
        $ExitCode
    )

    $categoryByExitCode = @{
        1 = @{ Category = 'InvalidOperation'; ExceptionType = 'System.InvalidOperationException' }
        2 = @{ Category = 'InvalidArgument'; ExceptionType = 'System.ArgumentException' }
        3 = @{ Category = 'InvalidResult'; ExceptionType = 'System.InvalidOperationException' }
        4 = @{ Category = 'ResourceUnavailable'; ExceptionType = 'System.InvalidOperationException' }
    }
    $mapping = $categoryByExitCode[$ExitCode]
    if ($null -eq $mapping) {
        $mapping = @{ Category = 'NotSpecified'; ExceptionType = 'System.Exception' }
    }

    $remedy = $EnvelopeError.remedy
    $recordParameters = @{
        Message       = Format-CertRebindExeMessage -Message ([System.String] $EnvelopeError.message) -Remedy $remedy
        ErrorId       = [System.String] $EnvelopeError.code
        Category      = $mapping.Category
        TargetObject  = $EnvelopeError.target
        ExceptionType = $mapping.ExceptionType
    }
    $errorRecord = New-CertRebindErrorRecord @recordParameters
    $recommendedAction = Get-CertRebindRemedyText -Remedy $remedy
    if ($null -ne $recommendedAction) {
        $errorRecord.ErrorDetails = New-Object -TypeName 'System.Management.Automation.ErrorDetails' -ArgumentList $recordParameters.Message
        $errorRecord.ErrorDetails.RecommendedAction = $recommendedAction
    }
    $errorRecord
}
