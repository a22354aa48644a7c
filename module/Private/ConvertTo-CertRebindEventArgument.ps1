<#
    .SYNOPSIS
        Turns the parameters of Get-CertLifecycleEvent into the arguments of 'certrebind events'.

    .DESCRIPTION
        --id for each id, then --after, --before, --channel and --max when given (the times in ISO 8601
        with their offset); the thumbprint filter is added per run by Get-CertLifecycleEvent.

    .PARAMETER BoundParameters
        The $PSBoundParameters of Get-CertLifecycleEvent.
#>
function ConvertTo-CertRebindEventArgument {
    [CmdletBinding()]
    [OutputType([System.String[]])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $BoundParameters
    )

    foreach ($eventId in $BoundParameters['Id']) {
        '--id', [System.String] $eventId
    }
    if ($BoundParameters.ContainsKey('After')) {
        '--after', (ConvertTo-CertRebindIsoTime -DateTime $BoundParameters['After'])
    }
    if ($BoundParameters.ContainsKey('Before')) {
        '--before', (ConvertTo-CertRebindIsoTime -DateTime $BoundParameters['Before'])
    }
    if ($BoundParameters.ContainsKey('Channel')) {
        '--channel', $BoundParameters['Channel']
    }
    if ($BoundParameters.ContainsKey('MaxEvents')) {
        '--max', [System.String] $BoundParameters['MaxEvents']
    }
}
