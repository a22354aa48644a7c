<#
    .SYNOPSIS
        Parses the exe's JSON envelope with System.Text.Json (PowerShell 7): the lists named in -TypedData are read
        by the module's compiled readers, everything else becomes hashtables as ConvertFrom-Json -AsHashtable makes
        them.

    .DESCRIPTION
        Returns the envelope as a dictionary, or $null when the text is not a JSON object. Each property of data
        named in -TypedData is handed, as its JsonElement, to the static Read method of the reader -TypedData names:
        CertRebind.BindingReader makes CertRebind.Binding objects, CertRebind.JsonHashtable hashtables as
        ConvertFrom-Json -AsHashtable makes them but for strings that look like dates, which stay strings. The rest
        of the envelope is written back as one JSON text without them and parsed by one ConvertFrom-Json
        -AsHashtable. Throws when the text is not JSON or a typed list does not fit its reader.

    .PARAMETER Text
        The whole standard output of the exe.

    .PARAMETER TypedData
        Property names of the envelope's data and the name of the compiled reader of each, for example
        @{ bindings = 'CertRebind.BindingReader' } or @{ changes = 'CertRebind.JsonHashtable' }: names, since only
        the PowerShell 7 build of the module's types has the readers, and the callers run on Windows PowerShell 5.1
        too.
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

    $document = [System.Text.Json.JsonDocument]::Parse($Text)
    try {
        $root = $document.RootElement
        if ($root.ValueKind -ne [System.Text.Json.JsonValueKind]::Object) {
            return $null
        }
        $objectKind = [System.Text.Json.JsonValueKind]::Object
        $typed = [ordered] @{}
        $rest = [System.Text.StringBuilder]::new('{')
        foreach ($property in $root.EnumerateObject()) {
            $null = $rest.Append('"').Append([System.Text.Json.JsonEncodedText]::Encode($property.Name).ToString()).Append('":')
            if ($property.Name -cne 'data' -or $property.Value.ValueKind -ne $objectKind) {
                $null = $rest.Append($property.Value.GetRawText()).Append(',')
                continue
            }
            $null = $rest.Append('{')
            foreach ($dataProperty in $property.Value.EnumerateObject()) {
                if ($TypedData.Contains($dataProperty.Name)) {
                    $reader = [System.Type] $TypedData[$dataProperty.Name]
                    $typed[$dataProperty.Name] = $reader::Read($dataProperty.Value)
                }
                else {
                    $null = $rest.Append('"').Append([System.Text.Json.JsonEncodedText]::Encode($dataProperty.Name).ToString()).Append('":').Append($dataProperty.Value.GetRawText()).Append(',')
                }
            }
            $null = $rest.Append('"":null},')
        }
        $null = $rest.Append('"":null}')
    }
    finally {
        $document.Dispose()
    }

    # The empty name closes each object after its last comma: not a name of the exe's (docs/cli-contract.md).
    $envelope = ConvertFrom-Json -InputObject $rest.ToString() -AsHashtable
    $envelope.Remove('')
    if ($envelope.data -is [System.Collections.IDictionary]) {
        $envelope.data.Remove('')
        foreach ($name in $typed.Keys) {
            $envelope.data[$name] = $typed[$name]
        }
    }
    $envelope
}
