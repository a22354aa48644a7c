<#
    Unit tests of Invoke-CertRebindExe, the one function that starts the exe. They run a fake exe
    (fixtures/fake-certrebind.sh, found through $env:CERTREBIND_EXE) that prints a canned envelope,
    records its arguments and exits with a chosen code. The fake is a bash script, so those tests
    are skipped on Windows; the tests of how the exe is found look in folders of their own and run everywhere.
#>

BeforeDiscovery {
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows

    # One row per kind of error the exe reports: its exit code, and what PowerShell must make of it.
    $errorCases = @(
        @{ ExitCode = 1; Code = 'CR1000'; Scope = 'run';    Category = 'InvalidOperation';    Terminating = $false; Target = $null }
        @{ ExitCode = 2; Code = 'CR2000'; Scope = 'run';    Category = 'InvalidArgument';     Terminating = $true;  Target = '--frobnicate' }
        @{ ExitCode = 2; Code = 'CR2001'; Scope = 'item';   Category = 'InvalidArgument';     Terminating = $false; Target = 'XYZ' }
        @{ ExitCode = 2; Code = 'CR2010'; Scope = 'item';   Category = 'InvalidArgument';     Terminating = $false; Target = 'ABABABABABABABABABABABABABABABABABABABAB' }
        @{ ExitCode = 2; Code = 'CR2011'; Scope = 'item';   Category = 'InvalidArgument';     Terminating = $false; Target = 'ABABABABABABABABABABABABABABABABABABABAB' }
        @{ ExitCode = 2; Code = 'CR2002'; Scope = 'run';    Category = 'InvalidArgument';     Terminating = $true;  Target = '/no/such/host' }
        @{ ExitCode = 3; Code = 'CR3001'; Scope = 'target'; Category = 'InvalidResult';       Terminating = $false; Target = 'www.contoso.com:443' }
        @{ ExitCode = 4; Code = 'CR4001'; Scope = 'run';    Category = 'ResourceUnavailable'; Terminating = $true;  Target = $null }
        @{ ExitCode = 4; Code = 'CR4002'; Scope = 'run';    Category = 'ResourceUnavailable'; Terminating = $true;  Target = 'netsh' }
    )

    # Exit code 2 ends the command unless every error is of scope 'item': the module reads the scope, not the code.
    $scopeCases = @(
        @{ Description = 'CR2099 of scope item'; Terminating = $false; Errors = '[{"code":"CR2099","message":"Message of CR2099.","target":"x","scope":"item"}]' }
        @{ Description = 'CR2001 of scope run';  Terminating = $true;  Errors = '[{"code":"CR2001","message":"Message of CR2001.","target":"x","scope":"run"}]' }
        @{ Description = 'an error of scope item and one of scope run'; Terminating = $true; Errors = '[{"code":"CR2001","message":"Bad thumbprint.","target":"XYZ","scope":"item"},{"code":"CR2003","message":"Not XML.","target":"applicationHost.config","scope":"run"}]' }
        # An envelope without its list of errors is not bad input about one item.
        @{ Description = 'no list of errors at all'; Terminating = $true; Errors = $null }
    )

    # Standard output that is not an envelope.
    $invalidOutputCases = @(
        @{ Description = 'plain text';                 Stdout = 'Error: cannot find module ./cli.js' }
        @{ Description = 'nothing';                    Stdout = '' }
        @{ Description = 'JSON that is not an envelope'; Stdout = '{ "bindings": [] }' }
        @{ Description = 'two envelopes';              Stdout = '{ "schemaVersion": 1 }{ "schemaVersion": 1 }' }
    )

    # -HostRoot values, relative to TestDrive, and where they must point.
    $hostRootCases = @(
        @{ HostRoot = 'demo-host';                 Expected = 'demo-host' }
        @{ HostRoot = './hosts/../demo-host';      Expected = 'demo-host' }
        @{ HostRoot = 'TestDrive:/hosts/demo-host'; Expected = 'hosts/demo-host' }
        @{ HostRoot = 'no such dir/with space';    Expected = 'no such dir/with space' }
    )
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults
    $repositoryRoot = Get-CertRebindRepositoryRoot
    $savedEnvironment = Save-FakeExeEnvironment

    $bindingsEnvelopePath = Join-Path -Path $PSScriptRoot -ChildPath '../fixtures/envelopes/bindings.json'
    $argvPath = Join-Path -Path $TestDrive -ChildPath 'argv.txt'

    # Points $env:CERTREBIND_EXE at a copy of the fake (made executable) that prints $Stdout,
    # writes $Stderr, exits with $ExitCode and records its arguments in $argvPath.
    function Set-FakeExe {
        param (
            [System.String] $Stdout = '',
            [System.Int32] $ExitCode = 0,
            [System.String] $Stderr = ''
        )

        $stdoutPath = Join-Path -Path $TestDrive -ChildPath 'stdout.txt'
        [System.IO.File]::WriteAllText($stdoutPath, $Stdout)
        Remove-Item -LiteralPath $argvPath -ErrorAction SilentlyContinue

        $env:CERTREBIND_EXE = Install-FakeExe -Folder $TestDrive
        $env:FAKE_ENVELOPE = $stdoutPath
        $env:FAKE_ARGV_FILE = $argvPath
        $env:FAKE_EXIT = [System.String] $ExitCode
        $env:FAKE_STDERR = $Stderr
    }

    # An envelope as the exe prints it.
    function New-Envelope {
        param (
            [System.Object] $Data = $null,
            [System.Object[]] $Errors = @(),
            [System.String[]] $Warnings = @(),
            [System.Int32] $SchemaVersion = 1
        )

        ConvertTo-Json -Depth 10 -InputObject ([ordered] @{
                schemaVersion = $SchemaVersion
                command       = 'bindings'
                ok            = $Errors.Count -eq 0
                data          = $Data
                errors        = $Errors
                warnings      = $Warnings
            })
    }

    function Get-FakeArgv {
        @(Get-Content -LiteralPath $argvPath)
    }
}

AfterAll {
    Restore-TestEnvironment -Saved $savedEnvironment
    Remove-CertRebindModule
}

Describe 'Invoke-CertRebindExe' -Tag 'Unit' -Skip:$onWindows {
    Context 'When the exe succeeds' {
        BeforeAll {
            Set-FakeExe -Stdout (Get-Content -Raw -LiteralPath $bindingsEnvelopePath)
            $data = InModuleScope -ScriptBlock {
                Invoke-CertRebindExe -Command 'bindings' -Arguments '--thumbprint', 'ab cd'
            }
            $argv = Get-FakeArgv
        }

        It 'Should pass the command first, then the arguments as separate values' {
            $argv[0] | Should -Be 'bindings'
            $argv[1] | Should -Be '--thumbprint'
            $argv[2] | Should -Be 'ab cd'
        }

        It 'Should always pass --json, last' {
            $argv[-1] | Should -Be '--json'
            $argv | Should -HaveCount 4
        }

        It 'Should not pass --host-root when no host root is given' {
            $argv | Should -Not -Contain '--host-root'
        }

        It 'Should return the data of the envelope' {
            $data.bindings | Should -HaveCount 10
            $data.missingRecords[0].site | Should -Be 'Blog'
        }
    }

    Context 'When the host root is <HostRoot>' -ForEach $hostRootCases {
        BeforeAll {
            Set-FakeExe -Stdout (New-Envelope -Data @{ bindings = @(); missingRecords = @() })
            Push-Location -LiteralPath $TestDrive
            try {
                InModuleScope -Parameters @{ HostRoot = $HostRoot } -ScriptBlock {
                    param ($HostRoot)
                    $null = Invoke-CertRebindExe -Command 'bindings' -HostRoot $HostRoot
                }
            }
            finally {
                Pop-Location
            }
            $argv = Get-FakeArgv
        }

        It 'Should pass --host-root with the full path, resolved against the current location' {
            $expectedPath = [System.IO.Path]::GetFullPath((Join-Path -Path $TestDrive -ChildPath $Expected))
            $index = [System.Array]::IndexOf([System.String[]] $argv, '--host-root')
            $index | Should -BeGreaterThan 0
            $argv[$index + 1] | Should -Be $expectedPath
        }

        It 'Should still pass --json last' {
            $argv[-1] | Should -Be '--json'
        }
    }

    Context 'When the current location is not on a file-system drive' {
        BeforeAll {
            Set-FakeExe -Stdout (New-Envelope -Data @{ bindings = @(); missingRecords = @() })
            Push-Location -LiteralPath $TestDrive
            Push-Location -Path 'Env:'
            try {
                InModuleScope -ScriptBlock {
                    $null = Invoke-CertRebindExe -Command 'bindings' -HostRoot 'demo-host'
                }
            }
            finally {
                Pop-Location
                Pop-Location
            }
            $argv = Get-FakeArgv
        }

        It 'Should resolve a relative host root against the current file-system location' {
            $argv | Should -Contain ([System.IO.Path]::GetFullPath((Join-Path -Path $TestDrive -ChildPath 'demo-host')))
        }
    }

    Context 'When the current location is a folder of the file system' {
        BeforeAll {
            Set-FakeExe -Stdout (New-Envelope -Data @{ bindings = @(); missingRecords = @() })
            $location = Join-Path -Path $TestDrive -ChildPath 'working dir'
            $null = New-Item -ItemType Directory -Path $location -Force
            $env:FAKE_CWD_FILE = Join-Path -Path $TestDrive -ChildPath 'cwd.txt'
            Push-Location -LiteralPath $location
            try {
                InModuleScope -ScriptBlock { $null = Invoke-CertRebindExe -Command 'bindings' }
            }
            finally {
                Pop-Location
                $cwdFile = $env:FAKE_CWD_FILE
                $env:FAKE_CWD_FILE = $null
            }
        }

        It 'Should start the exe there, as a native command starts' {
            (Get-Content -LiteralPath $cwdFile) | Should -BeExactly ([System.IO.Path]::GetFullPath($location))
        }
    }

    Context 'When the exe reports <Code> and exits with <ExitCode>' -ForEach $errorCases {
        BeforeAll {
            $envelopeError = @{ code = $Code; message = "Message of $Code."; target = $Target; scope = $Scope }
            Set-FakeExe -ExitCode $ExitCode -Stdout (New-Envelope -Errors @($envelopeError) -Data @{ bindings = @(); missingRecords = @() })

            $thrown = $null
            $written = @()
            try {
                $null = Get-CertBinding -ErrorVariable written -ErrorAction SilentlyContinue
            }
            catch {
                $thrown = $_
            }
            $record = if ($Terminating) { $thrown } else { $written[0] }
        }

        It 'Should end the pipeline only for exit codes 2 and 4 (terminating: <Terminating>)' {
            $null -ne $thrown | Should -Be $Terminating
        }

        It 'Should give the ErrorRecord the FullyQualifiedErrorId <Code>,Get-CertBinding' {
            $record | Should -Not -BeNullOrEmpty
            $record.FullyQualifiedErrorId | Should -Be "$Code,Get-CertBinding"
        }

        It 'Should give the ErrorRecord the category <Category>' {
            $record.CategoryInfo.Category | Should -Be $Category
        }

        It 'Should give the ErrorRecord the exe''s message and target' {
            $record.Exception.Message | Should -Be "Message of $Code."
            $record.TargetObject | Should -Be $Target
        }
    }

    Context 'When the exe exits with 2 and reports <Description>' -ForEach $scopeCases {
        BeforeAll {
            $errorsMember = if ($null -ne $Errors) { ',"errors":' + $Errors } else { '' }
            Set-FakeExe -ExitCode 2 -Stdout ('{"schemaVersion":1,"command":"bindings","ok":false,"data":{"bindings":[],"missingRecords":[]}' + $errorsMember + ',"warnings":[]}')
            $thrown = $null
            try {
                $null = Get-CertBinding -ErrorVariable written -ErrorAction SilentlyContinue
            }
            catch {
                $thrown = $_
            }
        }

        It 'Should end the pipeline only when not every error is of scope item (terminating: <Terminating>)' {
            $null -ne $thrown | Should -Be $Terminating
        }
    }

    Context 'When the exe reports several errors and exits with 2' {
        BeforeAll {
            $errors = @(
                @{ code = 'CR2003'; message = 'applicationHost.config, line 12: not XML.'; target = 'applicationHost.config'; scope = 'run' }
                @{ code = 'CR2004'; message = 'sslcert.txt cannot be read.'; target = 'sslcert.txt'; scope = 'run' }
            )
            Set-FakeExe -ExitCode 2 -Stdout (New-Envelope -Errors $errors)

            $thrown = $null
            $written = @()
            try {
                Get-CertBinding -ErrorVariable written -ErrorAction SilentlyContinue
            }
            catch {
                $thrown = $_
            }
        }

        It 'Should end the pipeline with the first error' {
            $thrown.FullyQualifiedErrorId | Should -Be 'CR2003,Get-CertBinding'
        }

        It 'Should write the other errors before that' {
            $written.FullyQualifiedErrorId | Should -Contain 'CR2004,Get-CertBinding'
        }
    }

    Context 'When the exe fails without reporting an error' {
        BeforeAll {
            Set-FakeExe -ExitCode 1 -Stdout (New-Envelope)
            $null = Get-CertBinding -ErrorVariable written -ErrorAction SilentlyContinue
        }

        It 'Should write an error that names the exit code' {
            $written | Should -HaveCount 1
            $written[0].FullyQualifiedErrorId | Should -Be 'CRPS0004,Get-CertBinding'
            $written[0].Exception.Message | Should -BeLike '*exited with code 1*'
        }
    }

    Context 'When two runs of one piece of work share a set of reported messages' {
        BeforeAll {
            # Runs the exe as a cmdlet would, with or without the set; returns what it wrote.
            function Invoke-Run {
                param ([System.Object] $Reported)

                InModuleScope -Parameters @{ Reported = $Reported } -ScriptBlock {
                    param ($Reported)
                    $null = Invoke-CertRebindExe -Command 'rebind' -ReportedMessages $Reported -ErrorVariable written -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue
                    [PSCustomObject] @{ Errors = @($written); Warnings = @($warned | ForEach-Object -Process { $_.Message }) }
                }
            }

            $reported = New-Object -TypeName 'System.Collections.Generic.HashSet[System.String]'
            $firstErrors = @(
                @{ code = 'CR3005'; message = 'The names do not cover legacy.contoso.com.'; target = '0.0.0.0:443'; scope = 'target' }
                @{ code = 'CR1000'; message = 'Unexpected.'; target = $null; scope = 'run' }
            )
            Set-FakeExe -ExitCode 3 -Stdout (New-Envelope -Errors $firstErrors -Warnings 'Shared warning.' -Data @{ changes = @() })
            $firstRun = Invoke-Run -Reported $reported

            $secondErrors = @(
                @{ code = 'CR3005'; message = 'legacy.contoso.com is not covered.'; target = '0.0.0.0:443'; scope = 'target' }
                @{ code = 'CR1000'; message = 'Unexpected.'; target = $null; scope = 'run' }
                @{ code = 'CR1001'; message = 'siteDefaults failed; everything applied was restored.'; target = 'siteDefaults'; scope = 'run' }
            )
            Set-FakeExe -ExitCode 1 -Stdout (New-Envelope -Errors $secondErrors -Warnings 'Shared warning.', 'New warning.' -Data @{ changes = @() })
            $secondRun = Invoke-Run -Reported $reported
            $withoutSet = Invoke-Run -Reported $null
        }

        It 'Should write every message of the first run' {
            @($firstRun.Errors.FullyQualifiedErrorId) | Should -Be @('CR3005,Invoke-CertRebindExe', 'CR1000,Invoke-CertRebindExe')
            $firstRun.Warnings | Should -Be @('Shared warning.')
        }

        It 'Should not write an error of the same code and target again, however it is worded' {
            @($secondRun.Errors.FullyQualifiedErrorId) | Should -Be @('CR1001,Invoke-CertRebindExe')
        }

        It 'Should not write a warning of the same text again' {
            $secondRun.Warnings | Should -Be @('New warning.')
        }

        It 'Should write everything when no set is given' {
            $withoutSet.Errors | Should -HaveCount 3
            $withoutSet.Warnings | Should -HaveCount 2
        }
    }

    Context 'When the exe prints warnings' {
        BeforeAll {
            $warningTexts = 'redirection.config names a shared configuration that is not in the snapshot.', 'Second warning.'
            Set-FakeExe -Stdout (New-Envelope -Warnings $warningTexts -Data @{ bindings = @(); missingRecords = @() })
            $null = Get-CertBinding -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable written
        }

        It 'Should write each as a warning of the calling cmdlet' {
            $warnings | Should -HaveCount 2
            $warnings[0].Message | Should -Be $warningTexts[0]
            $warnings[1].Message | Should -Be $warningTexts[1]
        }

        It 'Should not write errors' {
            $written | Should -HaveCount 0
        }
    }

    Context 'When the exe writes diagnostics to stderr and the caller stops on errors' {
        BeforeAll {
            Set-FakeExe -Stderr 'debug: reading sslcert.txt' -Stdout (Get-Content -Raw -LiteralPath $bindingsEnvelopePath)
        }

        It 'Should neither fail nor lose the data' {
            $ErrorActionPreference = 'Stop'
            $result = Get-CertBinding -WarningAction SilentlyContinue
            $result | Should -HaveCount 10
        }

        It 'Should show stderr as verbose output' {
            $verbose = Get-CertBinding -Verbose -WarningAction SilentlyContinue 4>&1 |
                Where-Object -FilterScript { $_ -is [System.Management.Automation.VerboseRecord] }
            $verbose.Message | Should -Contain 'debug: reading sslcert.txt'
        }
    }

    Context 'When native commands are set to fail on a non-zero exit code' {
        BeforeAll {
            Set-FakeExe -ExitCode 3 -Stdout (New-Envelope -Errors @(@{ code = 'CR3001'; message = 'Refused.'; target = 'x'; scope = 'target' }) -Data @{ bindings = @(); missingRecords = @() })
        }

        It 'Should still report the envelope''s error, not an exit-code error' {
            $PSNativeCommandUseErrorActionPreference = $true
            $null = Get-CertBinding -ErrorVariable written -ErrorAction SilentlyContinue
            $written | Should -HaveCount 1
            $written[0].FullyQualifiedErrorId | Should -Be 'CR3001,Get-CertBinding'
        }
    }

    Context 'When the exe prints <Description> instead of an envelope' -ForEach $invalidOutputCases {
        BeforeAll {
            Set-FakeExe -ExitCode 1 -Stdout $Stdout -Stderr 'node:internal/modules/cjs/loader:1228'
        }

        It 'Should end the pipeline with an error that quotes stdout and stderr' {
            $record = { Get-CertBinding } | Should -Throw -PassThru
            $record.FullyQualifiedErrorId | Should -Be 'CRPS0003,Get-CertBinding'
            $record.CategoryInfo.Category | Should -Be 'InvalidResult'
            $record.Exception.Message | Should -BeLike '*did not print a JSON envelope (exit code 1)*'
            $record.Exception.Message | Should -BeLike "*'$([System.Management.Automation.WildcardPattern]::Escape($Stdout.Trim()))'*"
            $record.Exception.Message | Should -BeLike '*node:internal/modules/cjs/loader:1228*'
        }
    }

    Context 'When the exe prints a long text instead of an envelope' {
        BeforeAll {
            $longText = ('a' * 200) + 'TAIL-NOT-QUOTED'
            Set-FakeExe -ExitCode 1 -Stdout $longText
        }

        It 'Should quote only the first 200 characters' {
            $record = { Get-CertBinding } | Should -Throw -PassThru
            $record.Exception.Message | Should -BeLike "*$('a' * 200)...*"
            $record.Exception.Message | Should -Not -BeLike '*TAIL-NOT-QUOTED*'
        }
    }

    Context 'When the envelope has a schema version this module does not know' {
        BeforeAll {
            Set-FakeExe -Stdout (New-Envelope -SchemaVersion 2 -Data @{ bindings = @() })
        }

        It 'Should end the pipeline with an error naming both versions' {
            $record = { Get-CertBinding } | Should -Throw -PassThru
            $record.FullyQualifiedErrorId | Should -Be 'CRPS0005,Get-CertBinding'
            $record.Exception.Message | Should -BeLike "*schema version '2'*schema version 1*"
        }
    }

    Context 'When the exe cannot be started' {
        BeforeAll {
            $notExecutable = Join-Path -Path $TestDrive -ChildPath 'not-executable/certrebind'
            $null = New-Item -ItemType File -Path $notExecutable -Force
            & chmod -x $notExecutable
            $env:CERTREBIND_EXE = $notExecutable
        }

        It 'Should end the pipeline with an error naming the exe' {
            $record = { Get-CertBinding } | Should -Throw -PassThru
            $record.FullyQualifiedErrorId | Should -Be 'CRPS0002,Get-CertBinding'
            $record.Exception.Message | Should -BeLike "*$notExecutable*could not be started*"
        }
    }
}

Describe 'Finding the certrebind exe' -Tag 'Unit' {
    BeforeAll {
        $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
        if ($onWindows) {
            $runtimeId = 'win-x64'
            $exeName = 'certrebind.exe'
        }
        else {
            $runtimeId = 'linux-x64'
            $exeName = 'certrebind'
        }

        # Resolve-CertRebindExePath in the folder given: the path it returns, or the ErrorRecord it ends with.
        function Invoke-ResolveExePath {
            param ([System.String] $ModuleBase)
            InModuleScope -Parameters @{ ModuleBase = $ModuleBase } -ScriptBlock {
                param ($ModuleBase)
                try {
                    & {
                        [CmdletBinding()]
                        param ()
                        Resolve-CertRebindExePath -CallerCmdlet $PSCmdlet -ModuleBase $ModuleBase
                    }
                }
                catch {
                    $_
                }
            }
        }
    }

    Context 'When CERTREBIND_EXE names a file that does not exist' {
        BeforeAll {
            $env:CERTREBIND_EXE = Join-Path -Path $TestDrive -ChildPath 'nowhere/certrebind'
        }

        It 'Should end the pipeline with an error that names the variable and its value' {
            $record = { Get-CertBinding -HostRoot $TestDrive } | Should -Throw -PassThru
            $record.FullyQualifiedErrorId | Should -Be 'CRPS0001,Get-CertBinding'
            $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $record.Exception.Message | Should -BeLike "*CERTREBIND_EXE*$($env:CERTREBIND_EXE)*"
        }
    }

    Context 'When CERTREBIND_EXE is not set and no exe is under the module base' {
        BeforeAll {
            $env:CERTREBIND_EXE = $null
            $emptyBase = Join-Path -Path $TestDrive -ChildPath 'module-without-exe'
            $null = New-Item -ItemType Directory -Path $emptyBase -Force
            $record = Invoke-ResolveExePath -ModuleBase $emptyBase
        }

        It 'Should end the pipeline with an error that says how to get the exe back, in PowerShell terms' {
            $record | Should -BeOfType ([System.Management.Automation.ErrorRecord])
            $record.FullyQualifiedErrorId | Should -BeLike 'CRPS0001*'
            $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $record.Exception.Message | Should -BeLike '*Install-PSResource CertRebind -Reinstall*CERTREBIND_EXE*'
            $record.Exception.Message | Should -Not -BeLike '*build.sh*'
            $record.ErrorDetails.RecommendedAction | Should -BeLike '*Install-PSResource CertRebind -Reinstall*'
        }

        It 'Should list the places it looked' {
            $binPath = [System.IO.Path]::Combine($emptyBase, 'bin', $runtimeId, $exeName)
            $distPath = [System.IO.Path]::Combine($emptyBase, 'dist', $runtimeId, $exeName)
            $record.Exception.Message | Should -BeLike "*$binPath*$distPath*"
        }
    }

    Context 'When CERTREBIND_EXE is not set and the exe is under <Folder>' -ForEach @(
        @{ Folder = 'bin and dist'; Present = 'bin', 'dist'; Expected = 'bin' }
        @{ Folder = 'dist only';    Present = @('dist');     Expected = 'dist' }
    ) {
        BeforeAll {
            $env:CERTREBIND_EXE = $null
            $base = Join-Path -Path $TestDrive -ChildPath ([System.Guid]::NewGuid())
            foreach ($presentFolder in $Present) {
                $exePath = [System.IO.Path]::Combine($base, $presentFolder, $runtimeId, $exeName)
                $null = New-Item -ItemType File -Path $exePath -Force
                if (-not $onWindows) {
                    [System.IO.File]::SetUnixFileMode($exePath, [System.IO.UnixFileMode] 'UserRead, UserWrite, UserExecute')
                }
            }
        }

        It 'Should use the one under <Expected>, in the folder of the runtime' {
            $found = Invoke-ResolveExePath -ModuleBase $base
            $found | Should -Be ([System.IO.Path]::Combine($base, $Expected, $runtimeId, $exeName))
        }
    }

    Context 'When the exe under the module base is a folder' {
        BeforeAll {
            $env:CERTREBIND_EXE = $null
            $base = Join-Path -Path $TestDrive -ChildPath ([System.Guid]::NewGuid())
            $null = New-Item -ItemType Directory -Path ([System.IO.Path]::Combine($base, 'bin', $runtimeId, $exeName)) -Force
        }

        It 'Should not take it for the exe' {
            $record = Invoke-ResolveExePath -ModuleBase $base
            $record.FullyQualifiedErrorId | Should -BeLike 'CRPS0001*'
        }
    }

    Context 'When the Linux exe under the module base is not executable (a fresh .nupkg install)' -Skip:$onWindows {
        BeforeAll {
            $env:CERTREBIND_EXE = $null
            $base = Join-Path -Path $TestDrive -ChildPath ([System.Guid]::NewGuid())
            $exePath = [System.IO.Path]::Combine($base, 'bin', $runtimeId, $exeName)
            $null = New-Item -ItemType File -Path $exePath -Force
            [System.IO.File]::SetUnixFileMode($exePath, [System.IO.UnixFileMode] 'UserRead, UserWrite, GroupRead')
        }

        It 'Should make it executable where it is readable, and use it' {
            $found = Invoke-ResolveExePath -ModuleBase $base
            $found | Should -Be $exePath
            [System.IO.File]::GetUnixFileMode($exePath) | Should -Be ([System.IO.UnixFileMode] 'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute')
        }
    }

    Context 'When the Linux exe is not executable and this PowerShell cannot read Unix file modes (before 7.3)' -Skip:$onWindows {
        BeforeAll {
            $env:CERTREBIND_EXE = $null
            $base = Join-Path -Path $TestDrive -ChildPath ([System.Guid]::NewGuid())
            $exePath = [System.IO.Path]::Combine($base, 'bin', $runtimeId, $exeName)
            $null = New-Item -ItemType File -Path $exePath -Force
            [System.IO.File]::SetUnixFileMode($exePath, [System.IO.UnixFileMode] 'UserRead, UserWrite')
            $readsUnixFileMode = InModuleScope -ScriptBlock { $script:ReadsUnixFileMode }
            InModuleScope -ScriptBlock { $script:ReadsUnixFileMode = $false }
        }

        AfterAll {
            InModuleScope -Parameters @{ Value = $readsUnixFileMode } -ScriptBlock { param ($Value) $script:ReadsUnixFileMode = $Value }
        }

        It 'Should use it as it is, without calling what that PowerShell lacks' {
            $found = Invoke-ResolveExePath -ModuleBase $base
            $found | Should -Be $exePath
            [System.IO.File]::GetUnixFileMode($exePath) | Should -Be ([System.IO.UnixFileMode] 'UserRead, UserWrite')
        }
    }
}

Describe 'Making the Linux exe executable (a .nupkg keeps no file modes)' -Tag 'Unit' -Skip:$onWindows {
    BeforeAll {
        function Invoke-SetExeExecutable {
            param ([System.String] $ExePath)
            InModuleScope -Parameters @{ ExePath = $ExePath } -ScriptBlock {
                param ($ExePath)
                & {
                    [CmdletBinding()]
                    param ()
                    Set-CertRebindExeExecutable -Path $ExePath -CallerCmdlet $PSCmdlet
                }
            }
        }
    }

    It 'Should add the execute bit wherever the file is readable, and only there' -ForEach @(
        @{ Mode = 'UserRead, UserWrite, GroupRead, OtherRead'; Expected = 'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute, OtherRead, OtherExecute' }
        @{ Mode = 'UserRead, UserWrite';                       Expected = 'UserRead, UserWrite, UserExecute' }
    ) {
        $exePath = Join-Path -Path $TestDrive -ChildPath ([System.Guid]::NewGuid())
        Set-Content -LiteralPath $exePath -Value 'not really an exe'
        [System.IO.File]::SetUnixFileMode($exePath, [System.IO.UnixFileMode] $Mode)

        Invoke-SetExeExecutable -ExePath $exePath

        [System.IO.File]::GetUnixFileMode($exePath) | Should -Be ([System.IO.UnixFileMode] $Expected)
    }

    It 'Should leave an executable file as it is' {
        $exePath = Join-Path -Path $TestDrive -ChildPath ([System.Guid]::NewGuid())
        Set-Content -LiteralPath $exePath -Value 'not really an exe'
        [System.IO.File]::SetUnixFileMode($exePath, [System.IO.UnixFileMode] 'UserRead, UserWrite, UserExecute')

        Invoke-SetExeExecutable -ExePath $exePath

        [System.IO.File]::GetUnixFileMode($exePath) | Should -Be ([System.IO.UnixFileMode] 'UserRead, UserWrite, UserExecute')
    }
}
