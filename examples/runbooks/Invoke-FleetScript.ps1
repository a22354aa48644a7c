<#
    Dot-sourced by the runbooks of this folder: one way to run a script block on every server of a fleet.

    Invoke-FleetScript runs -ScriptBlock on every server, in parallel over PowerShell remoting
    (Invoke-Command -ComputerName ... -ThrottleLimit), or, with -SnapshotHosts, here in this session on
    each snapshot host directory, one after the other. The script block takes its arguments by
    position (-ArgumentList, as Invoke-Command passes them) and, last, the host root: $null on a real
    server, the snapshot host's directory otherwise. Every object it returns gets a ComputerName
    property: the server's name (PSComputerName), or the snapshot host's name.

    A server that cannot be reached (an error of Invoke-Command itself) does not stop the others: it
    comes back as an object with ComputerName, FleetErrorCode and FleetError (the message), for the
    runbook to show as a row.
#>

function Invoke-FleetScript {
    [CmdletBinding(DefaultParameterSetName = 'Remote')]
    param (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.ScriptBlock]
        $ScriptBlock,

        [Parameter()]
        [AllowEmptyCollection()]
        [System.Object[]]
        $ArgumentList = @(),

        [Parameter(Mandatory = $true, ParameterSetName = 'Remote')]
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
        [System.Collections.IDictionary]
        $SnapshotHosts
    )

    if ($PSCmdlet.ParameterSetName -eq 'Snapshot') {
        foreach ($name in @($SnapshotHosts.Keys | Sort-Object)) {
            $arguments = @($ArgumentList) + (Resolve-Path -LiteralPath $SnapshotHosts[$name] -ErrorAction Stop).ProviderPath
            foreach ($result in & $ScriptBlock @arguments) {
                $result | Add-Member -NotePropertyName 'ComputerName' -NotePropertyValue ([System.String] $name) -Force -PassThru
            }
        }
        return
    }

    $invokeParameters = @{
        ComputerName  = $ComputerName
        ThrottleLimit = $ThrottleLimit
        ScriptBlock   = $ScriptBlock
        ArgumentList  = @($ArgumentList) + $null
    }
    if ($PSBoundParameters.ContainsKey('Credential')) {
        $invokeParameters.Credential = $Credential
    }
    $failures = @()
    $results = Invoke-Command @invokeParameters -ErrorAction SilentlyContinue -ErrorVariable failures
    foreach ($result in $results) {
        $result | Add-Member -NotePropertyName 'ComputerName' -NotePropertyValue ([System.String] $result.PSComputerName) -Force -PassThru
    }
    foreach ($failure in $failures) {
        $name = if ($failure.TargetObject -is [System.String]) { $failure.TargetObject } else { $failure.OriginInfo.PSComputerName }
        [PSCustomObject] @{
            ComputerName   = [System.String] $name
            FleetErrorCode = ([System.String] $failure.FullyQualifiedErrorId).Split(',')[0]
            FleetError     = $failure.Exception.Message
        }
    }
}

function Resolve-FleetModule {
    <#
        The module each server imports: -Module when given; with snapshot hosts and no -Module, this
        repository's CertRebind.psd1 when the runbook runs from a checkout (else 'CertRebind').
    #>
    param (
        [System.String] $Module,
        [System.Boolean] $Given,
        [System.Boolean] $Snapshot
    )

    if (-not $Given -and $Snapshot) {
        $repositoryManifest = Join-Path -Path $PSScriptRoot -ChildPath '../../CertRebind.psd1'
        if (Test-Path -LiteralPath $repositoryManifest) {
            return (Resolve-Path -LiteralPath $repositoryManifest).ProviderPath
        }
    }
    $Module
}

function Import-FleetFormat {
    <# The table views of the runbooks' objects (CertRebind.Runbooks.Format.ps1xml), once per session. #>
    if (-not (Get-FormatData -TypeName 'CertRebind.FleetChange')) {
        Update-FormatData -PrependPath (Join-Path -Path $PSScriptRoot -ChildPath 'CertRebind.Runbooks.Format.ps1xml')
    }
}
