<#
    .SYNOPSIS
        Completes a batch of CertRebind.Binding objects that hold the exe's fields of its bindings[] and returns
        them: the batch converter of Invoke-CertRebindEntryConversion for Get-CertRebindHostBinding.

    .DESCRIPTION
        The exe's fields are set already, by CertRebind.BindingReader (ConvertFrom-CertRebindTypedJson, PowerShell 7) or
        by ConvertTo-CertRebindBinding (Windows PowerShell 5.1); this adds what the module derives: the certificate
        (its index in the context's Listed, as 'bindings --certificates-once' writes it, replaced by its shared
        CertRebind.CertificateInfo object) with its subject, NotAfter and state, the selection 'pinned' when the
        exe names none, empty lists for missing sites and hostnames ($null items left out), and the host. The
        compiled CertRebind.BindingCompletion completes the batch but for the bindings whose certificate the exe
        wrote inside them, completed here, with a function call for the first binding of each such certificate
        (Get-CertRebindInlineCertificate).

    .PARAMETER Binding
        The CertRebind.Binding objects, their Certificate still the exe's: its index or the certificate itself,
        as its JSON text (CertRebind.RawJson, BindingReader) or as ConvertFrom-Json read it; or $null.

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

    # The bindings whose certificate is an index, or none, are completed by the compiled code; those whose certificate
    # the exe wrote inside them come back in $inline, their certificate as ConvertFrom-Json read it (a PSCustomObject
    # on Windows PowerShell 5.1) or as its JSON text (BindingReader), read here as the rest of the envelope is.
    $inline = [System.Collections.Generic.List[CertRebind.Binding]]::new()
    $completed = [CertRebind.BindingCompletion]::Complete($Binding, $Context.Listed, $Context.HostRoot, $Context.ComputerName, $inline)
    foreach ($converted in $inline) {
        $entryCertificate = $converted.Certificate
        if ($entryCertificate -is [CertRebind.RawJson]) {
            $entryCertificate = [CertRebind.JsonHashtable]::Parse($entryCertificate.Text)
        }
        [CertRebind.BindingCompletion]::SetCertificate($converted, (Get-CertRebindInlineCertificate -Certificate $entryCertificate -Known $Context.Inline))
    }
    $completed
}
