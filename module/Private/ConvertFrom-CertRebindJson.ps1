<#
    .SYNOPSIS
        Parses the exe's standard output as one JSON envelope.

    .DESCRIPTION
        Returns the envelope, or $null when the text is empty, is not JSON, or is JSON that is not an
        envelope (no schemaVersion). The caller turns $null into a terminating error that quotes the
        output.

    .PARAMETER Text
        The whole standard output of the exe.

    .PARAMETER AsHashtable
        On PowerShell 6 and later, JSON objects become hashtables: several times faster than PSCustomObjects
        for a large envelope. PowerShell 7 reads them with the module's compiled reader (CertRebind.JsonHashtable,
        whose times stay text: ConvertFrom-Json's first call in a session cost 50-180 ms), PowerShell 6 with
        ConvertFrom-Json -AsHashtable. Windows PowerShell 5.1 has no such option and returns PSCustomObjects; all
        are read with the same property syntax.

    .PARAMETER TypedData
        On PowerShell 7, the lists of the envelope's data read by the module's compiled readers into its classes or
        hashtables, by property name, for example @{ bindings = 'CertRebind.BindingReader' } or
        @{ changes = 'CertRebind.JsonHashtable' } (ConvertFrom-CertRebindTypedJson); the rest of the envelope
        becomes hashtables. Elsewhere ignored: the data is parsed as -AsHashtable says.
#>
function ConvertFrom-CertRebindJson {
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSObject])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [System.String]
        $Text,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $AsHashtable,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $TypedData
    )

    if ([System.String]::IsNullOrWhiteSpace($Text)) {
        return $null
    }

    try {
        if ($null -ne $TypedData -and $script:ReadsTypedJson) {
            $parsed = ConvertFrom-CertRebindTypedJson -Text $Text -TypedData $TypedData
        }
        elseif ($AsHashtable.IsPresent -and $script:ReadsTypedJson) {
            $parsed = [CertRebind.JsonHashtable]::Parse($Text)
        }
        elseif ($AsHashtable.IsPresent -and $PSVersionTable.PSVersion.Major -ge 6) {
            $parsed = ConvertFrom-Json -InputObject $Text -AsHashtable -ErrorAction Stop
        }
        else {
            $parsed = ConvertFrom-Json -InputObject $Text -ErrorAction Stop
        }
    }
    catch {
        return $null
    }

    $hasSchemaVersion = if ($parsed -is [System.Collections.IDictionary]) {
        $parsed.Contains('schemaVersion')
    }
    else {
        $null -ne $parsed -and $null -ne $parsed.PSObject.Properties['schemaVersion']
    }
    if (-not $hasSchemaVersion) {
        return $null
    }

    $parsed
}
