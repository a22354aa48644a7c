<#
    .SYNOPSIS
        Converts one events[] entry of the exe's envelope to a CertRebind.LifecycleEvent object.

    .DESCRIPTION
        Only an event that names both certificates of a replacement (event 1001) gets the properties
        OldThumbprint and NewThumbprint: they bind by property name to Invoke-CertRebind, whose
        thumbprints are mandatory, so the other events are not bound to it (PowerShell reports each as
        an input object it cannot bind) instead of starting a rebind with an empty thumbprint.

    .PARAMETER LifecycleEvent
        The entry as ConvertFrom-Json produced it.

    .PARAMETER Origin
        The host the entry comes from (Get-CertRebindHostOrigin): HostRoot and ComputerName. Without it,
        both are $null.
#>
function ConvertTo-CertRebindLifecycleEvent {
    [CmdletBinding()]
    [OutputType('CertRebind.LifecycleEvent')]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $LifecycleEvent,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $Origin
    )

    $properties = [ordered] @{
        PSTypeName  = 'CertRebind.LifecycleEvent'
        Id          = [System.Int32] $LifecycleEvent.id
        Kind        = $LifecycleEvent.kind
        TimeCreated = ConvertTo-CertRebindDateTime -Value $LifecycleEvent.timeCreated
        RecordId    = $(if ($null -ne $LifecycleEvent.recordId) { [System.Int64] $LifecycleEvent.recordId } else { $null })
        Channel     = $LifecycleEvent.channel
        Computer    = $LifecycleEvent.computer
        Action      = $LifecycleEvent.action
        Thumbprint  = $LifecycleEvent.thumbprint
    }
    if (-not [System.String]::IsNullOrEmpty($LifecycleEvent.oldThumbprint) -and -not [System.String]::IsNullOrEmpty($LifecycleEvent.newThumbprint)) {
        $properties.OldThumbprint = $LifecycleEvent.oldThumbprint
        $properties.NewThumbprint = $LifecycleEvent.newThumbprint
    }
    $properties.SubjectNames = ConvertTo-CertRebindStringArray -Value $LifecycleEvent.subjectNames
    $properties.NotAfter = ConvertTo-CertRebindDateTime -Value $LifecycleEvent.notAfter
    $properties.Template = $LifecycleEvent.template
    $properties.HostRoot = $(if ($null -ne $Origin) { $Origin.HostRoot } else { $null })
    $properties.ComputerName = $(if ($null -ne $Origin) { $Origin.ComputerName } else { $null })

    [PSCustomObject] $properties
}
