<#
    .SYNOPSIS
        Completes the CertRebind.Binding objects that System.Text.Json made of the exe's bindings[] and returns them.

    .DESCRIPTION
        The exe's fields are set already (ConvertFrom-CertRebindTypedJson); this adds what the module derives: the
        certificate (its index in -Certificate, as 'bindings --certificates-once' writes it, replaced by its shared
        CertRebind.CertificateInfo object) with its subject, NotAfter and state, the selection 'pinned' when the
        exe names none, empty lists for missing sites and hostnames ($null items left out), the host, and the type
        name. A completion that
        takes more than a second shows progress.

    .PARAMETER Binding
        The CertRebindBinding objects, their Certificate still the exe's: its index (a JsonElement number), the
        certificate itself (a JsonElement object, without --certificates-once) or $null.

    .PARAMETER Certificate
        The data.certificates of 'bindings --certificates-once', as ConvertFrom-Json -AsHashtable made them.

    .PARAMETER Origin
        The host the entries come from (Get-CertRebindHostOrigin): HostRoot and ComputerName.

    .PARAMETER Activity
        The activity of the progress record.
#>
function Complete-CertRebindBinding {
    [CmdletBinding()]
    [OutputType('CertRebind.Binding')]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [AllowNull()]
        [CertRebindBinding[]]
        $Binding,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyCollection()]
        [System.Object[]]
        $Certificate,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $Origin,

        [Parameter()]
        [System.String]
        $Activity = 'certrebind bindings'
    )

    $hostRoot = $(if ($null -ne $Origin) { $Origin.HostRoot } else { $null })
    $computerName = $(if ($null -ne $Origin) { $Origin.ComputerName } else { $null })
    $listed = Get-CertRebindListedCertificate -Certificate $Certificate
    $none = @($null, $null, $null, $null)
    $inline = @{}
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $done = 0
    $showsProgress = $false
    foreach ($converted in $Binding) {
        if ($null -eq $converted) {
            continue
        }
        if ((++$done -band 511) -eq 0) {
            $showsProgress = (Write-CertRebindReadingProgress -Activity $Activity -Done $done -Total $Binding.Count -Clock $clock) -or $showsProgress
        }
        $entryCertificate = $converted.Certificate
        if ($null -eq $entryCertificate) {
            $shared = $none
        }
        elseif ($entryCertificate.ValueKind -eq [System.Text.Json.JsonValueKind]::Number) {
            $shared = $listed[$entryCertificate.GetInt32()]
        }
        else {
            $shared = Get-CertRebindInlineCertificate -Certificate (ConvertFrom-Json -InputObject $entryCertificate.GetRawText() -AsHashtable) -Known $inline
        }
        $converted.Certificate = $shared[0]
        $converted.CertificateSubject = $shared[1]
        $converted.NotAfter = $shared[2]
        $converted.State = $shared[3]
        # Missing lists empty, $null items left out, as ConvertTo-CertRebindBinding makes them.
        if ($null -eq $converted.Sites) { $converted.Sites = [CertRebindStringList]::new() }
        while ($converted.Sites.Remove([System.Management.Automation.Language.NullString]::Value)) {}
        if ($null -eq $converted.Hostnames) { $converted.Hostnames = [CertRebindStringList]::new() }
        while ($converted.Hostnames.Remove([System.Management.Automation.Language.NullString]::Value)) {}
        # The exe names only a self-selecting binding's selection; every other binding names its certificate.
        if ($null -eq $converted.Selection) { $converted.Selection = 'pinned' }
        $converted.HostRoot = $hostRoot
        $converted.ComputerName = $computerName
        $converted.PSTypeNames.Insert(0, 'CertRebind.Binding')
        $converted
    }
    if ($showsProgress) {
        Write-Progress -Activity $Activity -Completed
    }
}
