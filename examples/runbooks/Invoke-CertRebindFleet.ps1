<#
    .SYNOPSIS
        Re-binds renewed certificates on many servers at once, and returns one table of the changes
        with the name of each server.

    .DESCRIPTION
        Runs the successor scan of CertRebind on every server, in parallel over PowerShell remoting
        (Invoke-Command -ComputerName ... -ThrottleLimit): Invoke-CertRebind -Auto moves every binding
        whose certificate is expired, expiring within -Days, archived or gone to its successor. Each
        server does all of its changes or none (validated, rolled back on failure, audited in its own
        state folder); one server's trouble never stops the others.

        The result is one table: a row per binding that moved (applied), could not (refused, with the
        code and the reason), or failed, with ComputerName. A server with nothing to move adds no row
        (Get-CertRebindCompliance.ps1 reports every server). A server that cannot be reached, or whose
        CertRebind cannot run, is a row with the status error and the reason.

        With -WhatIf nothing changes anywhere: every server runs the dry run of the successor scan
        (what Invoke-CertRebind -Auto -WhatIf plans), read through the Get of the DSC resource
        CertBindingsCurrent so that it comes back as objects, and the table shows what would move
        (planned) and what could not (refused).

        -SnapshotHosts runs on snapshot host directories instead of servers, here, one after the
        other: try it without a fleet (see README.md and New-DemoFleet.ps1).

        The servers need the CertRebind module (Import-Module CertRebind must work there) and
        PowerShell remoting; the changes need administrators' rights on each server.

    .PARAMETER ComputerName
        The servers.

    .PARAMETER Credential
        The account for the remote sessions; the current one without it.

    .PARAMETER ThrottleLimit
        How many servers work at the same time (Invoke-Command -ThrottleLimit; 32 by default).

    .PARAMETER SnapshotHosts
        Instead of servers: a dictionary of names (standing for servers) and snapshot host directories.

    .PARAMETER Days
        A bound certificate that expires within this many days needs its successor (30 by default).

    .PARAMETER Module
        The module each server imports: CertRebind by default (with -SnapshotHosts in a checkout of
        the repository, the repository's CertRebind.psd1).

    .PARAMETER WhatIf
        Shows what would move on every server, and changes nothing.

    .PARAMETER Confirm
        Asks once before anything is changed on the servers.

    .EXAMPLE
        ./Invoke-CertRebindFleet.ps1 -ComputerName (Get-Content ./web-servers.txt) -ThrottleLimit 16 -WhatIf

        What the successor scan would move on every web server, as one table.

    .EXAMPLE
        ./Invoke-CertRebindFleet.ps1 -ComputerName WEB01, WEB02 -Confirm:$false | Export-Csv ./rebind.csv -NoTypeInformation

        Re-binds on two servers without asking and keeps the table as a CSV file.

    .EXAMPLE
        $fleet = ./New-DemoFleet.ps1 -Path ./demo-fleet
        ./Invoke-CertRebindFleet.ps1 -SnapshotHosts $fleet -WhatIf

        Tries it on three snapshot hosts standing for WEB01, WEB02 and WEB03 (set
        $env:CERTREBIND_NOW = '2026-11-27T00:00:00Z' first: the demo story is told on that day).

    .OUTPUTS
        CertRebind.FleetChange: ComputerName, Status (planned, refused, applied, failed, rolled-back,
        error), Kind, Endpoint, Sites, From, To, Code, Reason.
#>
[CmdletBinding(DefaultParameterSetName = 'Remote', SupportsShouldProcess = $true, ConfirmImpact = 'High')]
[OutputType('CertRebind.FleetChange')]
param (
    [Parameter(Mandatory = $true, ParameterSetName = 'Remote')]
    [ValidateNotNullOrEmpty()]
    [System.String[]]
    $ComputerName,

    [Parameter(ParameterSetName = 'Remote')]
    [System.Management.Automation.PSCredential]
    $Credential,

    [Parameter(ParameterSetName = 'Remote')]
    [ValidateRange(1, 1000)]
    [System.Int32]
    $ThrottleLimit = 32,

    [Parameter(Mandatory = $true, ParameterSetName = 'Snapshot')]
    [ValidateNotNullOrEmpty()]
    [System.Collections.IDictionary]
    $SnapshotHosts,

    [Parameter()]
    [ValidateRange(0, 3650)]
    [System.Int32]
    $Days = 30,

    [Parameter()]
    [ValidateNotNullOrEmpty()]
    [System.String]
    $Module = 'CertRebind'
)

. (Join-Path -Path $PSScriptRoot -ChildPath 'Invoke-FleetScript.ps1')
Import-FleetFormat
$isSnapshot = $PSCmdlet.ParameterSetName -eq 'Snapshot'
$Module = Resolve-FleetModule -Module $Module -Given $PSBoundParameters.ContainsKey('Module') -Snapshot $isSnapshot

# On each server: the rows, as plain strings, so that they travel back over remoting unchanged.
$onServer = {
    param ($Module, $Days, $Preview, $HostRoot)

    function New-Row {
        param ($Status, $Kind, $Endpoint, $Sites, $From, $To, $Code, $Reason)
        [PSCustomObject] @{
            Status = [System.String] $Status; Kind = [System.String] $Kind; Endpoint = [System.String] $Endpoint
            Sites = (@($Sites) -join ', '); From = [System.String] $From; To = [System.String] $To
            Code = [System.String] $Code; Reason = [System.String] $Reason
        }
    }

    try {
        $certRebind = Import-Module -Name $Module -PassThru -ErrorAction Stop -WarningAction SilentlyContinue
        if ($Preview) {
            # The DSC resource's Get runs the dry run of the successor scan and returns what would move as
            # objects; a class of the module is reached in the module's scope ('using module' cannot be used
            # in a script block).
            $state = & $certRebind {
                param ($Days, $HostRoot)
                $resource = [CertBindingsCurrent]::new()
                $resource.Name = 'fleet'
                $resource.Days = $Days
                $resource.HostRoot = $HostRoot
                $resource.Get()
            } $Days $HostRoot 3> $null
            foreach ($change in $state.Changes) {
                New-Row $change.Status $change.Kind $change.Endpoint $change.Sites $change.From $change.To $change.Code $change.Reason
            }
            # A successor that is ambiguous has no binding of its own to show: its reason stands for it.
            foreach ($reason in $state.Reasons | Where-Object -FilterScript { $_.Code -match ':CR300[89]$' }) {
                New-Row 'refused' $null $null $null $null $null $reason.Code.Split(':')[-1] $reason.Phrase
            }
            return
        }

        $invokeParameters = @{ Auto = $true; Days = $Days; Confirm = $false; ErrorAction = 'SilentlyContinue'; ErrorVariable = 'refusals'; WarningAction = 'SilentlyContinue' }
        if ($HostRoot) {
            $invokeParameters.HostRoot = $HostRoot
        }
        $changes = @(Invoke-CertRebind @invokeParameters)
        foreach ($change in $changes) {
            New-Row $change.Status $change.Kind $change.Endpoint $change.Sites $change.From $change.To $change.Code $change.Reason
        }
        # Errors that are not about one of the bindings (an ambiguous successor, a failed run) are rows too.
        foreach ($refusal in $refusals) {
            if ([System.String] $refusal.TargetObject -notin $changes.Endpoint) {
                New-Row 'refused' $null $refusal.TargetObject $null $null $null ([System.String] $refusal.FullyQualifiedErrorId).Split(',')[0] $refusal.Exception.Message
            }
        }
    }
    catch {
        New-Row 'error' $null $null $null $null $null ([System.String] $_.FullyQualifiedErrorId).Split(',')[0] $_.Exception.Message
    }
}

$targets = if ($isSnapshot) { @($SnapshotHosts.Keys) } else { $ComputerName }
$preview = [System.Boolean] $WhatIfPreference
if (-not $preview -and -not $PSCmdlet.ShouldProcess(($targets -join ', '), "Re-bind every certificate binding that has a successor (Invoke-CertRebind -Auto -Days $Days)")) {
    return
}

$fleetParameters = @{ ScriptBlock = $onServer; ArgumentList = @($Module, $Days, $preview) }
if ($isSnapshot) {
    $fleetParameters.SnapshotHosts = $SnapshotHosts
}
else {
    $fleetParameters.ComputerName = $ComputerName
    $fleetParameters.ThrottleLimit = $ThrottleLimit
    if ($PSBoundParameters.ContainsKey('Credential')) {
        $fleetParameters.Credential = $Credential
    }
}

# -WhatIf must not reach the servers' own commands: the preview is the dry run itself.
$WhatIfPreference = $false
Invoke-FleetScript @fleetParameters | ForEach-Object -Process {
    $unreachable = $null -ne $_.PSObject.Properties['FleetError']
    [PSCustomObject] @{
        PSTypeName   = 'CertRebind.FleetChange'
        ComputerName = $_.ComputerName
        Status       = $(if ($unreachable) { 'error' } else { $_.Status })
        Kind         = $_.Kind
        Endpoint     = $_.Endpoint
        Sites        = [System.String] $_.Sites
        From         = $_.From
        To           = $_.To
        Code         = $(if ($unreachable) { $_.FleetErrorCode } else { $_.Code })
        Reason       = $(if ($unreachable) { $_.FleetError } else { $_.Reason })
    }
}
