<#
    Unit tests of Get-CertBinding's first reading of an envelope done on a sample while the exe runs (PowerShell 7,
    once a session): Initialize-CertRebindBindingReading reads its sample as the exe's output is read and writes
    nothing, does none of its steps once the exe has exited, is handed to Start-CertRebindProcess once a session on
    the compiled readers' way (PowerShell 7) only, and is called there with the running exe's process. Those that need a process that
    has exited or runs a while run the fake exe (fixtures/fake-certrebind.sh, a bash script): skipped on Windows.
#>

BeforeDiscovery {
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
    $typedJson = $PSVersionTable.PSVersion.Major -ge 7
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults
    $envelopePath = Join-Path -Path $PSScriptRoot -ChildPath '../fixtures/envelopes/bindings.json'
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'Initialize-CertRebindBindingReading' -Tag 'Unit' -Skip:(-not $typedJson) {
    Context 'When the exe is still running' {
        BeforeAll {
            # What the sample's conversion gets and makes, the batch converter run as without the mock.
            $entries = [System.Collections.Generic.List[System.Object]]::new()
            $listed = [System.Collections.Generic.List[System.Object]]::new()
            $converted = [System.Collections.Generic.List[System.Object]]::new()
            Mock -CommandName Invoke-CertRebindEntryConversion -MockWith {
                $entries.Add($Entry)
                $listed.Add($Context.Listed)
                $converted.AddRange(@(& $ConvertBatch $Entry $Context))
            }
            $written = @(InModuleScope -ScriptBlock { Initialize-CertRebindBindingReading -Process ([System.Diagnostics.Process]::GetCurrentProcess()) *>&1 })
        }

        It 'Should write nothing' {
            $written | Should -HaveCount 0
        }

        It 'Should convert the sample once: one binding deserialized into CertRebind.Binding, on one listed certificate' {
            $entries | Should -HaveCount 1
            $entries[0].GetType().FullName | Should -Be 'CertRebind.Binding[]'
            $entries[0] | Should -HaveCount 1
            $listed[0] | Should -HaveCount 1
        }

        It 'Should have a sample that reads as the exe''s bindings do: a CertRebind.Binding with every field and its certificate' {
            $converted | Should -HaveCount 1
            $binding = $converted[0]
            $binding.PSTypeNames[0] | Should -Be 'CertRebind.Binding'
            $binding.Certificate.Thumbprint | Should -Be $binding.Thumbprint
            $binding.NotAfter | Should -BeOfType [System.DateTime]
            foreach ($name in 'Kind', 'Endpoint', 'StoreName', 'AppId', 'Owner', 'Service', 'Selection', 'CertificateSubject', 'State', 'ComputerName') {
                $binding.$name | Should -Not -BeNullOrEmpty -Because $name
            }
            $binding.Sites | Should -HaveCount 1
            $binding.Hostnames | Should -HaveCount 1
        }
    }

    Context 'When the exe has exited' -Skip:$onWindows {
        It 'Should do none of its steps' {
            Mock -CommandName ConvertFrom-CertRebindTypedJson -MockWith { }
            Mock -CommandName ConvertFrom-CertRebindBindingData -MockWith { }
            $exited = [System.Diagnostics.Process]::Start((Install-FakeExe -Folder $TestDrive))
            $exited.WaitForExit()
            InModuleScope -Parameters @{ Exited = $exited } -ScriptBlock { param ($Exited) Initialize-CertRebindBindingReading -Process $Exited }
            Should -Invoke -CommandName ConvertFrom-CertRebindTypedJson -Times 0 -Exactly
            Should -Invoke -CommandName ConvertFrom-CertRebindBindingData -Times 0 -Exactly
        }
    }
}

Describe 'Get-CertBinding handing the sample reading to the exe''s run' -Tag 'Unit' {
    BeforeAll {
        $handed = [System.Collections.Generic.List[System.Boolean]]::new()
        $envelopeData = Get-EnvelopeData -Name 'bindings'
        Mock -CommandName Invoke-CertRebindExe -MockWith {
            $handed.Add($null -ne $WhileRunning)
            $envelopeData
        }
    }

    BeforeEach {
        $handed.Clear()
        InModuleScope -ScriptBlock { $script:BindingReadingInitialized = $false }
    }

    It 'Should hand it over on the first call of a session only, on PowerShell 7' -Skip:(-not $typedJson) {
        $null = Get-CertBinding -WarningAction SilentlyContinue
        $null = Get-CertBinding -WarningAction SilentlyContinue
        $handed | Should -Be @($true, $false)
    }

    It 'Should never hand it over on the ConvertFrom-Json way (Windows PowerShell 5.1)' {
        InModuleScope -ScriptBlock {
            $saved = $script:ReadsTypedJson
            $script:ReadsTypedJson = $false
            try {
                $null = Get-CertBinding -WarningAction SilentlyContinue
            }
            finally {
                $script:ReadsTypedJson = $saved
            }
        }
        $handed | Should -Be @($false)
    }
}

Describe 'Start-CertRebindProcess with work to do while the exe runs' -Tag 'Unit' -Skip:($onWindows -or -not $typedJson) {
    BeforeAll {
        $savedEnvironment = Save-FakeExeEnvironment
        $savedSleep = $env:FAKE_SLEEP
        $env:CERTREBIND_EXE = Install-FakeExe -Folder $TestDrive
        $env:FAKE_ENVELOPE = $envelopePath
        $env:FAKE_EXIT = '0'
        $env:FAKE_SLEEP = '1'
        $result = InModuleScope -ScriptBlock {
            $calls = [System.Collections.Generic.List[System.Object]]::new()
            $whileRunning = { param ($Process) $calls.Add([PSCustomObject] @{ Process = $Process; Running = -not $Process.HasExited }) }
            $run = Start-CertRebindProcess -ExePath $env:CERTREBIND_EXE -ArgumentList 'bindings', '--json' -Activity 'certrebind bindings' -WhileRunning $whileRunning
            @{ Calls = $calls; Run = $run }
        }
    }

    AfterAll {
        $env:FAKE_SLEEP = $savedSleep
        Restore-TestEnvironment -Saved $savedEnvironment
    }

    It 'Should call it once, with the exe''s process while it runs' {
        $result.Calls | Should -HaveCount 1
        $result.Calls[0].Process | Should -BeOfType [System.Diagnostics.Process]
        $result.Calls[0].Running | Should -BeTrue
    }

    It 'Should return the exe''s output and exit code as without it' {
        $result.Run.StandardOutput | Should -BeExactly (Get-Content -Raw -LiteralPath $envelopePath)
        $result.Run.ExitCode | Should -Be 0
    }
}
