<#
    .SYNOPSIS
        Converts one changes[] entry of the rebind envelope to a CertRebind.Change object.

    .PARAMETER Change
        The entry as ConvertFrom-Json produced it.

    .PARAMETER RunId
        The runId of the envelope the entry comes from, or $null.

    .PARAMETER Origin
        The host the entry comes from (Get-CertRebindHostOrigin): HostRoot and ComputerName. Without it,
        both are $null.
#>
function ConvertTo-CertRebindChange {
    [CmdletBinding()]
    [OutputType('CertRebind.Change')]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Change,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $RunId,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $Origin
    )

    $storeName = $Change.storeName
    $hasStoreName = $null -ne $storeName

    [PSCustomObject] @{
        PSTypeName = 'CertRebind.Change'
        Kind       = $Change.kind
        Endpoint   = $Change.endpoint
        Sites      = ConvertTo-CertRebindStringArray -Value $Change.sites
        Hostnames  = ConvertTo-CertRebindStringArray -Value $Change.hostnames
        From       = $Change.from
        To         = $Change.to
        StoreFrom  = $(if ($hasStoreName) { $storeName.from } else { $null })
        StoreTo    = $(if ($hasStoreName) { $storeName.to } else { $null })
        Status     = $Change.status
        Code       = $Change.code
        Reason     = $(if ($null -ne $Change.reason) { Format-CertRebindExeMessage -Message $Change.reason -Remedy $Change.remedy })
        Kept       = ConvertTo-CertRebindStringArray -Value $Change.kept
        Notes      = ConvertTo-CertRebindStringArray -Value $Change.notes
        RunId      = $(if ([System.String]::IsNullOrEmpty($RunId)) { $null } else { $RunId })
        HostRoot     = $(if ($null -ne $Origin) { $Origin.HostRoot } else { $null })
        ComputerName = $(if ($null -ne $Origin) { $Origin.ComputerName } else { $null })
    }
}
