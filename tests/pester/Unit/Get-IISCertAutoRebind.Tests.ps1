<#
    Unit tests of Get-IISCertAutoRebind: Invoke-CertRebindExe mocked with the data of canned task
    status envelopes (fixtures/envelopes/task-status*.json), and the fake exe for warnings and errors
    (skipped on Windows: it is a bash script).
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

Describe 'Get-IISCertAutoRebind' -Tag 'Unit' {
    Context 'When the task is registered and has run' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe -MockWith { Get-EnvelopeData -Name 'task-status' }
            $result = @(Get-IISCertAutoRebind -HostRoot 'demo-host')
            $status = $result[0]
        }

        It 'Should run task status once, on the host root, as itself' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                $Command -eq 'task' -and ($Arguments -join '|') -eq 'status' -and $HostRoot -eq 'demo-host' -and $CallerCmdlet -is [System.Management.Automation.PSCmdlet]
            }
        }

        It 'Should emit one CertRebind.AutoRebindStatus object' {
            $result | Should -HaveCount 1
            $status.PSObject.TypeNames[0] | Should -Be 'CertRebind.AutoRebindStatus'
        }

        It 'Should describe the task' {
            $status.TaskPath | Should -Be '\CertRebind\AutoRebind'
            $status.Exists | Should -BeTrue
            $status.Enabled | Should -BeTrue
            $status.Current | Should -BeTrue
            $status.Differences | Should -HaveCount 0
            $status.DailyAt | Should -Be '03:30'
            $status.Command | Should -Be 'C:\Program Files\CertRebind\certrebind.exe'
            $status.Arguments | Should -Be 'on-task --old "$(OldCertHash)" --new "$(NewCertHash)"'
            $status.TaskVersion | Should -Be '0.1.0'
        }

        It 'Should give the last run as a local [datetime] and its result with its meaning' {
            $status.LastRunTime | Should -BeOfType ([System.DateTime])
            $status.LastRunTime | Should -Be ([System.DateTimeOffset]::Parse('2026-11-26T03:30:05Z').LocalDateTime)
            $status.LastResult | Should -Be 0
            $status.LastResultMeaning | Should -Be 'done, or nothing to do'
        }

        It 'Should describe the exe, the lifecycle channel and IIS''s own task' {
            $status.ExePath | Should -Be 'C:\Program Files\CertRebind\certrebind.exe'
            $status.ExeExists | Should -BeTrue
            $status.ExeVersion | Should -Be '0.1.0'
            $status.ExeIsModuleExe | Should -BeTrue
            $status.LifecycleChannel | Should -Be 'Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational'
            $status.LifecycleChannelEnabled | Should -BeTrue
            $status.BuiltInTaskPath | Should -Be '\Microsoft\Windows\CertificateServicesClient\IIS-AutoCertRebind'
            $status.BuiltInTaskExists | Should -BeTrue
            $status.BuiltInTaskEnabled | Should -BeFalse
        }

        It 'Should have no changes' {
            $status.Changes.GetType().FullName | Should -Be 'CertRebind.StringList'
            $status.Changes | Should -HaveCount 0
        }
    }

    Context 'When nothing is registered' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe -MockWith { Get-EnvelopeData -Name 'task-status-absent' }
            $status = Get-IISCertAutoRebind
        }

        It 'Should say so, with $null where there is nothing to tell' {
            $status.Exists | Should -BeFalse
            $status.Enabled | Should -BeNullOrEmpty
            $status.LastRunTime | Should -BeNullOrEmpty
            $status.LastResult | Should -BeNullOrEmpty
            $status.Current | Should -BeNullOrEmpty
            $status.ExeExists | Should -BeFalse
            $status.BuiltInTaskEnabled | Should -BeTrue
        }

        It 'Should not pass a host root' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter { [System.String]::IsNullOrEmpty($HostRoot) }
        }
    }
}

Describe 'Get-IISCertAutoRebind with the fake exe' -Tag 'Unit' -Skip:$onWindows {
    BeforeAll {
        $savedEnvironment = Save-FakeExeEnvironment -Clear
        $env:CERTREBIND_EXE = Install-FakeExe -Folder $TestDrive
        $env:FAKE_ARGV_FILE = Join-Path -Path $TestDrive -ChildPath 'argv.txt'
    }

    AfterAll {
        Restore-TestEnvironment -Saved $savedEnvironment
    }

    It 'Should run "task status --json" and write the envelope''s warnings, naming the cmdlet to run instead of the exe''s command' {
        $env:FAKE_ENVELOPE = Get-EnvelopePath -Name 'task-status-absent'
        $env:FAKE_EXIT = '0'
        $status = Get-IISCertAutoRebind -WarningVariable warnings -WarningAction SilentlyContinue
        Get-Content -LiteralPath $env:FAKE_ARGV_FILE | Should -Be @('task', 'status', '--json')
        $status.Exists | Should -BeFalse
        $warnings.Message | Should -Be @('\CertRebind\AutoRebind is not registered: renewed certificates are not re-bound automatically. Run Enable-IISCertAutoRebind.')
    }

    It 'Should end the command with the exe''s environment error (exit 4), such as a failing PowerShell' {
        $path = Join-Path -Path $TestDrive -ChildPath 'cr4002.json'
        Set-Content -LiteralPath $path -Value '{"schemaVersion":1,"command":"task","ok":false,"data":null,"errors":[{"code":"CR4002","message":"powershell.exe failed with exit code 1: Access is denied.","target":"powershell.exe","scope":"run"}],"warnings":[]}'
        $env:FAKE_ENVELOPE = $path
        $env:FAKE_EXIT = '4'
        { Get-IISCertAutoRebind } | Should -Throw -ErrorId 'CR4002,Get-IISCertAutoRebind'
    }
}
