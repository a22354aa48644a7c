<#
    Unit tests of the parameter set Auto of Invoke-CertRebind (the successor scan, rebind --auto).
    The first Describe mocks Invoke-CertRebindExe with the data of canned envelopes
    (fixtures/envelopes/rebind-auto*.json, made on the demo host: www-2025 is linked to its renewal
    www-2026, the intranet certificate has expired with no successor). The second runs the fake exe
    (skipped on Windows: it is a bash script) for the scan's errors.
#>

BeforeDiscovery {
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults

    $oldThumbprint = '0F70C94C6482E61B0A43B9816E830ED7B30B8C44'
    $newThumbprint = 'FAC2BE397B0EF579E4C64AE777717B344007BA2C'
    $linkReason = "Windows links $oldThumbprint to its renewal $newThumbprint."
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'Invoke-CertRebind -Auto' -Tag 'Unit' {
    Context 'When the scan is previewed with -WhatIf' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-auto-dry-run' -Apply 'rebind-auto')

            $capturePath = Start-HostCapture -Folder $TestDrive
            try {
                $output = @(Invoke-CertRebind -Auto -WhatIf -Verbose -WarningAction SilentlyContinue 4>&1)
            }
            finally {
                $whatIfLines = Stop-HostCapture -Path $capturePath
            }
            $verboseMessages = @($output | Where-Object -FilterScript { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object -Process { $_.Message })
            $result = @($output | Where-Object -FilterScript { $_ -isnot [System.Management.Automation.VerboseRecord] })
        }

        It 'Should run rebind --auto --dry-run once and nothing else' {
            $exeCalls | Should -HaveCount 1
            $exeCalls[0].Command | Should -Be 'rebind'
            ($exeCalls[0].Arguments -join '|') | Should -Be '--auto|--kept-once|--dry-run'
        }

        It 'Should print one What if line per planned change, naming the successor and why it was chosen' {
            $whatIfLines | Should -HaveCount 4
            $whatIfLines[0] | Should -Be "What if: Re-binding ipport 10.0.0.10:443 (Shop) from certificate $oldThumbprint to its successor ${newThumbprint}: $linkReason"
            $whatIfLines[3] | Should -Be "What if: Re-binding ftp siteDefaults (no site) from certificate $oldThumbprint to its successor ${newThumbprint}: $linkReason"
        }

        It 'Should explain every bound certificate it looked at as a verbose message, also the one without a successor' {
            $verboseMessages | Should -Contain "$oldThumbprint (expiring): $linkReason"
            $verboseMessages | Where-Object -FilterScript { $_ -like 'FF68DD73E9231C4C92BF0554927AF9A048BD18F5 (expired): No renewal link*' } | Should -HaveCount 1
        }

        It 'Should emit nothing' {
            $result | Should -HaveCount 0
        }
    }

    Context 'When the scan is applied with -Days and -Confirm:$false' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-auto-dry-run' -Apply 'rebind-auto')

            $result = @(Invoke-CertRebind -Auto -Days 14 -HostRoot 'demo-host' -WaitSeconds 5 -Confirm:$false -WarningAction SilentlyContinue)
        }

        It 'Should run the scan once, as nothing is asked: it plans and applies, with --days and --wait' {
            @($exeCalls | ForEach-Object -Process { $_.Arguments -join '|' }) | Should -Be @('--auto|--days|14|--wait|5|--kept-once')
        }

        It 'Should emit the changes of the run that applied them as CertRebind.Change objects, each with its own From and To' {
            @($result.Status) | Should -Be @('refused', 'applied', 'applied', 'applied', 'applied')
            $result[0].PSObject.TypeNames[0] | Should -Be 'CertRebind.Change'
            @($result.From | Sort-Object -Unique) | Should -Be @($oldThumbprint)
            @($result.To | Sort-Object -Unique) | Should -Be @($newThumbprint)
            @($result.RunId | Sort-Object -Unique) | Should -Be @((Get-EnvelopeData -Name 'rebind-auto').runId)
        }
    }

    Context 'When every change of the scan is declined' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-auto-dry-run' -Apply 'rebind-auto')
            Mock -CommandName Confirm-CertRebindPlan -MockWith { [PSCustomObject] @{ WhatIf = $false; Approved = @(); Declined = @($Change) } }

            $result = @(Invoke-CertRebind -Auto -Confirm -WarningVariable warnings -WarningAction SilentlyContinue)
        }

        It 'Should ask with the reasons of the successors' {
            Should -Invoke -CommandName Confirm-CertRebindPlan -Exactly -Times 1 -Scope Context -ParameterFilter {
                $SuccessorReason[$oldThumbprint] -eq $linkReason -and @($Change).Count -eq 4
            }
        }

        It 'Should change nothing and say that nothing was approved' {
            $exeCalls | Should -HaveCount 1
            $warnings[-1].Message | Should -Be 'Nothing was changed: no change of the successor scan was approved. Review the plan with Invoke-CertRebind -Auto -WhatIf.'
            $result | Should -HaveCount 0
        }
    }

    Context 'When the scan has nothing to apply' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-auto-unchanged')
            Mock -CommandName Confirm-CertRebindPlan

            $result = @(Invoke-CertRebind -Auto -WarningAction SilentlyContinue)
        }

        It 'Should ask nothing and emit the changes of the dry run' {
            Should -Invoke -CommandName Confirm-CertRebindPlan -Exactly -Times 0 -Scope Context
            $exeCalls | Should -HaveCount 1
            @($result.Status) | Should -Be @('refused', 'unchanged', 'unchanged', 'unchanged', 'unchanged')
        }
    }

    Context 'When the parameters do not fit' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
        }

        It 'Should refuse -Days <_> without calling the exe' -ForEach -1, 3651 {
            { Invoke-CertRebind -Auto -Days $_ -Confirm:$false } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Invoke-CertRebind'
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 0 -Scope It
        }

        It 'Should refuse -Auto together with thumbprints' {
            { Invoke-CertRebind -Auto -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm:$false } | Should -Throw -ErrorId 'AmbiguousParameterSet,Invoke-CertRebind'
        }

        It 'Should refuse -Days without -Auto' {
            { Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Days 5 -Confirm:$false } | Should -Throw -ErrorId 'AmbiguousParameterSet,Invoke-CertRebind'
        }
    }
}

Describe 'Invoke-CertRebind -Auto with the fake exe' -Tag 'Unit' -Skip:$onWindows {
    BeforeAll {
        $savedEnvironment = Save-FakeExeEnvironment -Clear

        # The demo host's scan, as if a second certificate could succeed www-2025 too: CR3008 for it.
        $ambiguous = Get-Content -Raw -LiteralPath (Get-EnvelopePath -Name 'rebind-auto-dry-run') | ConvertFrom-Json
        $ambiguous.data.changes = @($ambiguous.data.changes | Where-Object -FilterScript { $_.from -ne $oldThumbprint })
        $ambiguous.errors = @([PSCustomObject] @{ code = 'CR3008'; message = "Two certificates could succeed $oldThumbprint and neither clearly dominates."; target = $oldThumbprint; scope = 'target' })
        $ambiguousPath = Join-Path -Path $TestDrive -ChildPath 'ambiguous.json'
        [System.IO.File]::WriteAllText($ambiguousPath, (ConvertTo-Json -Depth 12 -InputObject $ambiguous))
    }

    AfterAll {
        Restore-TestEnvironment -Saved $savedEnvironment
    }

    It 'Should write an ambiguous successor as the non-terminating error CR3008 and apply nothing' {
        Set-FakeExeOutput -Folder $TestDrive -Apply $ambiguousPath -ApplyExit 3
        $result = @(Invoke-CertRebind -Auto -Confirm:$false -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $written | Should -HaveCount 1
        $written[0].FullyQualifiedErrorId | Should -Be 'CR3008,Invoke-CertRebind'
        $written[0].TargetObject | Should -Be $oldThumbprint
        $result | Should -HaveCount 0
        @(Get-Content -LiteralPath $env:FAKE_ARGV_LOG) | Should -Be @('rebind', '--auto', '--kept-once', '--json', '--end--')
    }
}
