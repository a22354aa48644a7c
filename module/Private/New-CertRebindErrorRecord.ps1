<#
    .SYNOPSIS
        Creates an ErrorRecord with the given id, category and target.

    .DESCRIPTION
        The id is the bare code (CR2001, CRPS0001): PowerShell appends ",<CmdletName>" when the
        record is written by a cmdlet, which gives FullyQualifiedErrorId values such as
        CR2001,Get-CertBinding.

    .PARAMETER Message
        The sentence for the user.

    .PARAMETER ErrorId
        The stable code of the error.

    .PARAMETER Category
        The PowerShell error category.

    .PARAMETER TargetObject
        What the error is about (a file, an endpoint, a thumbprint), or $null.

    .PARAMETER ExceptionType
        The full name of the exception type to wrap the message in.
#>
function New-CertRebindErrorRecord {
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Message,

        [Parameter(Mandatory = $true)]
        [System.String]
        $ErrorId,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.ErrorCategory]
        $Category,

        [Parameter()]
        [System.Object]
        $TargetObject,

        [Parameter()]
        [System.String]
        $ExceptionType = 'System.InvalidOperationException'
    )

    $exception = New-Object -TypeName $ExceptionType -ArgumentList $Message
    New-Object -TypeName 'System.Management.Automation.ErrorRecord' -ArgumentList @($exception, $ErrorId, $Category, $TargetObject)
}
