<#
    .SYNOPSIS
        Reports, for many servers at once, whether their certificate bindings are on the newest
        certificates and whether automatic rebinding is on, with the reasons when they are not.

    .DESCRIPTION
        Asks every server, in parallel over PowerShell remoting (Invoke-Command -ComputerName ...
        -ThrottleLimit), the two questions of CertRebind's DSC resources, with their Test and Get
        (what a DSC engine asks in its consistency check), and changes nothing:

        - CertBindingsCurrent: is every binding on its newest certificate? Not when the successor scan
          would move a binding (Pending), a binding cannot move (a refusal such as CR3005, or an
          ambiguous successor, CR3008), or a bound certificate needs a successor and has none
          (NoSuccessor: expired or expiring within -Days, with the would-be renewals that came close and
          why each does not qualify).
        - CertAutoRebind: is the scheduled task \CertRebind\AutoRebind registered, enabled and current,
          running this CertRebind's exe (at -DailyAt, with IIS's own task disabled with
          -ReplaceBuiltIn)?

        One row per server: Compliant (both), BindingsCurrent, AutoRebind, Pending and Refused
        (counts of bindings), NoSuccessor (count of bound certificates that need a successor and have
        none), Why (the short codes of the reasons), Reasons (the sentences, the NoSuccessor ones
        naming the near misses) and Warnings. A server that cannot be reached, or whose CertRebind
        cannot run, is a row with Compliant false and the error as its reason.

        -SnapshotHosts asks snapshot host directories instead of servers, here: try it without a
        fleet (see README.md and New-DemoFleet.ps1).

    .PARAMETER ComputerName
        The servers.

    .PARAMETER Credential
        The account for the remote sessions; the current one without it.

    .PARAMETER ThrottleLimit
        How many servers answer at the same time (Invoke-Command -ThrottleLimit; 32 by default).

    .PARAMETER SnapshotHosts
        Instead of servers: a dictionary of names (standing for servers) and snapshot host directories.

    .PARAMETER Days
        A bound certificate that expires within this many days needs its successor (30 by default).

    .PARAMETER DailyAt
        The daily time the task's successor scan should run at (HH:MM); without it, any time will do.

    .PARAMETER ReplaceBuiltIn
        IIS's own rebind task should be disabled.

    .PARAMETER Module
        The module each server imports: CertRebind by default (with -SnapshotHosts in a checkout of
        the repository, the repository's CertRebind.psd1).

    .EXAMPLE
        ./Get-CertRebindCompliance.ps1 -ComputerName (Get-Content ./web-servers.txt) | Where-Object -Not Compliant

        The servers that are out of line, with why.

    .EXAMPLE
        ./Get-CertRebindCompliance.ps1 -ComputerName WEB01, WEB02 -ReplaceBuiltIn | Select-Object ComputerName -ExpandProperty Reasons

        Every reason of every server, one per line.

    .EXAMPLE
        $fleet = ./New-DemoFleet.ps1 -Path ./demo-fleet
        ./Get-CertRebindCompliance.ps1 -SnapshotHosts $fleet

        Tries it on three snapshot hosts standing for WEB01, WEB02 and WEB03 (set
        $env:CERTREBIND_NOW = '2026-11-27T00:00:00Z' first).

    .OUTPUTS
        CertRebind.FleetCompliance: ComputerName, Compliant, BindingsCurrent, AutoRebind, Pending,
        Refused, NoSuccessor, Why, Reasons, Warnings.
#>
[CmdletBinding(DefaultParameterSetName = 'Remote')]
[OutputType('CertRebind.FleetCompliance')]
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
    [ValidatePattern('^([01]?[0-9]|2[0-3]):[0-5][0-9]$')]
    [System.String]
    $DailyAt,

    [Parameter()]
    [System.Management.Automation.SwitchParameter]
    $ReplaceBuiltIn,

    [Parameter()]
    [ValidateNotNullOrEmpty()]
    [System.String]
    $Module = 'CertRebind'
)

. (Join-Path -Path $PSScriptRoot -ChildPath 'Invoke-FleetScript.ps1')
Import-FleetFormat
$isSnapshot = $PSCmdlet.ParameterSetName -eq 'Snapshot'
$Module = Resolve-FleetModule -Module $Module -Given $PSBoundParameters.ContainsKey('Module') -Snapshot $isSnapshot

# On each server: a test of both DSC resources, as plain values that travel back over remoting unchanged.
$onServer = {
    param ($Module, $Days, $DailyAt, $ReplaceBuiltIn, $HostRoot)

    try {
        $certRebind = Import-Module -Name $Module -PassThru -ErrorAction Stop -WarningAction SilentlyContinue
        # The classes of a module are reached in the module's scope ('using module' cannot be used in a script block).
        $answers = & $certRebind {
            param ($Days, $DailyAt, $ReplaceBuiltIn, $HostRoot)
            $bindings = [CertBindingsCurrent]::new()
            $bindings.Name = 'fleet'
            $bindings.Days = $Days
            $bindings.HostRoot = $HostRoot
            $autoRebind = [CertAutoRebind]::new()
            $autoRebind.Ensure = 'Present'
            if ($DailyAt) {
                $autoRebind.DailyAt = $DailyAt
            }
            $autoRebind.ReplaceBuiltIn = $ReplaceBuiltIn
            $autoRebind.HostRoot = $HostRoot
            # One 'test' per resource: its answer is the 'get' state with _inDesiredState, so a Get() would only run
            # the exe again.
            $bindingsState = Invoke-CertRebindDscOperation -Resource 'CertBindingsCurrent' -Operation 'test' -Property $bindings.DesiredState() -HostRoot $HostRoot
            $taskState = Invoke-CertRebindDscOperation -Resource 'CertAutoRebind' -Operation 'test' -Property $autoRebind.DesiredState() -HostRoot $HostRoot
            @{
                BindingsCurrent = [System.Boolean] $bindingsState._inDesiredState
                Bindings        = $bindingsState
                AutoRebind      = [System.Boolean] $taskState._inDesiredState
                Task            = $taskState
            }
        } $Days $DailyAt $ReplaceBuiltIn $HostRoot 3>&1
        $warnings = @($answers | Where-Object -FilterScript { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object -Process { $_.Message } | Select-Object -Unique)
        $answer = $answers | Where-Object -FilterScript { $_ -is [System.Collections.Hashtable] }
        $reasons = @($answer.Bindings.Reasons) + @($answer.Task.Reasons)
        $codes = @($reasons | ForEach-Object -Process { $_.Code.Split(':')[-1] })
        $why = @($codes | Group-Object | ForEach-Object -Process { if ($_.Count -gt 1) { '{0} x{1}' -f $_.Name, $_.Count } else { $_.Name } }) -join ', '
        [PSCustomObject] @{
            Compliant       = $answer.BindingsCurrent -and $answer.AutoRebind
            BindingsCurrent = [System.Boolean] $answer.BindingsCurrent
            AutoRebind      = [System.Boolean] $answer.AutoRebind
            Pending         = @($answer.Bindings.Changes | Where-Object -Property Status -EQ -Value 'planned').Count
            Refused         = @($answer.Bindings.Changes | Where-Object -Property Status -EQ -Value 'refused').Count
            NoSuccessor     = @($answer.Bindings.WithoutSuccessor).Count
            Why             = $why
            Reasons         = [System.String[]] @($reasons | ForEach-Object -Process { $_.Phrase })
            Warnings        = [System.String[]] $warnings
        }
    }
    catch {
        [PSCustomObject] @{
            Compliant = $false; BindingsCurrent = $false; AutoRebind = $false; Pending = 0; Refused = 0; NoSuccessor = 0
            Why = 'error'; Reasons = [System.String[]] @($_.Exception.Message); Warnings = [System.String[]] @()
        }
    }
}

$fleetParameters = @{ ScriptBlock = $onServer; ArgumentList = @($Module, $Days, $DailyAt, $ReplaceBuiltIn.IsPresent) }
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

foreach ($row in Invoke-FleetScript @fleetParameters | Sort-Object -Property ComputerName) {
    if ($null -ne $row.PSObject.Properties['FleetError']) {
        $row = [PSCustomObject] @{
            ComputerName = $row.ComputerName; Compliant = $false; BindingsCurrent = $false; AutoRebind = $false; Pending = 0; Refused = 0
            NoSuccessor = 0; Why = 'unreachable'; Reasons = @('{0}: {1}' -f $row.FleetErrorCode, $row.FleetError); Warnings = @()
        }
    }
    [PSCustomObject] @{
        PSTypeName      = 'CertRebind.FleetCompliance'
        ComputerName    = $row.ComputerName
        Compliant       = [System.Boolean] $row.Compliant
        BindingsCurrent = [System.Boolean] $row.BindingsCurrent
        AutoRebind      = [System.Boolean] $row.AutoRebind
        Pending         = [System.Int32] $row.Pending
        Refused         = [System.Int32] $row.Refused
        NoSuccessor     = [System.Int32] $row.NoSuccessor
        Why             = [System.String] $row.Why
        Reasons         = [System.String[]] @($row.Reasons)
        Warnings        = [System.String[]] @($row.Warnings)
    }
}
