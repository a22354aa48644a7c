<#
    .SYNOPSIS
        Writes one warning for a missingRecords[] entry of the bindings envelope.

    .DESCRIPTION
        An https binding of an IIS site without an HTTP.sys record: the site does not serve TLS.

    .PARAMETER MissingRecord
        The entry: site, bindingInformation, expectedKind, expectedEndpoint.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet; the warning is written as that cmdlet.
#>
function Write-CertRebindMissingRecordWarning {
    [CmdletBinding()]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $MissingRecord,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    $message = $script:LocalizedData.MissingRecord -f @(
        $MissingRecord.site
        $MissingRecord.bindingInformation
        $MissingRecord.expectedKind
        $MissingRecord.expectedEndpoint
    )
    $CallerCmdlet.WriteWarning($message)
}
