<#
    .SYNOPSIS
        Parses the exe's standard output as one JSON envelope.

    .DESCRIPTION
        Returns the envelope, or $null when the text is empty, is not JSON, or is JSON that is not an
        envelope (no schemaVersion). The caller turns $null into a terminating error that quotes the
        output.

    .PARAMETER Text
        The whole standard output of the exe.
#>
function ConvertFrom-CertRebindJson {
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSObject])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [System.String]
        $Text
    )

    if ([System.String]::IsNullOrWhiteSpace($Text)) {
        return $null
    }

    try {
        $parsed = ConvertFrom-Json -InputObject $Text -ErrorAction Stop
    }
    catch {
        return $null
    }

    if ($null -eq $parsed -or $null -eq $parsed.PSObject.Properties['schemaVersion']) {
        return $null
    }

    $parsed
}
