<#
    Unit tests of Enable-IISCertAutoRebind. The first Describe mocks the one private function that
    starts the exe, Invoke-CertRebindExe, with the data of canned task envelopes
    (fixtures/envelopes/task-*.json, made on a copy of the demo host with IIS's own task registered):
    the dry run and ShouldProcess per step, the arguments, and the CertRebind.AutoRebindStatus object.
    The second runs the fake exe (fixtures/fake-certrebind.sh) for what becomes of the exe's errors
    and warnings; it is a bash script, so it is skipped on Windows.
#>

BeforeDiscovery {
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows

    $statusProperties = @(
        'TaskPath', 'Exists', 'Enabled', 'DailyAt', 'LastRunTime', 'LastResult', 'LastResultMeaning', 'Current',
        'Differences', 'Command', 'Arguments', 'TaskVersion', 'ExePath', 'ExeExists', 'ExeVersion', 'ExeIsModuleExe',
        'LifecycleChannel', 'LifecycleChannelEnabled', 'BuiltInTaskPath', 'BuiltInTaskExists', 'BuiltInTaskEnabled', 'Changes'
    )
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults

    $stepActions = @(
        'Copy this exe (certrebind 0.1.0) to C:\Program Files\CertRebind\certrebind.exe.'
        "Register the task \CertRebind\AutoRebind: event 1001 rebinds the renewed certificate's bindings, event 1006 and a daily run at 03:30 scan for successors."
        "Disable IIS's own task \Microsoft\Windows\CertificateServicesClient\IIS-AutoCertRebind, so that only one task rebinds on event 1001."
    )
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'Enable-IISCertAutoRebind' -Tag 'Unit' {
    Context 'When it is previewed with -WhatIf' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'task-enable-dry-run' -Apply 'task-enable')

            $capturePath = Start-HostCapture -Folder $TestDrive
            try {
                $output = @(Enable-IISCertAutoRebind -ReplaceBuiltIn -WhatIf -Verbose 4>&1)
            }
            finally {
                $whatIfLines = Stop-HostCapture -Path $capturePath
            }
            $verboseMessages = @($output | Where-Object -FilterScript { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object -Process { $_.Message })
            $result = @($output | Where-Object -FilterScript { $_ -isnot [System.Management.Automation.VerboseRecord] })
        }

        It 'Should run task enable --dry-run once, and never the run that changes things' {
            $exeCalls | Should -HaveCount 1
            $exeCalls[0].Command | Should -Be 'task'
            ($exeCalls[0].Arguments -join '|') | Should -Be 'enable|--replace-builtin|--dry-run'
        }

        It 'Should print one What if line per planned step, in the words of the exe' {
            $whatIfLines | Should -Be @($stepActions | ForEach-Object -Process { "What if: $_" })
        }

        It 'Should write the task XML as a verbose message' {
            $verboseMessages | Where-Object -FilterScript { $_ -like 'The task XML:*<Task version="1.2"*on-task --old "$(OldCertHash)"*' } | Should -HaveCount 1
        }

        It 'Should emit nothing' {
            $result | Should -HaveCount 0
        }
    }

    Context 'When every step is approved with -Confirm:$false' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'task-enable-dry-run' -Apply 'task-enable')

            $result = @(Enable-IISCertAutoRebind -DailyAt '5:45' -ReplaceBuiltIn -HostRoot 'demo-host' -Confirm:$false)
        }

        It 'Should run the dry run first, then the same command without --dry-run' {
            @($exeCalls | ForEach-Object -Process { $_.Arguments -join '|' }) | Should -Be @(
                'enable|--daily-at|5:45|--replace-builtin|--dry-run'
                'enable|--daily-at|5:45|--replace-builtin'
            )
        }

        It 'Should pass the host root to both runs and give them one set of reported messages' {
            @($exeCalls.HostRoot) | Should -Be @('demo-host', 'demo-host')
            [System.Object]::ReferenceEquals($exeCalls[0].ReportedMessages, $exeCalls[1].ReportedMessages) | Should -BeTrue
        }

        It 'Should emit one CertRebind.AutoRebindStatus object, the status after enabling' {
            $result | Should -HaveCount 1
            $result[0].PSObject.TypeNames[0] | Should -Be 'CertRebind.AutoRebindStatus'
            $result[0].Exists | Should -BeTrue
            $result[0].Enabled | Should -BeTrue
            $result[0].BuiltInTaskEnabled | Should -BeFalse
        }

        It 'Should list what was done in Changes' {
            $result[0].Changes | Should -Be $stepActions
            $result[0].Changes.GetType().FullName | Should -Be 'CertRebind.StringList'
        }

        It 'Should give the object the property <_>' -ForEach $statusProperties {
            $result[0].PSObject.Properties.Name | Should -Contain $_
        }
    }

    Context 'When everything is already as it should be' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'task-enable-unchanged-dry-run' -Apply 'task-enable')
            Mock -CommandName Invoke-CertRebindShouldProcess

            $output = @(Enable-IISCertAutoRebind -ReplaceBuiltIn -Verbose 4>&1)
            $verboseMessages = @($output | Where-Object -FilterScript { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object -Process { $_.Message })
            $result = @($output | Where-Object -FilterScript { $_ -isnot [System.Management.Automation.VerboseRecord] })
        }

        It 'Should run only the dry run and ask nothing' {
            $exeCalls | Should -HaveCount 1
            Should -Invoke -CommandName Invoke-CertRebindShouldProcess -Exactly -Times 0 -Scope Context
        }

        It 'Should say, as verbose messages, that each step is unchanged' {
            $verboseMessages | Should -Contain 'unchanged: C:\Program Files\CertRebind\certrebind.exe is this exe already.'
            $verboseMessages | Should -Contain 'unchanged: \CertRebind\AutoRebind is registered and enabled as it should be.'
        }

        It 'Should return the status, with no changes' {
            $result | Should -HaveCount 1
            $result[0].Exists | Should -BeTrue
            $result[0].Changes | Should -HaveCount 0
        }
    }

    Context 'When a step is declined' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'task-enable-dry-run' -Apply 'task-enable')
            Mock -CommandName Invoke-CertRebindShouldProcess -MockWith { 'Declined' }

            $result = @(Enable-IISCertAutoRebind -Confirm -WarningVariable warnings -WarningAction SilentlyContinue)
        }

        It 'Should ask about the planned steps, with the enable caption' {
            Should -Invoke -CommandName Invoke-CertRebindShouldProcess -Exactly -Times 1 -Scope Context -ParameterFilter {
                @($Question).Count -eq 3 -and $Caption -eq 'Enable automatic certificate rebinding'
            }
        }

        It 'Should change nothing, say so, and emit nothing' {
            $exeCalls | Should -HaveCount 1
            $warnings[-1].Message | Should -BeLike 'Nothing was changed: not every step was approved*'
            $result | Should -HaveCount 0
        }
    }

    Context 'When -DailyAt is not a time of day' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
        }

        It 'Should end with CR2000 for <_> without calling the exe' -ForEach '24:00', '7', '07:5', 'noon', '03:30:00', 7 {
            { Enable-IISCertAutoRebind -DailyAt $_ -Confirm:$false } | Should -Throw -ErrorId 'CR2000,Enable-IISCertAutoRebind' -ExpectedMessage '*is not a time of day for -DailyAt*'
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 0 -Scope It
        }

        It 'Should end with CR2000 for a [timespan] with seconds, or of 24 hours, without calling the exe' {
            { Enable-IISCertAutoRebind -DailyAt ([System.TimeSpan]::new(3, 30, 1)) -Confirm:$false } | Should -Throw -ErrorId 'CR2000,Enable-IISCertAutoRebind'
            { Enable-IISCertAutoRebind -DailyAt ([System.TimeSpan]::FromHours(24)) -Confirm:$false } | Should -Throw -ErrorId 'CR2000,Enable-IISCertAutoRebind'
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 0 -Scope It
        }
    }

    Context 'When -DailyAt is a [datetime], a [timespan] or a string' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
        }

        It 'Should pass <Expected> to the exe for <Value>' -ForEach @(
            @{ Value = '4:15'; Expected = '4:15' }
            @{ Value = [System.DateTime]::new(2026, 1, 2, 16, 5, 0); Expected = '16:05' }
            @{ Value = [System.TimeSpan]::new(3, 30, 0); Expected = '03:30' }
        ) {
            $null = Enable-IISCertAutoRebind -DailyAt $Value -WhatIf
            Should -Invoke -CommandName Invoke-CertRebindExe -Scope It -ParameterFilter { ($Arguments -join ' ') -like "*--daily-at $Expected*" }
        }

        It 'Should take a [timespan] and a [datetime] given as they are, not wrapped by PowerShell' {
            $null = Enable-IISCertAutoRebind -DailyAt (New-TimeSpan -Hours 4 -Minutes 15) -WhatIf
            Should -Invoke -CommandName Invoke-CertRebindExe -Scope It -ParameterFilter { ($Arguments -join ' ') -like '*--daily-at 04:15*' }
            $null = Enable-IISCertAutoRebind -DailyAt ([System.DateTime]::new(2026, 1, 2, 5, 30, 0)) -WhatIf
            Should -Invoke -CommandName Invoke-CertRebindExe -Scope It -ParameterFilter { ($Arguments -join ' ') -like '*--daily-at 05:30*' }
        }
    }
}

Describe 'Enable-IISCertAutoRebind with the fake exe' -Tag 'Unit' -Skip:$onWindows {
    BeforeAll {
        $savedEnvironment = Save-FakeExeEnvironment
    }

    AfterAll {
        Restore-TestEnvironment -Saved $savedEnvironment
    }

    Context 'When the program folder is writable by non-administrators (CR4010, exit 4)' {
        BeforeAll {
            $errorEnvelope = New-EnvelopeFile -Folder $TestDrive -Name 'cr4010' -Command 'task' -Code 'CR4010' -Target 'C:\Program Files\CertRebind\certrebind.exe' -Scope 'run'
            Set-FakeExeOutput -Folder $TestDrive -DryRun $errorEnvelope -DryRunExit 4
            $thrown = $null
            try {
                $null = Enable-IISCertAutoRebind -Confirm:$false
            }
            catch {
                $thrown = $_
            }
        }

        It 'Should end the command with CR4010,Enable-IISCertAutoRebind after the dry run' {
            $thrown.FullyQualifiedErrorId | Should -Be 'CR4010,Enable-IISCertAutoRebind'
            $thrown.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $thrown.TargetObject | Should -Be 'C:\Program Files\CertRebind\certrebind.exe'
            Get-FakeCallCount | Should -Be 1
        }
    }

    Context 'When both runs print the same warning' {
        BeforeAll {
            $text = 'The lifecycle channel is disabled.'
            $dryRunEnvelope = New-EnvelopeFile -Folder $TestDrive -Name 'w-dry' -From 'task-enable-dry-run' -Warnings $text
            $applyEnvelope = New-EnvelopeFile -Folder $TestDrive -Name 'w-apply' -From 'task-enable' -Warnings $text
            Set-FakeExeOutput -Folder $TestDrive -DryRun $dryRunEnvelope -Apply $applyEnvelope
            $result = @(Enable-IISCertAutoRebind -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue)
        }

        It 'Should write it once and emit the status' {
            @($warnings.Message | Where-Object -FilterScript { $_ -eq $text }) | Should -HaveCount 1
            $result | Should -HaveCount 1
            Get-FakeCallCount | Should -Be 2
        }
    }
}
