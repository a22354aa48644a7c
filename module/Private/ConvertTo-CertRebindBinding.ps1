<#
    .SYNOPSIS
        Converts a batch of the bindings[] entries of the exe's envelope, parsed by ConvertFrom-Json, to
        CertRebind.Binding objects: the batch converter of Invoke-CertRebindEntryConversion for
        Get-CertRebindHostBinding on Windows PowerShell 5.1 (PowerShell 7 reads them with CertRebind.BindingReader).

    .DESCRIPTION
        Sets the exe's fields of each entry on a CertRebindBinding, as CertRebind.BindingReader does on PowerShell 7, and
        hands the batch to Complete-CertRebindBinding, which adds what the module derives. The whole batch in one
        call: a function call per entry costs more than the entry's conversion. $null entries are left out.

    .PARAMETER Binding
        The entries as ConvertFrom-Json produced them (PSCustomObjects or hashtables). An entry's certificate is
        the certificate itself, or (bindings --certificates-once) its index in the context's Listed.

    .PARAMETER Context
        What Complete-CertRebindBinding needs: Listed, Inline, HostRoot and ComputerName.
#>
function ConvertTo-CertRebindBinding {
    [CmdletBinding()]
    [OutputType('CertRebind.Binding')]
    param (
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [AllowEmptyCollection()]
        [System.Object[]]
        $Binding,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Context
    )

    $withExeFields = foreach ($entry in $Binding) {
        if ($null -eq $entry) {
            continue
        }
        # The class's [string] properties are left $null where the exe's value is (PowerShell would assign '').
        $converted = [CertRebind.Binding]::new()
        if ($null -ne $entry.kind) { $converted.Kind = $entry.kind }
        if ($null -ne $entry.endpoint) { $converted.Endpoint = $entry.endpoint }
        if ($null -ne $entry.thumbprint) { $converted.Thumbprint = $entry.thumbprint }
        if ($null -ne $entry.storeName) { $converted.StoreName = $entry.storeName }
        if ($null -ne $entry.appId) { $converted.AppId = $entry.appId }
        if ($null -ne $entry.owner) { $converted.Owner = $entry.owner }
        if ($null -ne $entry.service) { $converted.Service = $entry.service }
        if ($null -ne $entry.selection) { $converted.Selection = $entry.selection }
        $converted.Sites = [CertRebind.StringList]::Of($entry.sites)
        $converted.Hostnames = [CertRebind.StringList]::Of($entry.hostnames)
        $converted.Certificate = $entry.certificate
        $converted
    }
    Complete-CertRebindBinding -Binding $withExeFields -Context $Context
}
