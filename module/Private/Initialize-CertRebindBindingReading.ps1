<#
    .SYNOPSIS
        Reads a sample envelope of 'certrebind bindings --certificates-once' as Get-CertRebindHostBinding reads the
        exe's, and drops the objects: called by Start-CertRebindProcess while the exe runs (PowerShell 7).

    .DESCRIPTION
        In a new PowerShell process the first reading of an envelope costs more than the reading itself: .NET compiles
        the module's readers of the envelope (CertRebind.TypedEnvelope, CertRebind.JsonHashtable); DateTimeOffset and
        the module's functions are compiled on their first call (bench/README.md). Done on a sample of one binding and one
        certificate on PowerShell's own thread, which would otherwise only wait for the exe, that first use is paid
        while the exe runs, and the reading of its output after its exit is warm. It starts only once the exe has run
        a quarter second (a small host's run has ended by then and is read as without this), and each of its two
        steps is left out once the exe has exited, so that a run that ends first waits at most for the step under way:
        its own reading then pays what is left, as it would without this. Writes nothing.

    .PARAMETER Process
        The exe's process.
#>
function Initialize-CertRebindBindingReading {
    [CmdletBinding()]
    [OutputType([System.Void])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Diagnostics.Process]
        $Process
    )

    # One binding with every field the exe writes, on one certificate with every field (docs/schema/bindings.schema.json).
    $sampleEnvelope = @'
{"schemaVersion":1,"command":"bindings","ok":true,"data":{"bindings":[{"kind":"sqlserver","endpoint":"MSSQLSERVER",
"thumbprint":"0F70C94C6482E61B0A43B9816E830ED7B30B8C44","storeName":"My","appId":"{4dc3e181-e14b-4a21-b022-59fc669b0914}",
"owner":"SQL Server","sites":["Default Web Site"],"hostnames":["www.contoso.com"],"certificate":0,"selection":"self-selecting",
"service":"MSSQLSERVER"}],"certificates":[{"thumbprint":"0F70C94C6482E61B0A43B9816E830ED7B30B8C44","subject":"CN=www.contoso.com",
"issuer":"CN=Contoso Test Root CA","dnsNames":["www.contoso.com"],"notBefore":"2025-12-20T00:00:00.000Z",
"notAfter":"2026-12-20T00:00:00.000Z","hasPrivateKey":true,"store":"My","state":"expiring","daysLeft":17,"archived":false,
"friendlyName":"www 2025","serverAuth":true}],"missingRecords":[],"config":{"path":"applicationHost.config","redirected":false}},
"errors":[],"warnings":[]}
'@
    # A run that ends within a quarter second (a small host) is read cold, never kept waiting for the sample; after it,
    # two steps: the reading (the compiled readers), then the conversion.
    if ($Process.WaitForExit(250)) {
        return
    }
    $sample = ConvertFrom-CertRebindTypedJson -Text $sampleEnvelope -TypedData @{ bindings = 'CertRebind.BindingReader' }
    if ($Process.HasExited) {
        return
    }
    $null = ConvertFrom-CertRebindBindingData -Data $sample.data -HostRoot $null
}
