<#
    The help of every public cmdlet says the truth about what the cmdlet does when a parameter is left out,
    and sends Get-Help -Online nowhere it should not: the module has no online help page of its own.
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule
    $commands = @(Get-Command -Module 'CertRebind' -CommandType Function | ForEach-Object -Process { @{ CommandName = $_.Name } })
    $parameters = @(
        foreach ($command in Get-Command -Module 'CertRebind' -CommandType Function) {
            foreach ($parameter in $command.ScriptBlock.Ast.Body.ParamBlock.Parameters) {
                @{ CommandName = $command.Name; Name = $parameter.Name.VariablePath.UserPath }
            }
        }
    )
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule

    # The default a parameter's help text states: 'The default is 60.', '(0 to 3650; the default is 30)',
    # 'All (both, the default)'; $null when it states none.
    function Get-DocumentedDefault {
        param ([System.String] $Text)

        $Text = $Text -replace '\s+', ' '
        if ($Text -match '\b(?:[Tt]he|certrebind''s) default is (?:certrebind''s,? )?\(?''?([^\s''.,;)]+)') {
            return $Matches[1]
        }
        if ($Text -match '\b(\w+) \([^()]*\bthe default\)') {
            return $Matches[1]
        }
        $null
    }
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'The default of -<Name> of <CommandName>' -Tag 'Unit' -ForEach $parameters {
    BeforeAll {
        $command = Get-Command -Name $CommandName
        $ast = $command.ScriptBlock.Ast.Body.ParamBlock.Parameters | Where-Object -FilterScript { $_.Name.VariablePath.UserPath -eq $Name }
        $isSwitch = $command.Parameters[$Name].SwitchParameter
        $actual = if ($null -ne $ast.DefaultValue) { $ast.DefaultValue.SafeGetValue() } else { $null }
        $parameterHelp = (Get-Help -Name $CommandName -Full).Parameters.Parameter | Where-Object -Property Name -EQ -Value $Name
        $documented = Get-DocumentedDefault -Text ($parameterHelp.Description.Text -join ' ')
    }

    It 'Should state in its help the default the code has, and none it does not have' {
        if ($isSwitch) {
            $documented | Should -BeNullOrEmpty
            return
        }
        if ($null -eq $actual) {
            $documented | Should -BeNullOrEmpty -Because "-$Name of $CommandName has no default in its code"
        }
        else {
            $documented | Should -Be ([System.String] $actual) -Because "-$Name of $CommandName defaults to $actual in its code"
        }
    }

    It 'Should show the default the code has as its default value in Get-Help, and none (not 0) when it has none' {
        if ($isSwitch) {
            return
        }
        if ($null -ne $actual) {
            [System.String] $parameterHelp.DefaultValue | Should -Be ([System.String] $actual)
        }
        else {
            $parameterHelp.DefaultValue | Should -BeNullOrEmpty
        }
    }
}

Describe 'Get-Help -Online of <CommandName>' -Tag 'Unit' -ForEach $commands {
    It 'Should open no page that is not about the cmdlet (the module has no online help)' {
        (Get-Command -Name $CommandName).HelpUri | Should -BeNullOrEmpty
        $uris = @((Get-Help -Name $CommandName -Full).RelatedLinks.NavigationLink | ForEach-Object -Process { $_.Uri } | Where-Object -FilterScript { $_ })
        $uris | Should -HaveCount 0 -Because 'Get-Help -Online opens the first related link that has a URI'
    }

    It 'Should end Get-Help -Online with the error that there is no online help' {
        { Get-Help -Name $CommandName -Online -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidOperation,Microsoft.PowerShell.Commands.GetHelpCommand'
    }
}

Describe 'The help of <CommandName> names the services whose bindings it handles' -Tag 'Unit' -ForEach @(
    @{ CommandName = 'Get-CertBinding'; Properties = @('Service') }
    @{ CommandName = 'Invoke-CertRebind'; Properties = @('Service', 'RestartRequired', 'KeyAccess') }
) {
    BeforeAll {
        $help = Get-Help -Name $CommandName -Full
        $description = ($help.Description.Text -join ' ') -replace '\s+', ' '
        $outputs = ($help.ReturnValues | Out-String -Width 1000) -replace '\s+', ' '
    }

    It 'Should name SQL Server, RDP, RD Gateway and WinRM in its synopsis' {
        foreach ($service in 'SQL Server', 'RDP', 'RD Gateway', 'WinRM') {
            $help.Synopsis | Should -BeLike "*$service*"
        }
    }

    It 'Should describe the kinds sqlserver, rdp, rdgateway and winrm' {
        foreach ($kind in 'sqlserver', 'rdp', 'rdgateway', 'winrm') {
            $description | Should -Match "\($kind\b"
        }
        $description | Should -BeLike '*SQL Server*'
        $description | Should -BeLike '*Remote Desktop*'
        $description | Should -BeLike '*RD Gateway*'
        $description | Should -BeLike '*WinRM*'
    }

    It 'Should list the kinds and the properties <Properties> among its outputs' {
        foreach ($kind in 'sqlserver', 'rdp', 'rdgateway', 'winrm') {
            $outputs | Should -Match "\b$kind\b"
        }
        foreach ($property in $Properties) {
            $outputs | Should -Match "\b$property \("
        }
    }
}
