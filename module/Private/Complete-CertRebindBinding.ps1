<#
    .SYNOPSIS
        Completes a batch of CertRebind.Binding objects that hold the exe's fields of its bindings[] and returns
        them: the batch converter of Invoke-CertRebindEntryConversion for Get-CertRebindHostBinding.

    .DESCRIPTION
        The exe's fields are set already, by System.Text.Json (ConvertFrom-CertRebindTypedJson, PowerShell 7) or
        by ConvertTo-CertRebindBinding (Windows PowerShell 5.1); this adds what the module derives: the certificate
        (its index in the context's Listed, as 'bindings --certificates-once' writes it, replaced by its shared
        CertRebind.CertificateInfo object) with its subject, NotAfter and state, the selection 'pinned' when the
        exe names none, empty lists for missing sites and hostnames ($null items left out), and the host. It completes the whole batch in one call, with no function call per binding but for the first
        binding of a certificate that the exe wrote inside its bindings (Get-CertRebindInlineCertificate).

    .PARAMETER Binding
        The CertRebindBinding objects, their Certificate still the exe's: its index or the certificate itself,
        as a JsonElement (System.Text.Json) or as ConvertFrom-Json read it; or $null.

    .PARAMETER Context
        Listed (Get-CertRebindListedCertificate of the data.certificates), Inline (the certificates written
        inside their bindings that are converted so far, for Get-CertRebindInlineCertificate), HostRoot and
        ComputerName (the host the bindings come from, Get-CertRebindHostOrigin).
#>
function Complete-CertRebindBinding {
    [CmdletBinding()]
    [OutputType('CertRebind.Binding')]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [AllowNull()]
        [System.Object[]]
        $Binding,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Context
    )

    $listed = $Context.Listed
    $inline = $Context.Inline
    $hostRoot = $Context.HostRoot
    $computerName = $Context.ComputerName
    $none = @($null, $null, $null, $null)
    # System.Text.Json's kind of an index; only PowerShell 7 has System.Text.Json (and the switch chosen at import).
    $jsonNumber = if ($null -ne $script:TypedJsonOptions) { [System.Text.Json.JsonValueKind]::Number } else { $null }
    foreach ($converted in $Binding) {
        if ($null -eq $converted) {
            continue
        }
        # The exe's certificate: an index or the certificate itself, as ConvertFrom-Json read it (an integer, a
        # hashtable or PSCustomObject) or as System.Text.Json did (a JsonElement).
        $entryCertificate = $converted.Certificate
        if ($null -eq $entryCertificate) {
            $shared = $none
        }
        elseif ($entryCertificate -is [System.IConvertible]) {
            $shared = $listed[$entryCertificate]
        }
        elseif ($entryCertificate -isnot [System.ValueType]) {
            $shared = Get-CertRebindInlineCertificate -Certificate $entryCertificate -Known $inline
        }
        elseif ($entryCertificate.ValueKind -eq $jsonNumber) {
            $shared = $listed[$entryCertificate.GetInt32()]
        }
        else {
            $shared = Get-CertRebindInlineCertificate -Certificate (ConvertFrom-Json -InputObject $entryCertificate.GetRawText() -AsHashtable) -Known $inline
        }
        $converted.Certificate = $shared[0]
        $converted.CertificateSubject = $shared[1]
        $converted.NotAfter = $shared[2]
        $converted.State = $shared[3]
        # Missing lists empty, $null items left out.
        if ($null -eq $converted.Sites) { $converted.Sites = [CertRebind.StringList]::new() }
        while ($converted.Sites.Remove([System.Management.Automation.Language.NullString]::Value)) {}
        if ($null -eq $converted.Hostnames) { $converted.Hostnames = [CertRebind.StringList]::new() }
        while ($converted.Hostnames.Remove([System.Management.Automation.Language.NullString]::Value)) {}
        # The exe names only a self-selecting binding's selection; every other binding names its certificate.
        if ($null -eq $converted.Selection) { $converted.Selection = 'pinned' }
        $converted.HostRoot = $hostRoot
        $converted.ComputerName = $computerName
        $converted
    }
}
