<#
    .SYNOPSIS
        Converts a batch of the events[] entries of the exe's envelope to CertRebind.LifecycleEvent objects: the
        batch converter of Invoke-CertRebindEntryConversion for Get-CertLifecycleEvent.

    .DESCRIPTION
        Converts the whole batch in one call; $null entries are left out.

        Only an event that names both certificates of a replacement (event 1001) gets the properties
        OldThumbprint and NewThumbprint: they bind by property name to Invoke-CertRebind, whose
        thumbprints are mandatory, so the other events are not bound to it (PowerShell reports each as
        an input object it cannot bind) instead of starting a rebind with an empty thumbprint.

    .PARAMETER LifecycleEvent
        The entries as ConvertFrom-Json produced them (PSCustomObjects or hashtables).

    .PARAMETER Origin
        The host the entries come from (Get-CertRebindHostOrigin): HostRoot and ComputerName.
#>
function ConvertTo-CertRebindLifecycleEvent {
    [CmdletBinding()]
    [OutputType('CertRebind.LifecycleEvent')]
    param (
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [AllowEmptyCollection()]
        [System.Object[]]
        $LifecycleEvent,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Origin
    )

    foreach ($entry in $LifecycleEvent) {
        if ($null -eq $entry) {
            continue
        }
        $properties = [ordered] @{
            PSTypeName  = 'CertRebind.LifecycleEvent'
            Id          = [System.Int32] $entry.id
            Kind        = $entry.kind
            TimeCreated = ConvertTo-CertRebindDateTime -Value $entry.timeCreated
            RecordId    = $(if ($null -ne $entry.recordId) { [System.Int64] $entry.recordId } else { $null })
            Channel     = $entry.channel
            Computer    = $entry.computer
            Action      = $entry.action
            Thumbprint  = $entry.thumbprint
        }
        if (-not [System.String]::IsNullOrEmpty($entry.oldThumbprint) -and -not [System.String]::IsNullOrEmpty($entry.newThumbprint)) {
            $properties.OldThumbprint = $entry.oldThumbprint
            $properties.NewThumbprint = $entry.newThumbprint
        }
        $properties.SubjectNames = [CertRebind.StringList]::Of($entry.subjectNames)
        $properties.NotAfter = ConvertTo-CertRebindDateTime -Value $entry.notAfter
        $properties.Template = $entry.template
        $properties.HostRoot = $Origin.HostRoot
        $properties.ComputerName = $Origin.ComputerName

        [PSCustomObject] $properties
    }
}
