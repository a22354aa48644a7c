<#
    .SYNOPSIS
        Converts the keyAccess of a change in the rebind envelope to its CertRebindKeyAccessList: one
        CertRebind.KeyAccess object (Account, Status) per account, $null items left out.

    .PARAMETER KeyAccess
        The change's keyAccess entries as ConvertFrom-Json produced them (PSCustomObjects or hashtables).
#>
function ConvertTo-CertRebindKeyAccessList {
    [CmdletBinding()]
    [OutputType([System.Object])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [System.Object[]]
        $KeyAccess
    )

    $list = [CertRebindKeyAccessList]::new()
    foreach ($item in $KeyAccess) {
        if ($null -ne $item) {
            $access = [PSCustomObject] @{ Account = [System.String] $item.account; Status = [System.String] $item.status }
            $access.PSTypeNames.Insert(0, 'CertRebind.KeyAccess')
            $list.Add($access)
        }
    }
    , $list
}
