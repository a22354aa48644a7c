<#
    Unit tests of Get-CertLifecycleEvent. The one private function that starts the exe,
    Invoke-CertRebindExe, is mocked with the data of a canned `certrebind events --json` envelope
    (fixtures/envelopes/events.json: the demo host's four events). Covered: parameter binding and the
    exe's arguments, pipeline input, the conversion to CertRebind.LifecycleEvent objects, and what
    Invoke-CertRebind makes of piped events (a replacement binds, the other events do not).
#>

BeforeDiscovery {
    $eventProperties = @(
        'Id', 'Kind', 'TimeCreated', 'RecordId', 'Channel', 'Computer', 'Action', 'Thumbprint', 'SubjectNames',
        'NotAfter', 'Template'
    )

    # Parameters and the exe arguments each becomes.
    $argumentCases = @(
        @{ Name = 'one -Id';               Splat = @{ Id = 1001 };               Expected = '--id|1001' }
        @{ Name = 'several -Id';           Splat = @{ Id = 1001, 1006 };         Expected = '--id|1001|--id|1006' }
        @{ Name = '-Id by position';       Splat = @{ };                         Expected = '--id|1003'; Positional = 1003 }
        @{ Name = '-Channel';              Splat = @{ Channel = 'User' };        Expected = '--channel|User' }
        @{ Name = '-MaxEvents';            Splat = @{ MaxEvents = 5 };           Expected = '--max|5' }
        @{ Name = '-MaxEvents 0 (all)';    Splat = @{ MaxEvents = 0 };           Expected = '--max|0' }
        @{ Name = '-Thumbprint, as typed'; Splat = @{ Thumbprint = '0f 70 c9' }; Expected = '--thumbprint|0f 70 c9' }
    )
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults

    $oldThumbprint = '0F70C94C6482E61B0A43B9816E830ED7B30B8C44'
    $newThumbprint = 'FAC2BE397B0EF579E4C64AE777717B344007BA2C'
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'Get-CertLifecycleEvent' -Tag 'Unit' {
    Context 'When called without parameters' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe -MockWith { Get-EnvelopeData -Name 'events' }

            $result = @(Get-CertLifecycleEvent)
            $replaced = $result | Where-Object -Property Id -EQ -Value 1001
            $expiring = $result | Where-Object -Property Id -EQ -Value 1003
        }

        It 'Should call the exe once with the events command, no options and itself as the caller' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                $Command -eq 'events' -and @($Arguments).Count -eq 0 -and
                [System.String]::IsNullOrEmpty($HostRoot) -and $CallerCmdlet -is [System.Management.Automation.PSCmdlet]
            }
        }

        It 'Should emit one CertRebind.LifecycleEvent per event, newest first as the exe lists them' {
            $result | Should -HaveCount 4
            @($result.RecordId) | Should -Be @(47, 42, 41, 9)
            foreach ($lifecycleEvent in $result) {
                $lifecycleEvent.PSObject.TypeNames[0] | Should -Be 'CertRebind.LifecycleEvent'
            }
        }

        It 'Should give every event the property <_>' -ForEach $eventProperties {
            $propertyName = $_
            foreach ($lifecycleEvent in $result) {
                $lifecycleEvent.PSObject.Properties.Name | Should -Contain $propertyName
            }
        }

        It 'Should copy the fields to PascalCase properties of the right types' {
            $replaced.Id | Should -BeOfType ([System.Int32])
            $replaced.Kind | Should -Be 'Replaced'
            $replaced.RecordId | Should -Be 42
            $replaced.Channel | Should -Be 'System'
            $replaced.Computer | Should -Be 'WEB01.contoso.com'
            $replaced.Action | Should -Be 'Renew'
            $replaced.Template | Should -BeNullOrEmpty
            $replaced.SubjectNames.GetType().FullName | Should -Be 'CertRebind.StringList'
            $replaced.SubjectNames[0] | Should -Be 'CN=www.contoso.com, O=Contoso Ltd'
        }

        It 'Should return TimeCreated and NotAfter as local DateTime values of the same instant' {
            $replaced.TimeCreated | Should -BeOfType ([System.DateTime])
            $replaced.TimeCreated.Kind | Should -Be ([System.DateTimeKind]::Local)
            $replaced.TimeCreated.ToUniversalTime() | Should -Be ([System.DateTime]::new(2026, 11, 20, 9, 14, 2, 633, [System.DateTimeKind]::Utc))
            $replaced.NotAfter.ToUniversalTime() | Should -Be ([System.DateTime]::new(2027, 11, 20, 0, 0, 0, [System.DateTimeKind]::Utc))
        }

        It 'Should give the replacement OldThumbprint and NewThumbprint, and no Thumbprint' {
            $replaced.OldThumbprint | Should -Be $oldThumbprint
            $replaced.NewThumbprint | Should -Be $newThumbprint
            $replaced.Thumbprint | Should -BeNullOrEmpty
        }

        It 'Should give the other events a Thumbprint and no OldThumbprint or NewThumbprint property' {
            $expiring.Thumbprint | Should -Be $oldThumbprint
            foreach ($lifecycleEvent in $result | Where-Object -Property Id -NE -Value 1001) {
                $lifecycleEvent.PSObject.Properties.Name | Should -Not -Contain 'OldThumbprint'
                $lifecycleEvent.PSObject.Properties.Name | Should -Not -Contain 'NewThumbprint'
            }
        }
    }

    Context 'When filtered with <Name>' -ForEach $argumentCases {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
            if ($Positional) {
                Get-CertLifecycleEvent $Positional
            }
            else {
                Get-CertLifecycleEvent @Splat -HostRoot 'demo-host'
            }
        }

        It 'Should pass <Expected> to the exe' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($Arguments -join '|') -eq $Expected
            }
        }
    }

    Context 'When -After and -Before are given' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
            $after = [System.DateTime]::new(2026, 11, 20, 10, 30, 0, [System.DateTimeKind]::Local)
            $before = [System.DateTime]::new(2026, 11, 27, 0, 0, 0, 0, [System.DateTimeKind]::Utc).AddTicks(5)
            Get-CertLifecycleEvent -After $after -Before $before
            $expectedAfter = $after.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffff'Z'", [System.Globalization.CultureInfo]::InvariantCulture)
        }

        It 'Should pass them as ISO 8601 UTC times, to the tick, local times converted' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($Arguments -join '|') -eq "--after|$expectedAfter|--before|2026-11-27T00:00:00.0000005Z"
            }
        }
    }

    Context 'When a time without a kind is given' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
            Get-CertLifecycleEvent -After ([System.DateTime] '2026-11-20')
            $expected = ([System.DateTime] '2026-11-20').ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffff'Z'", [System.Globalization.CultureInfo]::InvariantCulture)
        }

        It 'Should read it as a local time' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($Arguments -join '|') -eq "--after|$expected"
            }
        }
    }

    Context 'When certificates come from the pipeline' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
            @(
                [PSCustomObject] @{ Thumbprint = $oldThumbprint; Subject = 'CN=www.contoso.com' }
                [PSCustomObject] @{ Thumbprint = $newThumbprint; Subject = 'CN=www.contoso.com' }
            ) | Get-CertLifecycleEvent -Id 1001
        }

        It 'Should call the exe once per certificate, with its thumbprint and the other filters' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 2 -Scope Context
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($Arguments -join '|') -eq "--id|1001|--thumbprint|$newThumbprint"
            }
        }
    }

    Context 'When a parameter is out of range' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
        }

        It 'Should refuse <Splat.Keys> without calling the exe' -ForEach @(
            @{ Splat = @{ Id = 0 } }
            @{ Splat = @{ Id = 65536 } }
            @{ Splat = @{ Channel = 'Security' } }
            @{ Splat = @{ MaxEvents = -1 } }
            @{ Splat = @{ Thumbprint = '' } }
        ) {
            { Get-CertLifecycleEvent @Splat } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Get-CertLifecycleEvent'
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 0
        }
    }

    Context 'When the exe returns no data' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
            $result = @(Get-CertLifecycleEvent)
        }

        It 'Should emit nothing' {
            $result | Should -HaveCount 0
        }
    }
}

Describe 'Lifecycle events piped into Invoke-CertRebind' -Tag 'Unit' {
    BeforeAll {
        Mock -CommandName Invoke-CertRebindExe -ParameterFilter { $Command -eq 'events' } -MockWith { Get-EnvelopeData -Name 'events' }
        # The rebind's dry run plans nothing, so no question is asked and nothing is applied.
        Mock -CommandName Invoke-CertRebindExe -ParameterFilter { $Command -eq 'rebind' } -MockWith {
            [PSCustomObject] @{ runId = $null; dryRun = $true; old = $null; new = $null; changes = @(); informational = @(); changed = 0 }
        }

        $Error.Clear()
        $result = @(Get-CertLifecycleEvent | Invoke-CertRebind -WhatIf -ErrorAction SilentlyContinue)
        $bindingErrors = @($Error | Where-Object -FilterScript { $_.FullyQualifiedErrorId -like 'InputObjectMissingMandatory*' })
    }

    It 'Should start one rebind, for the replacement, from its old to its new certificate' {
        Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Describe -ParameterFilter { $Command -eq 'rebind' }
        Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Describe -ParameterFilter {
            $Command -eq 'rebind' -and ($Arguments -join '|') -eq "--old|$oldThumbprint|--new|$newThumbprint|--kept-once|--dry-run"
        }
    }

    It 'Should leave the three other events unbound, each with a non-terminating InputObjectMissingMandatory error' {
        $bindingErrors | Should -HaveCount 3
        $result | Should -HaveCount 0
    }
}
