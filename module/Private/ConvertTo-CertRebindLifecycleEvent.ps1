<#
    .SYNOPSIS
        Converts the events[] entries of the exe's envelope to CertRebind.LifecycleEvent objects.

    .DESCRIPTION
        Converts the whole list in one call: a function call per entry costs more than the entry's
        conversion. A conversion that takes more than a second shows progress.

        Only an event that names both certificates of a replacement (event 1001) gets the properties
        OldThumbprint and NewThumbprint: they bind by property name to Invoke-CertRebind, whose
        thumbprints are mandatory, so the other events are not bound to it (PowerShell reports each as
        an input object it cannot bind) instead of starting a rebind with an empty thumbprint.

    .PARAMETER LifecycleEvent
        The entries as ConvertFrom-Json produced them (PSCustomObjects or hashtables).

    .PARAMETER Origin
        The host the entries come from (Get-CertRebindHostOrigin): HostRoot and ComputerName. Without it,
        both are $null.

    .PARAMETER Activity
        The activity of the progress record.
#>
function ConvertTo-CertRebindLifecycleEvent {
    [CmdletBinding()]
    [OutputType('CertRebind.LifecycleEvent')]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [System.Object[]]
        $LifecycleEvent,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $Origin,

        [Parameter()]
        [System.String]
        $Activity = 'certrebind events'
    )

    $hostRoot = $(if ($null -ne $Origin) { $Origin.HostRoot } else { $null })
    $computerName = $(if ($null -ne $Origin) { $Origin.ComputerName } else { $null })
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $done = 0
    $showsProgress = $false
    foreach ($entry in $LifecycleEvent) {
        if ($null -eq $entry) {
            continue
        }
        if ((++$done -band 511) -eq 0) {
            $showsProgress = (Write-CertRebindReadingProgress -Activity $Activity -Done $done -Total $LifecycleEvent.Count -Clock $clock) -or $showsProgress
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
        $properties.SubjectNames = [CertRebindStringList]::Of($entry.subjectNames)
        $properties.NotAfter = ConvertTo-CertRebindDateTime -Value $entry.notAfter
        $properties.Template = $entry.template
        $properties.HostRoot = $hostRoot
        $properties.ComputerName = $computerName

        [PSCustomObject] $properties
    }
    if ($showsProgress) {
        Write-Progress -Activity $Activity -Completed
    }
}
