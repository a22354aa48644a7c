<#
    Unit tests of Invoke-CertRebindDscOperation, through which the class-based DSC resources run
    'certrebind dsc': Invoke-CertRebindExe mocked, and a fake exe that records its standard input
    (fixtures/fake-certrebind-stdin.sh, a bash script: skipped on Windows) for the text that reaches
    the exe through Invoke-CertRebindExe -InputText.
#>

BeforeDiscovery {
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'Invoke-CertRebindDscOperation' -Tag 'Unit' {
    Context 'When it reads the state of a resource' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe -MockWith { [PSCustomObject] @{ days = 30; reasons = @(); _inDesiredState = $true } }
            $state = InModuleScope -ScriptBlock {
                Invoke-CertRebindDscOperation -Resource 'CertBindingsCurrent' -Operation 'test' -Property @{ name = 'Web'; days = 30 } -HostRoot 'demo-host'
            }
            $onMachine = InModuleScope -ScriptBlock {
                Invoke-CertRebindDscOperation -Resource 'CertAutoRebind' -Operation 'get' -Property @{ _exist = $true } -HostRoot $null
            }
        }

        It 'Should run certrebind dsc test --resource CertBindingsCurrent once, on the host root' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                $Command -eq 'dsc' -and ($Arguments -join ' ') -eq 'test --resource CertBindingsCurrent' -and $HostRoot -eq 'demo-host'
            }
        }

        It 'Should send the desired state as one compressed JSON object on standard input' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                $InputText -notmatch '\s' -and ($InputText | ConvertFrom-Json).name -eq 'Web' -and ($InputText | ConvertFrom-Json).days -eq 30
            }
        }

        It 'Should leave the host root out for this machine' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($Arguments -join ' ') -eq 'get --resource CertAutoRebind' -and [System.String]::IsNullOrEmpty($HostRoot)
            }
        }

        It 'Should return the state the exe reported' {
            $state._inDesiredState | Should -BeTrue
            $state.days | Should -Be 30
            $onMachine | Should -Not -BeNullOrEmpty
        }
    }

    Context 'When the exe ends with an error that stops the run' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe -MockWith { throw [System.ArgumentException]::new('The desired state of CertBindingsCurrent on standard input is not valid.') }
        }

        It 'Should end with that error, for every operation' -ForEach 'get', 'test', 'set' {
            $operation = $_
            { InModuleScope -Parameters @{ Operation = $operation } -ScriptBlock { param ($Operation) Invoke-CertRebindDscOperation -Resource 'CertBindingsCurrent' -Operation $Operation -Property @{} } } |
                Should -Throw -ExpectedMessage 'The desired state of CertBindingsCurrent on standard input is not valid.'
        }
    }

    Context 'When its parameters are given' {
        It 'Should refuse the resource <_>' -ForEach 'CertBinding', 'Microsoft/OSInfo' {
            $name = $_
            { InModuleScope -Parameters @{ Name = $name } -ScriptBlock { param ($Name) Invoke-CertRebindDscOperation -Resource $Name -Operation 'get' -Property @{} } } | Should -Throw
        }

        It 'Should refuse the operation export' {
            { InModuleScope -ScriptBlock { Invoke-CertRebindDscOperation -Resource 'CertAutoRebind' -Operation 'export' -Property @{} } } | Should -Throw
        }
    }
}

Describe 'Invoke-CertRebindExe -InputText' -Tag 'Unit' -Skip:$onWindows {
    BeforeAll {
        $savedEnvironment = @{}
        foreach ($name in 'CERTREBIND_EXE', 'FAKE_STDIN_FILE', 'FAKE_ARGV_FILE', 'FAKE_ENVELOPE', 'FAKE_EXIT') {
            $savedEnvironment[$name] = [System.Environment]::GetEnvironmentVariable($name)
        }
        $fake = Join-Path -Path $TestDrive -ChildPath 'stdin-bin/certrebind'
        $null = New-Item -ItemType Directory -Path (Split-Path -Path $fake -Parent) -Force
        Copy-Item -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../fixtures/fake-certrebind-stdin.sh') -Destination $fake
        & chmod +x $fake
        $env:CERTREBIND_EXE = $fake
        $env:FAKE_STDIN_FILE = Join-Path -Path $TestDrive -ChildPath 'stdin.bin'
        $env:FAKE_ARGV_FILE = Join-Path -Path $TestDrive -ChildPath 'argv.txt'
        $env:FAKE_ENVELOPE = Join-Path -Path $TestDrive -ChildPath 'envelope.json'
        $env:FAKE_EXIT = '0'
        [System.IO.File]::WriteAllText($env:FAKE_ENVELOPE, '{ "schemaVersion": 1, "command": "dsc", "ok": true, "data": { "name": "Zürich € web" }, "errors": [], "warnings": [] }')

        $state = InModuleScope -ScriptBlock {
            Invoke-CertRebindDscOperation -Resource 'CertBindingsCurrent' -Operation 'get' -Property ([ordered] @{ name = 'Zürich € web'; days = 7 })
        }
        $stdinBytes = [System.IO.File]::ReadAllBytes($env:FAKE_STDIN_FILE)
        $argv = Get-Content -LiteralPath $env:FAKE_ARGV_FILE
    }

    AfterAll {
        Restore-TestEnvironment -Saved $savedEnvironment
    }

    It 'Should send the text as UTF-8, without a byte order mark, ending with one newline' {
        $expected = [System.Text.Encoding]::UTF8.GetBytes('{"name":"Zürich € web","days":7}')
        $stdinBytes[0..($expected.Length - 1)] | Should -Be $expected
        [System.Text.Encoding]::UTF8.GetString($stdinBytes).Trim() | Should -Be '{"name":"Zürich € web","days":7}'
        $stdinBytes[0] | Should -Be 0x7B -Because 'no byte order mark'
    }

    It 'Should run dsc get --resource CertBindingsCurrent --json' {
        $argv | Should -Be @('dsc', 'get', '--resource', 'CertBindingsCurrent', '--json')
    }

    It 'Should read the envelope as UTF-8 too' {
        $state.name | Should -Be 'Zürich € web'
    }

    Context 'When Set cannot finish (targets refused, exit code 3)' {
        BeforeAll {
            $env:FAKE_EXIT = '3'
            [System.IO.File]::WriteAllText($env:FAKE_ENVELOPE, '{ "schemaVersion": 1, "command": "dsc", "ok": false, "data": { "days": 30 }, "errors": [ { "code": "CR3005", "message": "The new certificate does not cover legacy.contoso.com.", "target": "0.0.0.0:443", "scope": "target" }, { "code": "CR3008", "message": "Several certificates could succeed 0F70.", "target": "0F70", "scope": "target" } ], "warnings": [] }')
            $thrown = $null
            try {
                InModuleScope -ScriptBlock { Invoke-CertRebindDscOperation -Resource 'CertBindingsCurrent' -Operation 'set' -Property @{ days = 30 } }
            }
            catch {
                $thrown = $_
            }
        }

        AfterAll {
            $env:FAKE_EXIT = '0'
        }

        It 'Should throw CRPS0006 naming the resource and every error of the exe, with its code' {
            $thrown.FullyQualifiedErrorId | Should -Be 'CRPS0006,Invoke-CertRebindDscOperation'
            $thrown.CategoryInfo.Category | Should -Be 'InvalidResult'
            $thrown.Exception.Message | Should -Be 'CertBindingsCurrent could not bring the server into the desired state: CR3005: The new certificate does not cover legacy.contoso.com. CR3008: Several certificates could succeed 0F70.'
            $thrown.TargetObject | Should -Be 'CertBindingsCurrent'
        }
    }

    Context 'When the exe reports an error beside the state (exit code 1)' {
        BeforeAll {
            $env:FAKE_EXIT = '1'
            [System.IO.File]::WriteAllText($env:FAKE_ENVELOPE, '{ "schemaVersion": 1, "command": "dsc", "ok": false, "data": { "_exist": false }, "errors": [ { "code": "CR1003", "message": "The task reads back missing.", "target": "\\CertRebind\\AutoRebind", "scope": "run" } ], "warnings": [] }')
            $getOutput = InModuleScope -ScriptBlock {
                Invoke-CertRebindDscOperation -Resource 'CertAutoRebind' -Operation 'get' -Property @{ _exist = $true } -ErrorAction Continue 2>&1
            }
            $thrown = $null
            try {
                InModuleScope -ScriptBlock {
                    $ErrorActionPreference = 'Stop'
                    Invoke-CertRebindDscOperation -Resource 'CertAutoRebind' -Operation 'set' -Property @{ _exist = $true }
                }
            }
            catch {
                $thrown = $_
            }
        }

        AfterAll {
            $env:FAKE_EXIT = '0'
        }

        It 'Should throw it from Set as CRPS0006, even when errors stop the caller' {
            $thrown.FullyQualifiedErrorId | Should -Be 'CRPS0006,Invoke-CertRebindDscOperation'
            $thrown.Exception.Message | Should -Be 'CertAutoRebind could not bring the server into the desired state: CR1003: The task reads back missing.'
        }

        It 'Should write it once from Get and still return the state' {
            $errors = @($getOutput | Where-Object -FilterScript { $_ -is [System.Management.Automation.ErrorRecord] })
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'CR1003,*'
            $errors[0].TargetObject | Should -Be '\CertRebind\AutoRebind'
            @($getOutput | Where-Object -FilterScript { $_ -isnot [System.Management.Automation.ErrorRecord] })[0]._exist | Should -BeFalse
        }
    }
}
