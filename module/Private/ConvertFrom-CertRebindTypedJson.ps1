<#
    .SYNOPSIS
        Parses the exe's JSON envelope with System.Text.Json (PowerShell 7): the lists named in -TypedData become
        arrays of the module's classes, everything else hashtables as ConvertFrom-Json -AsHashtable makes them.

    .DESCRIPTION
        Returns the envelope as a hashtable, or $null when the text is not a JSON object. Each property of the
        envelope and of its data is converted by ConvertFrom-Json -AsHashtable on its own, except the properties of
        data named in -TypedData, which System.Text.Json deserializes into their type (names matched without regard
        to case; a JSON null stays $null). Throws when the text is not JSON or a typed list does not fit its type.

    .PARAMETER Text
        The whole standard output of the exe.

    .PARAMETER TypedData
        Property names of the envelope's data and the array type each is deserialized into, for example
        @{ bindings = [CertRebindBinding[]] }.
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
        $envelope = ConvertFrom-CertRebindJsonObject -Element $root -Exclude 'data'
        $dataProperties = @($root.EnumerateObject() | Where-Object -Property Name -CEQ -Value 'data')
        if ($dataProperties.Count -eq 0) {
            return $envelope
        }
        $data = $dataProperties[-1].Value
        if ($data.ValueKind -ne [System.Text.Json.JsonValueKind]::Object) {
            $envelope['data'] = ConvertFrom-Json -InputObject $data.GetRawText() -AsHashtable -NoEnumerate
            return $envelope
        }
        $typed = @($TypedData.Keys)
        $envelope['data'] = ConvertFrom-CertRebindJsonObject -Element $data -Exclude $typed
        foreach ($property in $data.EnumerateObject()) {
            if ($typed -ccontains $property.Name) {
                $envelope['data'][$property.Name] = [System.Text.Json.JsonSerializer]::Deserialize($property.Value, $TypedData[$property.Name], $script:TypedJsonOptions)
            }
        }
        $envelope
    }
    finally {
        $document.Dispose()
    }
}

<#
    .SYNOPSIS
        The properties of a JSON object, except those named in -Exclude, as ConvertFrom-Json -AsHashtable makes them.
#>
function ConvertFrom-CertRebindJsonObject {
    [CmdletBinding()]
    [OutputType([System.Collections.IDictionary])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Text.Json.JsonElement]
        $Element,

        [Parameter()]
        [AllowEmptyCollection()]
        [System.String[]]
        $Exclude = @()
    )

    $converted = [ordered] @{}
    foreach ($property in $Element.EnumerateObject()) {
        if ($Exclude -cnotcontains $property.Name) {
            $converted[$property.Name] = ConvertFrom-Json -InputObject $property.Value.GetRawText() -AsHashtable -NoEnumerate
        }
    }
    $converted
}
