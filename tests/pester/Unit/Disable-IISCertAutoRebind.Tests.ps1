<#
    Unit tests of Disable-IISCertAutoRebind, with Invoke-CertRebindExe mocked by the data of canned
    task envelopes (fixtures/envelopes/task-disable*.json): the dry run, ShouldProcess, the arguments
    and the status object.
#>

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'Disable-IISCertAutoRebind' -Tag 'Unit' {
    Context 'When it is previewed with -WhatIf' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'task-disable-dry-run' -Apply 'task-disable')

            $capturePath = Start-HostCapture -Folder $TestDrive
            try {
                $result = @(Disable-IISCertAutoRebind -HostRoot 'demo-host' -WhatIf)
            }
            finally {
                $whatIfLines = Stop-HostCapture -Path $capturePath
            }
        }

        It 'Should run task disable --dry-run once, on the host root' {
            $exeCalls | Should -HaveCount 1
            $exeCalls[0].Command | Should -Be 'task'
            ($exeCalls[0].Arguments -join '|') | Should -Be 'disable|--dry-run'
            $exeCalls[0].HostRoot | Should -Be 'demo-host'
        }

        It 'Should print the deletion as its What if line, and nothing for the exe that stays' {
            $whatIfLines | Should -Be @('What if: Delete the task \CertRebind\AutoRebind.')
        }

        It 'Should emit nothing' {
            $result | Should -HaveCount 0
        }
    }

    Context 'When the deletion is approved with -Confirm:$false' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'task-disable-dry-run' -Apply 'task-disable')

            $result = @(Disable-IISCertAutoRebind -Confirm:$false)
        }

        It 'Should run the dry run, then task disable' {
            @($exeCalls | ForEach-Object -Process { $_.Arguments -join '|' }) | Should -Be @('disable|--dry-run', 'disable')
        }

        It 'Should return the status afterwards: no task, the deletion in Changes, the exe still there' {
            $result | Should -HaveCount 1
            $result[0].PSObject.TypeNames[0] | Should -Be 'CertRebind.AutoRebindStatus'
            $result[0].Exists | Should -BeFalse
            $result[0].Enabled | Should -BeNullOrEmpty
            $result[0].Changes | Should -Be @('Delete the task \CertRebind\AutoRebind.')
            $result[0].ExeExists | Should -BeTrue
        }
    }

    Context 'When the deletion is declined' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'task-disable-dry-run' -Apply 'task-disable')
            Mock -CommandName Invoke-CertRebindShouldProcess -MockWith { 'Declined' }

            $result = @(Disable-IISCertAutoRebind -Confirm -WarningVariable warnings -WarningAction SilentlyContinue)
        }

        It 'Should ask with the disable caption, change nothing and say so' {
            Should -Invoke -CommandName Invoke-CertRebindShouldProcess -Exactly -Times 1 -Scope Context -ParameterFilter { $Caption -eq 'Disable automatic certificate rebinding' }
            $exeCalls | Should -HaveCount 1
            $warnings[-1].Message | Should -BeLike 'Nothing was changed*'
            $result | Should -HaveCount 0
        }
    }

    Context 'When there is no task to delete' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            $dryRunData = Get-EnvelopeData -Name 'task-disable'
            $dryRunData.steps = @([PSCustomObject] @{ step = 'task'; status = 'absent'; action = '\CertRebind\AutoRebind is not registered.' })
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRunData $dryRunData)
            Mock -CommandName Invoke-CertRebindShouldProcess

            $result = @(Disable-IISCertAutoRebind -WhatIf)
        }

        It 'Should ask nothing, run only the dry run, and return the status even with -WhatIf' {
            Should -Invoke -CommandName Invoke-CertRebindShouldProcess -Exactly -Times 0 -Scope Context
            $exeCalls | Should -HaveCount 1
            $result | Should -HaveCount 1
            $result[0].Exists | Should -BeFalse
            $result[0].Changes | Should -HaveCount 0
        }
    }
}
