<#
    Unit tests of the progress a cmdlet shows while the exe runs: a run that takes more than about two seconds
    writes progress records (the command, and the seconds it has been running) and closes them; a quick run writes
    none. They run a fake exe (fixtures/fake-certrebind.sh) that waits before it prints a canned envelope; it is a
    bash script, so they are skipped on Windows.
#>

BeforeDiscovery {
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults
    $savedEnvironment = Save-FakeExeEnvironment
    $savedSleep = $env:FAKE_SLEEP

    $env:CERTREBIND_EXE = Install-FakeExe -Folder $TestDrive
    $env:FAKE_ENVELOPE = Join-Path -Path $PSScriptRoot -ChildPath '../fixtures/envelopes/bindings.json'
    $env:FAKE_EXIT = '0'
}

AfterAll {
    $env:FAKE_SLEEP = $savedSleep
    Restore-TestEnvironment -Saved $savedEnvironment
    Remove-CertRebindModule
}

Describe 'Progress while the exe runs' -Tag 'Unit' -Skip:$onWindows {
    BeforeAll {
        # Every progress record the module writes, as (Activity, Status, Completed).
        $progress = [System.Collections.Generic.List[System.Object]]::new()
        Mock -CommandName Write-Progress -MockWith {
            $progress.Add([PSCustomObject] @{ Activity = $Activity; Status = $Status; Completed = [System.Boolean] $Completed })
        }
    }

    Context 'When the exe takes longer than two seconds' {
        BeforeAll {
            $progress.Clear()
            $env:FAKE_SLEEP = '3.5'
            $bindings = @(Get-CertBinding)
            $running = @($progress | Where-Object { -not $_.Completed })
            $closed = @($progress | Where-Object { $_.Completed })
        }

        It 'Should write progress with the command as the activity and the seconds it has run' {
            $running | Should -Not -BeNullOrEmpty
            $running.Activity | Sort-Object -Unique | Should -Be 'certrebind bindings'
            $running.Status | Should -Contain 'Running for 2 s.'
            $running.Status | Should -Contain 'Running for 3 s.'
        }

        It 'Should close the progress record once, when the exe has finished' {
            $closed | Should -HaveCount 1
            $closed[0].Activity | Should -Be 'certrebind bindings'
            $progress[-1].Completed | Should -BeTrue
        }

        It 'Should still return what the exe reported' {
            $bindings | Should -HaveCount 10
        }
    }

    Context 'When the exe answers at once' {
        BeforeAll {
            $progress.Clear()
            $env:FAKE_SLEEP = ''
            $bindings = @(Get-CertBinding)
        }

        It 'Should write no progress' {
            $progress | Should -HaveCount 0
            $bindings | Should -HaveCount 10
        }
    }
}
