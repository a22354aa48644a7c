<#
    .SYNOPSIS
        Parses the exe's JSON envelope (PowerShell 7): the lists named in -TypedData are read by the module's
        compiled readers, everything else becomes hashtables as ConvertFrom-Json -AsHashtable makes them.

    .DESCRIPTION
        Returns the envelope as a dictionary, or $null when the text is JSON but not an object.
        CertRebind.TypedEnvelope checks the whole text as JSON and reads each property of data named in -TypedData
        with the reader -TypedData names: CertRebind.BindingReader makes CertRebind.Binding objects,
        CertRebind.JsonHashtable hashtables as ConvertFrom-Json -AsHashtable makes them but for strings that look
        like dates, which stay strings. The rest of the envelope, the exe's text without those properties, is read by
        CertRebind.JsonHashtable too (ConvertFrom-Json's first call in a session cost 50-180 ms; the module reads
        the envelope's times as text or [datetime] alike, ConvertTo-CertRebindDateTime). Throws when the text is
        not JSON or a typed list does not fit its reader.

    .PARAMETER Text
        The whole standard output of the exe.

    .PARAMETER TypedData
        Property names of the envelope's data and the name of the compiled reader of each, for example
        @{ bindings = 'CertRebind.BindingReader' } or @{ changes = 'CertRebind.JsonHashtable' }.
#>
function ConvertFrom-CertRebindTypedJson {
    [CmdletBinding()]
    [OutputType([System.Collections.IDictionary])]
    param (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Text,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $TypedData
    )

    $split = [CertRebind.TypedEnvelope]::Read($Text, $TypedData)
    if ($null -eq $split) {
        return $null
    }
    $envelope = [CertRebind.JsonHashtable]::Parse($split.Rest)
    if ($envelope.data -is [System.Collections.IDictionary]) {
        foreach ($name in $split.Typed.Keys) {
            $envelope.data[$name] = $split.Typed[$name]
        }
    }
    $envelope
}
