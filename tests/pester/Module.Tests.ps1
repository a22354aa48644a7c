<#
    Tests of the module's public surface: the manifest, the exports, the help of every exported
    command, the pinned parameter-set signatures, the format views and the DSC resources' properties.
#>

BeforeDiscovery {
    $repositoryRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).ProviderPath
    Import-Module -Name (Join-Path -Path $repositoryRoot -ChildPath 'CertRebind.psd1') -Force -ErrorAction Stop

    $commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters +
        [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

    # One row per exported command, with the parameters its help must document.
    $exportedCommands = @(
        foreach ($command in (Get-Module -Name 'CertRebind').ExportedCommands.Values) {
            @{
                CommandName = $command.Name
                Parameters  = @($command.Parameters.Keys | Where-Object -FilterScript { $_ -notin $commonParameters })
            }
        }
    )

    # The public surface, pinned: a change here must be deliberate.
    $parameterSetSignatures = @(
        @{ CommandName = 'Get-CertBinding'; ParameterSetName = '__AllParameterSets'; Signature = '[[-Thumbprint] <string[]>] [-OldThumbprint <string>] [-NewThumbprint <string>] [-HostRoot <string>] [<CommonParameters>]' }
        @{ CommandName = 'Get-CertLifecycleEvent'; ParameterSetName = '__AllParameterSets'; Signature = '[[-Id] <int[]>] [-After <datetime>] [-Before <datetime>] [-Thumbprint <string[]>] [-Channel <string>] [-MaxEvents <int>] [-HostRoot <string>] [<CommonParameters>]' }
        @{ CommandName = 'Invoke-CertRebind'; ParameterSetName = 'Thumbprint'; Signature = '-OldThumbprint <string> -NewThumbprint <string> [-AllowNameMismatch] [-RestartService] [-Force] [-HostRoot <string>] [-WaitSeconds <int>] [-WhatIf] [-Confirm] [<CommonParameters>]' }
        @{ CommandName = 'Invoke-CertRebind'; ParameterSetName = 'Auto'; Signature = '-Auto [-Days <int>] [-AllowNameMismatch] [-RestartService] [-Force] [-HostRoot <string>] [-WaitSeconds <int>] [-WhatIf] [-Confirm] [<CommonParameters>]' }
        @{ CommandName = 'Enable-IISCertAutoRebind'; ParameterSetName = '__AllParameterSets'; Signature = '[-DailyAt <Object>] [-ReplaceBuiltIn] [-HostRoot <string>] [-WhatIf] [-Confirm] [<CommonParameters>]' }
        @{ CommandName = 'Disable-IISCertAutoRebind'; ParameterSetName = '__AllParameterSets'; Signature = '[-HostRoot <string>] [-WhatIf] [-Confirm] [<CommonParameters>]' }
        @{ CommandName = 'Get-IISCertAutoRebind'; ParameterSetName = '__AllParameterSets'; Signature = '[-HostRoot <string>] [<CommonParameters>]' }
        @{ CommandName = 'Export-CertRebindSnapshot'; ParameterSetName = '__AllParameterSets'; Signature = '[-Path] <string> [-HostRoot <string>] [-Redact] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]' }
    )

    $formatViews = @(
        @{ TypeName = 'CertRebind.Binding';         Control = 'TableControl'; Columns = 'Kind', 'Endpoint', 'Sites', 'Owner', 'Service', 'Selection', 'Thumbprint', 'NotAfter', 'State' }
        @{ TypeName = 'CertRebind.Binding';         Control = 'ListControl';  Columns = 'Kind', 'Endpoint', 'Sites', 'Hostnames', 'Owner', 'Service', 'Selection', 'Thumbprint', 'StoreName', 'AppId', 'CertificateSubject', 'NotAfter', 'State', 'DaysLeft' }
        @{ TypeName = 'CertRebind.CertificateInfo'; Control = 'TableControl'; Columns = 'Thumbprint', 'Subject', 'Store', 'NotAfter', 'State', 'DaysLeft' }
        @{ TypeName = 'CertRebind.Change';          Control = 'TableControl'; Columns = 'Status', 'Kind', 'Endpoint', 'Sites', 'From', 'To', 'Code', 'Needs', 'Reason' }
        @{ TypeName = 'CertRebind.Change';          Control = 'ListControl';  Columns = 'Kind', 'Endpoint', 'Sites', 'Hostnames', 'From', 'To', 'StoreFrom', 'StoreTo', 'Status', 'Code', 'Reason', 'Kept', 'Notes', 'Service', 'RestartRequired', 'KeyAccess', 'RunId' }
        @{ TypeName = 'CertRebind.LifecycleEvent';  Control = 'TableControl'; Columns = 'TimeCreated', 'Id', 'Kind', 'Thumbprint', 'Subject' }
        @{ TypeName = 'CertRebind.AutoRebindStatus'; Control = 'ListControl'; Columns = 'TaskPath', 'Exists', 'Enabled', 'Current', 'DailyAt', 'LastRunTime', 'LastResult', 'ExePath', 'ExeVersion', 'LifecycleChannelEnabled', 'BuiltInTaskExists', 'BuiltInTaskEnabled', 'Changes' }
        @{ TypeName = 'CertRebind.AutoRebindStatus'; Control = 'TableControl'; Columns = 'Exists', 'Enabled', 'DailyAt', 'LastRunTime', 'LastResult', 'ExeVersion', 'LifecycleChannelEnabled', 'BuiltInTaskEnabled' }
    )

    # The DSC resources' properties, pinned like the parameter sets: Key, Write (configurable), Read (NotConfigurable).
    $dscResources = @(
        @{ Name = 'CertBindingsCurrent'; Key = @('Name'); Write = @('Days', 'HostRoot'); Read = @('Bindings', 'Changes', 'Reasons', 'WithoutSuccessor') }
        @{ Name = 'CertAutoRebind'; Key = @('IsSingleInstance'); Write = @('DailyAt', 'Ensure', 'HostRoot', 'ReplaceBuiltIn'); Read = @('BuiltInTaskEnabled', 'Current', 'Enabled', 'ExeCurrent', 'ExePath', 'Reasons', 'TaskPath') }
    )
}

BeforeAll {
    $repositoryRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).ProviderPath
    $manifestPath = Join-Path -Path $repositoryRoot -ChildPath 'CertRebind.psd1'
    Import-Module -Name $manifestPath -Force -ErrorAction Stop
    $module = Get-Module -Name 'CertRebind'
    $manifestData = Import-PowerShellDataFile -LiteralPath $manifestPath
}

AfterAll {
    Remove-Module -Name 'CertRebind' -Force -ErrorAction SilentlyContinue
}

Describe 'The CertRebind manifest' -Tag 'Unit' {
    Context 'When it is tested' {
        It 'Should pass Test-ModuleManifest' {
            { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
        }

        It 'Should load module/CertRebind.psm1 at version 0.1.0' {
            $manifestData.RootModule | Should -Be 'module/CertRebind.psm1'
            $manifestData.ModuleVersion | Should -Be '0.1.0'
        }

        It 'Should target Windows PowerShell 5.1 and PowerShell 7' {
            $manifestData.PowerShellVersion | Should -Be '5.1'
            $manifestData.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        }

        It 'Should have a fixed GUID' {
            $manifestData.GUID | Should -Be 'c52015a1-db25-4472-84cf-c59a7720acc5'
        }

        It 'Should list every function to export by name, without wildcards' {
            $manifestData.FunctionsToExport | Should -Not -BeNullOrEmpty
            $manifestData.FunctionsToExport | Should -Not -BeLike '*`**'
        }

        It 'Should export no cmdlets, variables or aliases' {
            $manifestData.CmdletsToExport | Should -HaveCount 0
            $manifestData.VariablesToExport | Should -HaveCount 0
            $manifestData.AliasesToExport | Should -HaveCount 0
        }

        It 'Should export the DSC resources CertAutoRebind and CertBindingsCurrent by name' {
            $manifestData.DscResourcesToExport | Should -Be @('CertAutoRebind', 'CertBindingsCurrent')
        }
    }

    Context 'When the module is imported' {
        It 'Should export exactly the functions the manifest lists' {
            @($module.ExportedFunctions.Keys | Sort-Object) | Should -Be @($manifestData.FunctionsToExport | Sort-Object)
        }

        It 'Should export exactly the DSC resources the manifest lists' {
            @($module.ExportedDscResources | Sort-Object) | Should -Be @($manifestData.DscResourcesToExport | Sort-Object)
        }

        It 'Should have one file in module/Public per exported function' {
            $publicFiles = Get-ChildItem -Path (Join-Path -Path $repositoryRoot -ChildPath 'module/Public') -Filter '*.ps1' -File
            @($publicFiles.BaseName | Sort-Object) | Should -Be @($manifestData.FunctionsToExport | Sort-Object)
        }

        It 'Should keep the private functions private' {
            $module.ExportedCommands.Keys | Should -Not -Contain 'Invoke-CertRebindExe'
            Get-Command -Name 'Invoke-CertRebindExe' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'Should export none of the functions in module/Private' {
            $privateFiles = Get-ChildItem -Path (Join-Path -Path $repositoryRoot -ChildPath 'module/Private') -Filter '*.ps1' -File
            foreach ($name in $privateFiles.BaseName) {
                $module.ExportedCommands.Keys | Should -Not -Contain $name
            }
        }
    }
}

Describe 'The format view <Control> of <TypeName>' -Tag 'Unit' -ForEach $formatViews {
    BeforeAll {
        $view = (Get-FormatData -TypeName $TypeName).FormatViewDefinition |
            Where-Object -FilterScript { $_.Control.GetType().Name -eq $Control }
        $shownNames = if ($Control -eq 'TableControl') {
            $view.Control.Headers.Label
        }
        else {
            foreach ($item in $view.Control.Entries[0].Items) {
                if ($item.Label) { $item.Label } else { $item.DisplayEntry.Value }
            }
        }
    }

    It 'Should exist' {
        $view | Should -Not -BeNullOrEmpty
    }

    It 'Should show <Columns>' {
        @($shownNames) | Should -Be $Columns
    }
}

Describe 'The help of <CommandName>' -Tag 'Unit' -ForEach $exportedCommands {
    BeforeAll {
        $help = Get-Help -Name $CommandName -Full
    }

    It 'Should not be auto-generated' {
        $help.Synopsis | Should -Not -BeLike '*`[`<CommonParameters`>`]*'
        $help.Synopsis | Should -Not -BeLike "$CommandName *"
    }

    It 'Should have a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
    }

    It 'Should have a description' {
        ($help.Description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'Should have at least one example, each with code and remarks' {
        $examples = @($help.Examples.Example)
        $examples.Count | Should -BeGreaterOrEqual 1
        foreach ($example in $examples) {
            $example.Code | Should -Not -BeNullOrEmpty
            ($example.Remarks.Text -join '') | Should -Not -BeNullOrEmpty
        }
    }

    It 'Should name its outputs' {
        ($help.ReturnValues.ReturnValue.Type.Name -join '') | Should -Not -BeNullOrEmpty
    }

    It 'Should document the parameter <_>' -ForEach $Parameters {
        $parameterHelp = $help.Parameters.Parameter | Where-Object -Property Name -EQ -Value $_
        ($parameterHelp.Description.Text -join '') | Should -Not -BeNullOrEmpty
    }
}

Describe 'The parameter set <ParameterSetName> of <CommandName>' -Tag 'Unit' -ForEach $parameterSetSignatures {
    It 'Should have the signature <Signature>' {
        $parameterSet = (Get-Command -Name $CommandName).ParameterSets |
            Where-Object -Property Name -EQ -Value $ParameterSetName
        $parameterSet.ToString() | Should -Be $Signature
    }
}

Describe 'The parameters of Get-CertBinding' -Tag 'Unit' {
    BeforeAll {
        $command = Get-Command -Name 'Get-CertBinding'
        $thumbprint = $command.Parameters['Thumbprint']
        $thumbprintAttribute = $thumbprint.Attributes | Where-Object -FilterScript { $_ -is [System.Management.Automation.ParameterAttribute] }
    }

    It 'Should take -Thumbprint from the pipeline by value and by property name' {
        $thumbprintAttribute.ValueFromPipeline | Should -BeTrue
        $thumbprintAttribute.ValueFromPipelineByPropertyName | Should -BeTrue
    }

    It 'Should accept CertificateHash as an alias of -Thumbprint' {
        $thumbprint.Aliases | Should -Contain 'CertificateHash'
    }

    It 'Should declare the output type CertRebind.Binding' {
        $command.OutputType.Name | Should -Contain 'CertRebind.Binding'
    }
}

Describe 'The parameters of Get-CertLifecycleEvent' -Tag 'Unit' {
    BeforeAll {
        $command = Get-Command -Name 'Get-CertLifecycleEvent'

        function Get-ParameterAttribute {
            param ([System.String] $Name)

            $command.Parameters[$Name].Attributes | Where-Object -FilterScript { $_ -is [System.Management.Automation.ParameterAttribute] }
        }
    }

    It 'Should take -Thumbprint from the pipeline by property name only' {
        $attribute = Get-ParameterAttribute -Name 'Thumbprint'
        $attribute.ValueFromPipelineByPropertyName | Should -BeTrue
        $attribute.ValueFromPipeline | Should -BeFalse
    }

    It 'Should accept event ids from 1 to 65535 only' {
        $range = $command.Parameters['Id'].Attributes | Where-Object -FilterScript { $_ -is [System.Management.Automation.ValidateRangeAttribute] }
        $range.MinRange | Should -Be 1
        $range.MaxRange | Should -Be 65535
    }

    It 'Should offer the channels System, User and All' {
        $set = $command.Parameters['Channel'].Attributes | Where-Object -FilterScript { $_ -is [System.Management.Automation.ValidateSetAttribute] }
        $set.ValidValues | Should -Be @('System', 'User', 'All')
    }

    It 'Should declare the output type CertRebind.LifecycleEvent' {
        $command.OutputType.Name | Should -Contain 'CertRebind.LifecycleEvent'
    }
}

Describe 'The help of Get-CertLifecycleEvent' -Tag 'Unit' {
    BeforeAll {
        $help = Get-Help -Name 'Get-CertLifecycleEvent' -Full
        $exampleCode = @($help.Examples.Example | ForEach-Object -Process { $_.Code })
        $description = $help.Description.Text -join [System.Environment]::NewLine
    }

    It 'Should show the pipeline into Invoke-CertRebind -WhatIf' {
        $exampleCode | Should -Contain 'Get-CertLifecycleEvent -Id 1001 -After (Get-Date).AddDays(-7) | Invoke-CertRebind -WhatIf'
    }

    It 'Should show a snapshot host' {
        $exampleCode | Where-Object -FilterScript { $_ -like '*-HostRoot*' } | Should -Not -BeNullOrEmpty
    }

    It 'Should name every kind of event' {
        foreach ($kind in 'Replaced', 'Expired', 'ExpiringSoon', 'Deleted', 'Archived', 'Installed', 'Exported', 'KeyAssociated', 'KeyAssociationFailed', 'DeletedFromDirectory', 'Unknown') {
            $description | Should -BeLike "*$kind*"
        }
    }

    It 'Should say which events bind to Invoke-CertRebind, and how to enable a channel' {
        $description | Should -BeLike '*OldThumbprint and NewThumbprint*'
        $description | Should -BeLike '*wevtutil sl <channel> /e:true*'
        ($help.alertSet.alert.Text -join '') | Should -BeLike '*InputObjectMissingMandatory*'
    }
}

Describe 'The parameters of <CommandName>' -Tag 'Unit' -ForEach @(
    @{ CommandName = 'Enable-IISCertAutoRebind'; ChangesState = $true }
    @{ CommandName = 'Disable-IISCertAutoRebind'; ChangesState = $true }
    @{ CommandName = 'Get-IISCertAutoRebind'; ChangesState = $false }
) {
    BeforeAll {
        $command = Get-Command -Name $CommandName
        $cmdletBinding = $command.ScriptBlock.Attributes | Where-Object -FilterScript { $_ -is [System.Management.Automation.CmdletBindingAttribute] }
    }

    It 'Should support -WhatIf and -Confirm (ConfirmImpact Medium) exactly when it changes something' {
        $cmdletBinding.SupportsShouldProcess | Should -Be $ChangesState
        if ($ChangesState) {
            $cmdletBinding.ConfirmImpact | Should -Be 'Medium'
        }
    }

    It 'Should declare the output type CertRebind.AutoRebindStatus' {
        $command.OutputType.Name | Should -Contain 'CertRebind.AutoRebindStatus'
    }

    It 'Should take nothing from the pipeline' {
        foreach ($parameter in $command.Parameters.Values) {
            foreach ($attribute in $parameter.Attributes | Where-Object -FilterScript { $_ -is [System.Management.Automation.ParameterAttribute] }) {
                $attribute.ValueFromPipeline | Should -BeFalse
                $attribute.ValueFromPipelineByPropertyName | Should -BeFalse
            }
        }
    }
}

Describe 'The help of the AutoRebind cmdlets' -Tag 'Unit' {
    It 'Should show <CommandName> with <Example>' -ForEach @(
        @{ CommandName = 'Enable-IISCertAutoRebind'; Example = '*-ReplaceBuiltIn*-WhatIf*' }
        @{ CommandName = 'Enable-IISCertAutoRebind'; Example = '*-HostRoot*' }
        @{ CommandName = 'Disable-IISCertAutoRebind'; Example = '*-HostRoot*-WhatIf*' }
        @{ CommandName = 'Get-IISCertAutoRebind'; Example = '*-HostRoot*' }
        @{ CommandName = 'Invoke-CertRebind'; Example = '*-Auto*-WhatIf*' }
    ) {
        $exampleCode = @((Get-Help -Name $CommandName -Full).Examples.Example | ForEach-Object -Process { $_.Code })
        $exampleCode | Where-Object -FilterScript { $_ -like $Example } | Should -Not -BeNullOrEmpty
    }

    It 'Should explain the triggers, the program folder and its refusal in the help of Enable-IISCertAutoRebind' {
        $description = (Get-Help -Name 'Enable-IISCertAutoRebind' -Full).Description.Text -join [System.Environment]::NewLine
        foreach ($term in '1001', '1006', 'S-1-5-18', 'CR4010', 'IIS-AutoCertRebind', 'idempotent', 'audit') {
            $description | Should -BeLike "*$term*"
        }
    }
}

Describe 'The parameters of Invoke-CertRebind' -Tag 'Unit' {
    BeforeAll {
        $command = Get-Command -Name 'Invoke-CertRebind'
        $cmdletBinding = $command.ScriptBlock.Attributes | Where-Object -FilterScript { $_ -is [System.Management.Automation.CmdletBindingAttribute] }

        function Get-ParameterAttribute {
            param ([System.String] $Name)

            $command.Parameters[$Name].Attributes | Where-Object -FilterScript { $_ -is [System.Management.Automation.ParameterAttribute] }
        }
    }

    It 'Should support -WhatIf and -Confirm with ConfirmImpact High' {
        $cmdletBinding.SupportsShouldProcess | Should -BeTrue
        $cmdletBinding.ConfirmImpact | Should -Be 'High'
    }

    It 'Should use the parameter set Thumbprint by default, leaving room for others' {
        $command.DefaultParameterSet | Should -Be 'Thumbprint'
    }

    It 'Should require -<_> in the parameter set Thumbprint and take it from the pipeline by property name only' -ForEach 'OldThumbprint', 'NewThumbprint' {
        $attribute = Get-ParameterAttribute -Name $_
        $attribute.ParameterSetName | Should -Be 'Thumbprint'
        $attribute.Mandatory | Should -BeTrue
        $attribute.ValueFromPipelineByPropertyName | Should -BeTrue
        $attribute.ValueFromPipeline | Should -BeFalse
    }

    It 'Should accept the aliases OldCertHash and Old for -OldThumbprint' {
        $command.Parameters['OldThumbprint'].Aliases | Should -Be @('OldCertHash', 'Old')
    }

    It 'Should accept the aliases NewCertHash and New for -NewThumbprint' {
        $command.Parameters['NewThumbprint'].Aliases | Should -Be @('NewCertHash', 'New')
    }

    It 'Should require -Auto in the parameter set Auto, where -Days belongs too, not from the pipeline' {
        (Get-ParameterAttribute -Name 'Auto').ParameterSetName | Should -Be 'Auto'
        (Get-ParameterAttribute -Name 'Auto').Mandatory | Should -BeTrue
        (Get-ParameterAttribute -Name 'Days').ParameterSetName | Should -Be 'Auto'
        (Get-ParameterAttribute -Name 'Days').ValueFromPipelineByPropertyName | Should -BeFalse
        $range = $command.Parameters['Days'].Attributes | Where-Object -FilterScript { $_ -is [System.Management.Automation.ValidateRangeAttribute] }
        $range.MinRange | Should -Be 0
        $range.MaxRange | Should -Be 3650
    }

    It 'Should offer -<_> in every parameter set' -ForEach 'Force', 'HostRoot', 'WaitSeconds' {
        (Get-ParameterAttribute -Name $_).ParameterSetName | Should -Be '__AllParameterSets'
    }

    It 'Should declare the output type CertRebind.Change' {
        $command.OutputType.Name | Should -Contain 'CertRebind.Change'
    }
}

Describe 'The help of Invoke-CertRebind' -Tag 'Unit' {
    BeforeAll {
        $help = Get-Help -Name 'Invoke-CertRebind' -Full
        $exampleCode = @($help.Examples.Example | ForEach-Object -Process { $_.Code })
        $description = $help.Description.Text -join [System.Environment]::NewLine
    }

    It 'Should have at least four examples' {
        $exampleCode.Count | Should -BeGreaterOrEqual 4
    }

    It 'Should show a -WhatIf run on a snapshot host' {
        $exampleCode | Where-Object -FilterScript { $_ -like '*-HostRoot*-WhatIf*' } | Should -Not -BeNullOrEmpty
    }

    It 'Should show piping an object with OldCertHash and NewCertHash' {
        $exampleCode | Where-Object -FilterScript { $_ -like '*OldCertHash*NewCertHash*| Invoke-CertRebind*' } | Should -Not -BeNullOrEmpty
    }

    It 'Should show piping lifecycle events' {
        $exampleCode | Should -Contain 'Get-CertLifecycleEvent -Id 1001 -After (Get-Date).AddDays(-7) | Invoke-CertRebind -WhatIf'
    }

    It 'Should say that a declined change is left alone and that the approved ones are applied together' {
        $description | Should -BeLike '*A change you decline is left alone; the ones you approve are applied.*'
        ($help.alertSet.alert.Text -join '') | Should -BeLike '*applied in one run, all of them or none*'
    }

    It 'Should say that -Force only stops the questions and -AllowNameMismatch overrides the host-name check' {
        $textOf = { param ($Name) ((($help.parameters.parameter | Where-Object -Property name -EQ -Value $Name).description.Text) -join ' ') -replace '\s+', ' ' }
        & $textOf 'Force' | Should -BeLike '*overrides no check*'
        & $textOf 'AllowNameMismatch' | Should -BeLike '*the host-name check (CR3005) is the only check it overrides*'
    }

    It 'Should explain what moves, validation, rollback and audit' {
        foreach ($term in 'ipport', 'hostnameport', 'serverCertHash', 'siteDefaults', 'CR3005', 'restored', 'audit.jsonl') {
            $description | Should -BeLike "*$term*"
        }
    }
}

Describe 'The DSC resource <Name>' -Tag 'Unit' -ForEach $dscResources {
    BeforeAll {
        # The class as the module defines it (a test file sees it through 'using module'; this one asks the module).
        $type = & $module ([System.Management.Automation.ScriptBlock]::Create("[$Name]"))
        $dscProperties = foreach ($property in $type.GetProperties()) {
            $attribute = $property.GetCustomAttributes($true) | Where-Object -FilterScript { $_ -is [System.Management.Automation.DscPropertyAttribute] }
            if ($attribute) {
                [PSCustomObject] @{
                    Name   = $property.Name
                    Key    = [System.Boolean] $attribute.Key
                    Read   = [System.Boolean] $attribute.NotConfigurable
                    Hidden = [System.Boolean] ($property.GetCustomAttributes($true) | Where-Object -FilterScript { $_ -is [System.Management.Automation.HiddenAttribute] })
                }
            }
        }
    }

    It 'Should be a class with the DscResource attribute' {
        $type.GetCustomAttributes($true) | Where-Object -FilterScript { $_ -is [System.Management.Automation.DscResourceAttribute] } | Should -Not -BeNullOrEmpty
    }

    It 'Should have the key <Key>, the settable properties <Write> and the read-only properties <Read>' {
        @($dscProperties | Where-Object -Property Key | ForEach-Object -Process { $_.Name }) | Should -Be $Key
        @($dscProperties | Where-Object -FilterScript { -not $_.Key -and -not $_.Read } | ForEach-Object -Process { $_.Name } | Sort-Object) | Should -Be $Write
        @($dscProperties | Where-Object -Property Read | ForEach-Object -Process { $_.Name } | Sort-Object) | Should -Be $Read
    }

    It 'Should hide HostRoot, and only HostRoot' {
        @($dscProperties | Where-Object -Property Hidden | ForEach-Object -Process { $_.Name }) | Should -Be @('HostRoot')
    }

    It 'Should implement Get, Test and Set' {
        $type.GetMethod('Get', [System.Type[]] @()).ReturnType | Should -Be $type
        $type.GetMethod('Test', [System.Type[]] @()).ReturnType | Should -Be ([System.Boolean])
        $type.GetMethod('Set', [System.Type[]] @()).ReturnType | Should -Be ([System.Void])
    }
}

Describe 'The DSC resources through ''using module''' -Tag 'Unit' {
    BeforeAll {
        # A fresh PowerShell: 'using module' loads the classes when the script is parsed, as a DSC configuration does.
        $script = Join-Path -Path $TestDrive -ChildPath 'using-module.ps1'
        Set-Content -LiteralPath $script -Value @(
            ('using module ''{0}''' -f $manifestPath)
            '[CertBindingsCurrent]::new().Days'
            '[CertAutoRebind]::new().Ensure'
            '(Get-Module -Name CertRebind).ExportedDscResources -join '','''
        )
        $shell = Join-Path -Path $PSHOME -ChildPath $(if ($PSVersionTable.PSEdition -eq 'Desktop') { 'powershell.exe' } else { 'pwsh' })
        $output = & $shell -NoLogo -NoProfile -NonInteractive -File $script 2>&1
    }

    It 'Should make both classes usable, with their defaults, and list them as exported DSC resources' {
        @($output | ForEach-Object -Process { [System.String] $_ }) | Should -Be @('30', 'Present', 'CertAutoRebind,CertBindingsCurrent')
    }
}
