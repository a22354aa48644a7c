#Requires -Version 5.1
<#
    Module setup: load the messages, dot-source Classes/, Private/ and Public/, export the public functions.
    Each function and data class lives in its own file named after it. The DSC resources are the one
    exception: they are classes, defined at the end of this file (see there why).
#>

$importStrings = @{
    BindingVariable = 'LocalizedData'
    FileName        = 'CertRebind.strings.psd1'
    BaseDirectory   = $PSScriptRoot
}
try {
    Import-LocalizedData @importStrings -ErrorAction Stop
}
catch {
    # No messages for the current UI culture: fall back to the ones we ship.
    Import-LocalizedData @importStrings -UICulture 'en-US'
}

# The schema version of the exe's JSON envelope that this module understands (docs/cli-contract.md).
$script:SupportedSchemaVersion = 1

<#
    The compiled data types first (Import-CertRebindTypeAssembly), then the data class in Classes/ that uses them,
    dot-sourced into the module's scope, where the functions see them ('using module' shows only a root module's
    classes: https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_using?view=powershell-5.1).
#>
. (Join-Path -Path $PSScriptRoot -ChildPath 'Private/Import-CertRebindTypeAssembly.ps1'); Import-CertRebindTypeAssembly
. (Join-Path -Path $PSScriptRoot -ChildPath 'Classes/CertRebindKeyAccessList.ps1')

<#
    PowerShell 7 reads the large lists of the exe's data (the bindings, a rebind's changes) with the module's compiled
    readers (CertRebind.TypedEnvelope), straight into the module's classes or hashtables, at a fraction of
    ConvertFrom-Json's time, and the rest, as any envelope read as hashtables, with CertRebind.JsonHashtable
    (bench/README.md); Windows PowerShell 5.1's ConvertFrom-Json has no -AsHashtable, and it keeps ConvertFrom-Json
    for the whole envelope. Chosen once, here.
#>
$script:ReadsTypedJson = $PSVersionTable.PSVersion.Major -ge 7

# File.GetUnixFileMode came with .NET 7, PowerShell 7.3 (Resolve-CertRebindExePath).
$script:ReadsUnixFileMode = $null -ne [System.IO.File].GetMethod('GetUnixFileMode', [System.Type[]] @([System.String]))

foreach ($folder in 'Private', 'Public') {
    $folderPath = Join-Path -Path $PSScriptRoot -ChildPath $folder
    foreach ($file in Get-ChildItem -Path $folderPath -Filter '*.ps1' -File) {
        . $file.FullName
    }
}

$publicPath = Join-Path -Path $PSScriptRoot -ChildPath 'Public'
Export-ModuleMember -Function (Get-ChildItem -Path $publicPath -Filter '*.ps1' -File).BaseName

#region DSC resources
<#
    The class-based DSC resources CertBindingsCurrent and CertAutoRebind (docs/dsc-resources.md), listed in
    DscResourcesToExport. They are defined in this file because PowerShell shows a module's classes to 'using module',
    Get-DscResource and the DSC engines only when the root module defines them: a class in a dot-sourced file stays
    invisible outside the module. They stay thin: each method hands the desired state to Invoke-CertRebindDscOperation,
    which runs 'certrebind dsc get|test|set' (the exe decides, exactly as for the exe's DSC v3 manifests), and copies
    the state it returns. Windows PowerShell 5.1 syntax only. HostRoot is hidden: a snapshot host directory for tests
    and offline runs; leave it out on real servers.
#>

# One reason why an instance is not in the desired state (machine configuration's Reasons: Code, Phrase).
class CertRebindReason {
    [DscProperty()]
    [System.String] $Code

    [DscProperty()]
    [System.String] $Phrase

    # The reasons[] of a state that 'certrebind dsc' returns (code, phrase).
    static [CertRebindReason[]] Of([System.Object] $Reasons) {
        return @(foreach ($reason in $Reasons) { [CertRebindReason] @{ Code = $reason.code; Phrase = $reason.phrase } })
    }
}

# One binding of the host and its certificate (CertBindingsCurrent.Bindings).
class CertBindingsCurrentBinding {
    [DscProperty()]
    [System.String] $Kind

    [DscProperty()]
    [System.String] $Endpoint

    [DscProperty()]
    [System.String[]] $Sites

    [DscProperty()]
    [System.String] $Thumbprint

    [DscProperty()]
    [System.String] $Subject

    [DscProperty()]
    [System.String] $NotAfter

    [DscProperty()]
    [System.String] $State
}

# One binding the successor scan would move, or cannot (CertBindingsCurrent.Changes).
class CertBindingsCurrentChange {
    [DscProperty()]
    [System.String] $Kind

    [DscProperty()]
    [System.String] $Endpoint

    [DscProperty()]
    [System.String[]] $Sites

    [DscProperty()]
    [System.String] $From

    [DscProperty()]
    [System.String] $To

    [DscProperty()]
    [System.String] $Status

    [DscProperty()]
    [System.String] $Code

    [DscProperty()]
    [System.String] $Reason
}

# A bound certificate that needs replacing and has no successor (CertBindingsCurrent.WithoutSuccessor).
class CertBindingsCurrentWithoutSuccessor {
    [DscProperty()]
    [System.String] $Thumbprint

    [DscProperty()]
    [System.String] $Why

    [DscProperty()]
    [System.String] $NotAfter

    [DscProperty()]
    [System.String[]] $Endpoints

    [DscProperty()]
    [System.String] $Reason

    # Each would-be renewal and why it does not qualify: '<thumbprint> (<check>: <reason>; ...)'.
    [DscProperty()]
    [System.String[]] $NearMisses
}

[DscResource()]
class CertBindingsCurrent {
    [DscProperty(Key)]
    [System.String] $Name

    [DscProperty()]
    [ValidateRange(0, 3650)]
    [System.Int32] $Days = 30

    [DscProperty()]
    hidden [System.String] $HostRoot

    [DscProperty(NotConfigurable)]
    [CertBindingsCurrentBinding[]] $Bindings

    [DscProperty(NotConfigurable)]
    [CertBindingsCurrentChange[]] $Changes

    [DscProperty(NotConfigurable)]
    [CertBindingsCurrentWithoutSuccessor[]] $WithoutSuccessor

    [DscProperty(NotConfigurable)]
    [CertRebindReason[]] $Reasons

    [CertBindingsCurrent] Get() {
        $state = Invoke-CertRebindDscOperation -Resource 'CertBindingsCurrent' -Operation 'get' -Property $this.DesiredState() -HostRoot $this.HostRoot
        $actual = [CertBindingsCurrent]::new()
        $actual.Name = $this.Name
        $actual.Days = $this.Days
        $actual.HostRoot = $this.HostRoot
        $actual.Bindings = @(
            foreach ($binding in $state.bindings) {
                [CertBindingsCurrentBinding] @{
                    Kind = $binding.kind; Endpoint = $binding.endpoint; Sites = @($binding.sites); Thumbprint = $binding.thumbprint
                    Subject = $binding.subject; NotAfter = $binding.notAfter; State = $binding.state
                }
            }
        )
        $actual.Changes = @(
            foreach ($change in $state.changes) {
                [CertBindingsCurrentChange] @{
                    Kind = $change.kind; Endpoint = $change.endpoint; Sites = @($change.sites); From = $change.from; To = $change.to
                    Status = $change.status; Code = $change.code; Reason = $change.reason
                }
            }
        )
        $actual.WithoutSuccessor = @(
            foreach ($without in $state.withoutSuccessor) {
                [CertBindingsCurrentWithoutSuccessor] @{
                    Thumbprint = $without.thumbprint; Why = $without.why; NotAfter = $without.notAfter; Endpoints = @($without.endpoints); Reason = $without.reason
                    NearMisses = @(foreach ($miss in $without.nearMisses) { '{0} ({1})' -f $miss.thumbprint, (@($miss.rejections | ForEach-Object -Process { '{0}: {1}' -f $_.check, $_.reason }) -join '; ') })
                }
            }
        )
        $actual.Reasons = [CertRebindReason]::Of($state.reasons)
        return $actual
    }

    [System.Boolean] Test() {
        return Test-CertRebindDscState -Resource 'CertBindingsCurrent' -Property $this.DesiredState() -HostRoot $this.HostRoot
    }

    [void] Set() {
        $null = Invoke-CertRebindDscOperation -Resource 'CertBindingsCurrent' -Operation 'set' -Property $this.DesiredState() -HostRoot $this.HostRoot
    }

    hidden [System.Collections.Hashtable] DesiredState() {
        return @{ name = $this.Name; days = $this.Days }
    }
}

[DscResource()]
class CertAutoRebind {
    [DscProperty(Key)]
    [ValidateSet('Yes')]
    [System.String] $IsSingleInstance = 'Yes'

    [DscProperty()]
    [ValidateSet('Present', 'Absent')]
    [System.String] $Ensure = 'Present'

    [DscProperty()]
    [ValidatePattern('^([01]?[0-9]|2[0-3]):[0-5][0-9]$')]
    [System.String] $DailyAt

    [DscProperty()]
    [System.Boolean] $ReplaceBuiltIn = $false

    [DscProperty()]
    hidden [System.String] $HostRoot

    [DscProperty(NotConfigurable)]
    [System.String] $TaskPath

    [DscProperty(NotConfigurable)]
    [System.Boolean] $Enabled

    [DscProperty(NotConfigurable)]
    [System.Boolean] $Current

    [DscProperty(NotConfigurable)]
    [System.String] $ExePath

    [DscProperty(NotConfigurable)]
    [System.Boolean] $ExeCurrent

    [DscProperty(NotConfigurable)]
    [System.Boolean] $BuiltInTaskEnabled

    [DscProperty(NotConfigurable)]
    [CertRebindReason[]] $Reasons

    [CertAutoRebind] Get() {
        $state = Invoke-CertRebindDscOperation -Resource 'CertAutoRebind' -Operation 'get' -Property $this.DesiredState() -HostRoot $this.HostRoot
        $actual = [CertAutoRebind]::new()
        $actual.HostRoot = $this.HostRoot
        $actual.Ensure = $(if ($state._exist) { 'Present' } else { 'Absent' })
        if ($state.dailyAt) {
            $actual.DailyAt = $state.dailyAt
        }
        $actual.ReplaceBuiltIn = [System.Boolean] $state.replaceBuiltIn
        $actual.TaskPath = $state.taskPath
        $actual.Enabled = [System.Boolean] $state.enabled
        $actual.Current = [System.Boolean] $state.current
        $actual.ExePath = $state.exePath
        $actual.ExeCurrent = [System.Boolean] $state.exeCurrent
        $actual.BuiltInTaskEnabled = [System.Boolean] $state.builtinTaskEnabled
        $actual.Reasons = [CertRebindReason]::Of($state.reasons)
        return $actual
    }

    [System.Boolean] Test() {
        return Test-CertRebindDscState -Resource 'CertAutoRebind' -Property $this.DesiredState() -HostRoot $this.HostRoot
    }

    [void] Set() {
        $null = Invoke-CertRebindDscOperation -Resource 'CertAutoRebind' -Operation 'set' -Property $this.DesiredState() -HostRoot $this.HostRoot
    }

    hidden [System.Collections.Hashtable] DesiredState() {
        return @{
            _exist         = $this.Ensure -eq 'Present'
            dailyAt        = $(if ([System.String]::IsNullOrEmpty($this.DailyAt)) { $null } else { $this.DailyAt })
            replaceBuiltIn = $this.ReplaceBuiltIn
        }
    }
}
#endregion
