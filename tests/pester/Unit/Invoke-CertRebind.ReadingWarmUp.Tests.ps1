<#
    Unit tests of Invoke-CertRebind's first reading of each run's envelope done on a sample while the exe runs
    (PowerShell 7, once a session for each stage): Initialize-CertRebindRebindReading reads a sample of one planned
    change as the exe's dry run and applying run are read, prints, asks and writes nothing whatever the caller's
    -WhatIf, -Confirm and message preferences, does none of its steps once the exe has exited, and is handed to the
    dry run and to the runs that apply. The last Describe runs a -WhatIf preview on the fake exe
    (fixtures/fake-certrebind.sh, a bash script: skipped on Windows), slow enough for the sample to be read, and
    checks that the user sees the plan's questions and warnings only.
#>

BeforeDiscovery {
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
    $handsProcess = $PSVersionTable.PSVersion.Major -ge 6
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults
    $oldThumbprint = '0F70C94C6482E61B0A43B9816E830ED7B30B8C44'
    $newThumbprint = 'FAC2BE397B0EF579E4C64AE777717B344007BA2C'

    # The warm-up of one stage with every preference of the caller set to show, ask or preview, as a user's
    # -WhatIf -Verbose session has them; returns all it wrote.
    function Invoke-RebindWarmUp {
        param ([System.String] $Stage, [System.Diagnostics.Process] $Process = [System.Diagnostics.Process]::GetCurrentProcess())
        InModuleScope -Parameters @{ Stage = $Stage; Process = $Process } -ScriptBlock {
            param ($Stage, $Process)
            $WhatIfPreference = $true
            $ConfirmPreference = 'Low'
            $VerbosePreference = 'Continue'
            $WarningPreference = 'Continue'
            $InformationPreference = 'Continue'
            Initialize-CertRebindRebindReading -Process $Process -Stage $Stage *>&1
        }
    }

    function Reset-RebindWarmUp {
        InModuleScope -ScriptBlock { $script:RebindReadingInitialized = $null }
    }
}

AfterAll {
    Reset-RebindWarmUp
    Remove-CertRebindModule
}

Describe 'Initialize-CertRebindRebindReading' -Tag 'Unit' {
    Context 'When the exe of a dry run is still running' {
        BeforeAll {
            Reset-RebindWarmUp
            $questioned = [System.Collections.Generic.List[System.Object]]::new()
            Mock -CommandName Confirm-CertRebindPlan -MockWith {
                $questioned.AddRange(@($Change))
                [PSCustomObject] @{ WhatIf = $false; Approved = @($Change); Declined = @() }
            }
            $capturePath = Start-HostCapture -Folder $TestDrive
            try {
                $written = @(Invoke-RebindWarmUp -Stage 'DryRun')
            }
            finally {
                $whatIfLines = Stop-HostCapture -Path $capturePath
            }
        }

        It 'Should write nothing, and print no What if line' {
            $written | Should -HaveCount 0
            $whatIfLines | Should -HaveCount 0
        }

        It 'Should read the sample as the exe''s dry run is read: one planned change reaches the questions' {
            $questioned | Should -HaveCount 1
            $questioned[0].status | Should -Be 'planned'
            $questioned[0].kind | Should -Be 'hostnameport'
            $questioned[0].endpoint | Should -Be 'www.contoso.com:443'
        }

        It 'Should read the sample of a stage once a session' {
            $null = Invoke-RebindWarmUp -Stage 'DryRun'
            $questioned | Should -HaveCount 1
        }
    }

    Context 'When the questions are asked of the function itself' {
        It 'Should approve the sample''s change without asking or previewing it, as the exe''s plan is confirmed' {
            Reset-RebindWarmUp
            $confirmedPlans = [System.Collections.Generic.List[System.Object]]::new()
            Mock -CommandName ConvertTo-CertRebindConfirmedPlan -MockWith { $confirmedPlans.Add(@($Approved)) }
            $written = @(Invoke-RebindWarmUp -Stage 'DryRun')
            $written | Should -HaveCount 0
            $confirmedPlans | Should -HaveCount 1
            $confirmedPlans[0].endpoint | Should -Be 'www.contoso.com:443'
        }
    }

    Context 'When the exe of an applying run is still running' {
        BeforeAll {
            Reset-RebindWarmUp
            $converted = [System.Collections.Generic.List[System.Object]]::new()
            Mock -CommandName Invoke-CertRebindEntryConversion -MockWith { $converted.AddRange(@(& $ConvertBatch $Entry $Context)) }
            $written = @(Invoke-RebindWarmUp -Stage 'Apply')
        }

        It 'Should write nothing' {
            $written | Should -HaveCount 0
        }

        It 'Should convert the sample as the exe''s changes are: one CertRebind.Change with its kept list' {
            $converted | Should -HaveCount 1
            $converted[0].GetType().FullName | Should -Be 'CertRebind.Change'
            $converted[0].Endpoint | Should -Be 'www.contoso.com:443'
            $converted[0].Kept | Should -Be @('AppId: {4dc3e181-e14b-4a21-b022-59fc669b0914}')
        }
    }

    Context 'When the exe has exited' -Skip:$onWindows {
        It 'Should do none of its steps, and read the sample on a later, longer run' {
            Reset-RebindWarmUp
            Mock -CommandName Read-CertRebindRebindSample
            $exited = [System.Diagnostics.Process]::Start((Install-FakeExe -Folder $TestDrive))
            $exited.WaitForExit()
            $null = Invoke-RebindWarmUp -Stage 'DryRun' -Process $exited
            Should -Invoke -CommandName Read-CertRebindRebindSample -Times 0 -Exactly
            $null = Invoke-RebindWarmUp -Stage 'DryRun'
            Should -Invoke -CommandName Read-CertRebindRebindSample -Times 1 -Exactly -ParameterFilter { $Stage -eq 'DryRun' }
        }
    }
}

Describe 'Invoke-CertRebind handing the sample reading to the exe''s runs' -Tag 'Unit' {
    BeforeAll {
        $stages = [System.Collections.Generic.List[System.String]]::new()
        $exeCalls = [System.Collections.Generic.List[System.Object]]::new()
        $recordingMock = New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-dry-run' -Apply 'rebind-applied'
        Mock -CommandName Initialize-CertRebindRebindReading -MockWith { $stages.Add($Stage) }
        Mock -CommandName Invoke-CertRebindExe -MockWith {
            $stages.Add($(if ($Arguments -contains '--dry-run') { 'dry run:' } elseif ($Arguments -contains '--plan') { 'confirmed plan:' } else { 'run:' }))
            & $WhileRunning ([System.Diagnostics.Process]::GetCurrentProcess())
            & $recordingMock -Command $Command -Arguments $Arguments -HostRoot $HostRoot -ReportedMessages $ReportedMessages -InputText $InputText
        }
    }

    BeforeEach {
        $stages.Clear()
    }

    It 'Should hand the dry run''s reading to the dry run of -WhatIf' {
        $null = Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -WhatIf -WarningAction SilentlyContinue
        $stages | Should -Be @('dry run:', 'DryRun')
    }

    It 'Should hand the applying run''s reading to the one run of a rebind that asks nothing' {
        $null = Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm:$false -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $stages | Should -Be @('run:', 'Apply')
    }

    It 'Should hand each run of a confirmed rebind its own stage' {
        Mock -CommandName Confirm-CertRebindPlan -MockWith { [PSCustomObject] @{ WhatIf = $false; Approved = @($Change); Declined = @() } }
        $null = Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm -WarningAction SilentlyContinue
        $stages | Should -Be @('dry run:', 'DryRun', 'confirmed plan:', 'Apply')
    }
}

Describe 'A -WhatIf preview that runs long enough for the sample to be read' -Tag 'Unit' -Skip:($onWindows -or -not $handsProcess) {
    BeforeAll {
        Reset-RebindWarmUp
        $savedEnvironment = Save-FakeExeEnvironment
        $savedSleep = $env:FAKE_SLEEP
        Set-FakeExeOutput -Folder $TestDrive -DryRun (Get-EnvelopePath -Name 'rebind-dry-run') -DryRunExit 3
        $env:FAKE_SLEEP = '1'
        $capturePath = Start-HostCapture -Folder $TestDrive
        try {
            $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -WhatIf -Verbose -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue 4> $null)
        }
        finally {
            $whatIfLines = Stop-HostCapture -Path $capturePath
        }
        $sampleRead = InModuleScope -ScriptBlock { [System.Boolean] $script:RebindReadingInitialized['DryRun'] }
    }

    AfterAll {
        $env:FAKE_SLEEP = $savedSleep
        Restore-TestEnvironment -Saved $savedEnvironment
        Reset-RebindWarmUp
    }

    It 'Should have read the sample while the exe ran' {
        $sampleRead | Should -BeTrue
    }

    It 'Should print the What if lines of the exe''s plan only' {
        $whatIfLines | Should -Be @(
            "What if: Re-binding ipport 10.0.0.10:443 (Shop) from certificate $oldThumbprint to $newThumbprint."
            "What if: Re-binding hostnameport www.contoso.com:443 (Contoso WWW) from certificate $oldThumbprint to $newThumbprint."
            "What if: Re-binding ftp *:21: (Contoso FTP) from certificate $oldThumbprint to $newThumbprint."
            "What if: Re-binding ftp siteDefaults (no site) from certificate $oldThumbprint to $newThumbprint."
        )
    }

    It 'Should warn of the plan''s notes only' {
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -BeLike 'ipport 10.0.0.10:443: *'
    }

    It 'Should emit nothing' {
        $result | Should -HaveCount 0
    }
}
