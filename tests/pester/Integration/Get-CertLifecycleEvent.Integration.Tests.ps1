<#
    Integration tests of Get-CertLifecycleEvent: the module runs the real certrebind exe on fresh
    copies of the demo snapshot host (examples/demo-host) in TestDrive, on the demo's date
    (CERTREBIND_NOW = 2026-11-27). Its System log holds 1006 (www-2026 installed) and 1001 (www-2025
    replaced by www-2026) on 2026-11-20 and 1003 (www-2025 expiring) on 2026-11-25; its User log one
    unrelated 1006. The pipeline of the help, `Get-CertLifecycleEvent -Id 1001 -After
    (Get-Date).AddDays(-7) | Invoke-CertRebind -WhatIf`, runs as written, with Get-Date answering the
    demo's date. Skipped, with a warning, until the exe has been built (./build.sh Build).
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exeMissing = -not (Test-CertRebindTestExe -Suite 'Get-CertLifecycleEvent')
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule
    $savedEnvironment = Set-DemoHostEnvironment

    $oldThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2025.cer'
    $newThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2026.cer'

    # What Invoke-CertRebind -WhatIf says for the demo's renewal (see Invoke-CertRebind.Integration.Tests.ps1).
    $plannedLines = @(
        "What if: Re-binding ipport 10.0.0.10:443 (Shop) from certificate $oldThumbprint to $newThumbprint."
        "What if: Re-binding hostnameport www.contoso.com:443 (Contoso WWW) from certificate $oldThumbprint to $newThumbprint."
        "What if: Re-binding ftp *:21: (Contoso FTP) from certificate $oldThumbprint to $newThumbprint."
        "What if: Re-binding ftp siteDefaults (no site) from certificate $oldThumbprint to $newThumbprint."
        "What if: Re-binding sqlserver MSSQLSERVER (no site) from certificate $oldThumbprint to $newThumbprint. Needs: key read: grant NT Service\MSSQLSERVER; restart MSSQLSERVER."
        "What if: Re-binding rdp RDP-Tcp (no site) from certificate $oldThumbprint to $newThumbprint."
        "What if: Re-binding winrm Address=*+Transport=HTTPS (no site) from certificate $oldThumbprint to $newThumbprint."
    )
}

AfterAll {
    Restore-TestEnvironment -Saved $savedEnvironment
    Remove-CertRebindModule
}

Describe 'Get-CertLifecycleEvent on the demo host' -Tag 'Integration' -Skip:$exeMissing {
    Context 'When the events of both channels are listed' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'list'
            $result = @(Get-CertLifecycleEvent -HostRoot $hostRoot -WarningVariable warnings -ErrorVariable written)
            $replaced = $result | Where-Object -Property Id -EQ -Value 1001
        }

        It 'Should emit the four events as CertRebind.LifecycleEvent objects, newest first' {
            @($result | ForEach-Object -Process { '{0} {1} {2}' -f $_.Id, $_.Kind, $_.Channel }) | Should -Be @(
                '1003 ExpiringSoon System'
                '1001 Replaced System'
                '1006 Installed System'
                '1006 Installed User'
            )
            foreach ($lifecycleEvent in $result) {
                $lifecycleEvent.PSObject.TypeNames[0] | Should -Be 'CertRebind.LifecycleEvent'
            }
        }

        It 'Should give the replacement the thumbprints of www-2025 and www-2026, and its time as a local DateTime' {
            $replaced.OldThumbprint | Should -Be $oldThumbprint
            $replaced.NewThumbprint | Should -Be $newThumbprint
            $replaced.TimeCreated.Kind | Should -Be ([System.DateTimeKind]::Local)
            $replaced.TimeCreated.ToUniversalTime() | Should -Be ([System.DateTime]::new(2026, 11, 20, 9, 14, 2, 633, [System.DateTimeKind]::Utc))
            $replaced.SubjectNames | Should -Contain 'www.contoso.com'
        }

        It 'Should warn about nothing and write no error' {
            $warnings | Should -HaveCount 0
            $written | Should -HaveCount 0
        }

        It 'Should show the table view: time, id, kind, thumbprint(s) and subject' {
            $table = ($result | Format-Table | Out-String -Width 250) -split '\r?\n'
            $table | Where-Object -FilterScript { $_ -match '^\s*TimeCreated\s+Id\s+Kind\s+Thumbprint\s+Subject\s*$' } | Should -Not -BeNullOrEmpty
            $table | Where-Object -FilterScript { $_ -like "*1001 Replaced*$oldThumbprint -> $newThumbprint CN=www.contoso.com, O=Contoso Ltd*" } | Should -Not -BeNullOrEmpty
        }
    }

    Context 'When filtered by id, time, channel and certificate' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'filters'
            $certificate = New-Object -TypeName 'System.Security.Cryptography.X509Certificates.X509Certificate2' -ArgumentList ([System.IO.Path]::Combine($hostRoot, 'certs', 'My', 'www-2026.cer'))
        }

        It 'Should keep <Name>' -ForEach @(
            @{ Name = '-Id 1001, 1003';                      Splat = @{ Id = 1001, 1003 };                                             Expected = @(47, 42) }
            @{ Name = '-Channel User';                       Splat = @{ Channel = 'User' };                                            Expected = @(9) }
            @{ Name = '-After 2026-11-21 (local)';           Splat = @{ After = [System.DateTime] '2026-11-21' };                      Expected = @(47) }
            @{ Name = '-Before 2026-11-01 (local)';          Splat = @{ Before = [System.DateTime] '2026-11-01' };                     Expected = @(9) }
            @{ Name = '-MaxEvents 2';                        Splat = @{ MaxEvents = 2; WarningAction = 'SilentlyContinue' };           Expected = @(47, 42) }
        ) {
            @(Get-CertLifecycleEvent @Splat -HostRoot $hostRoot).RecordId | Should -Be $Expected
        }

        It 'Should take the thumbprint of a piped certificate: the events of www-2026' {
            @($certificate | Get-CertLifecycleEvent -HostRoot $hostRoot).RecordId | Should -Be @(42, 41)
        }
    }

    Context 'When last week''s renewals are replayed with -WhatIf, as the help shows' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'replay'
            $env:CERTREBIND_HOST_ROOT = $hostRoot
            # "Now" is the demo's date: CERTREBIND_NOW for the exe, Get-Date for the pipeline.
            Mock -CommandName Get-Date -MockWith { [System.DateTime]::Parse('2026-11-27T00:00:00Z', [System.Globalization.CultureInfo]::InvariantCulture).ToLocalTime() }
            $filesBefore = Get-HostFileHash -HostRoot $hostRoot

            $replay = { Get-CertLifecycleEvent -Id 1001 -After (Get-Date).AddDays(-7) | Invoke-CertRebind -WhatIf }
            # As at a prompt: errors are written and the pipeline goes on. Invoke-Tests.ps1 runs with 'Stop', in
            # the global scope, where the module's functions look up the preference.
            $savedPreference = $global:ErrorActionPreference
            $global:ErrorActionPreference = 'Continue'
            $capturePath = Start-HostCapture -Folder $TestDrive
            try {
                $output = @(& $replay 2>&1 3>&1)
            }
            finally {
                $whatIfLines = Stop-HostCapture -Path $capturePath
                $global:ErrorActionPreference = $savedPreference
                $env:CERTREBIND_HOST_ROOT = $null
            }

            $written = @($output | Where-Object -FilterScript { $_ -is [System.Management.Automation.ErrorRecord] })
            $emitted = @($output | Where-Object -FilterScript { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.WarningRecord] })
            $filesAfter = Get-HostFileHash -HostRoot $hostRoot
        }

        It 'Should run exactly the pipeline of the help' {
            $replay.ToString().Trim() | Should -BeExactly 'Get-CertLifecycleEvent -Id 1001 -After (Get-Date).AddDays(-7) | Invoke-CertRebind -WhatIf'
        }

        It 'Should show the planned change of every binding of the replaced certificate, one What if line each' {
            $whatIfLines | Should -HaveCount 7
            foreach ($line in $plannedLines) {
                $whatIfLines | Should -Contain $line
            }
        }

        It 'Should report that RD Gateway would be refused (legacy.contoso.com behind its record 0.0.0.0:443), as the only error' {
            @($written.FullyQualifiedErrorId) | Should -Be @('CR3005,Invoke-CertRebind')
            $written[0].TargetObject | Should -Be 'TSGateway'
        }

        It 'Should emit no change and leave every file of the host as it was' {
            $emitted | Should -HaveCount 0
            @($filesAfter.Keys | Sort-Object) | Should -Be @($filesBefore.Keys | Sort-Object)
            foreach ($relativePath in $filesBefore.Keys) {
                $filesAfter[$relativePath] | Should -Be $filesBefore[$relativePath] -Because "$relativePath must not change"
            }
        }
    }

    Context 'When every event, not only the replacement, is piped into Invoke-CertRebind -WhatIf' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'mixed'
            $filesBefore = Get-HostFileHash -HostRoot $hostRoot
            $savedPreference = $global:ErrorActionPreference
            $global:ErrorActionPreference = 'Continue'
            $capturePath = Start-HostCapture -Folder $TestDrive
            try {
                $output = @(& { Get-CertLifecycleEvent -HostRoot $hostRoot | Invoke-CertRebind -HostRoot $hostRoot -WhatIf } 2>&1 3>&1)
            }
            finally {
                $whatIfLines = Stop-HostCapture -Path $capturePath
                $global:ErrorActionPreference = $savedPreference
            }
            $written = @($output | Where-Object -FilterScript { $_ -is [System.Management.Automation.ErrorRecord] })
            $filesAfter = Get-HostFileHash -HostRoot $hostRoot
        }

        It 'Should plan the replacement''s rebind once' {
            $whatIfLines | Should -HaveCount 7
        }

        It 'Should leave the three other events unbound, each with a non-terminating InputObjectNotBound error' {
            @($written | Where-Object -FilterScript { $_.FullyQualifiedErrorId -like 'InputObjectNotBound*' }) | Should -HaveCount 3
            @($written | Where-Object -FilterScript { $_.FullyQualifiedErrorId -like 'CR*' }).FullyQualifiedErrorId | Should -Be @('CR3005,Invoke-CertRebind')
        }

        It 'Should change nothing' {
            foreach ($relativePath in $filesBefore.Keys) {
                $filesAfter[$relativePath] | Should -Be $filesBefore[$relativePath] -Because "$relativePath must not change"
            }
        }
    }

    Context 'When a log is missing and the other holds a malformed event' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'damaged'
            Remove-Item -LiteralPath ([System.IO.Path]::Combine($hostRoot, 'events', 'Lifecycle-User.xml'))
            $systemLog = [System.IO.Path]::Combine($hostRoot, 'events', 'Lifecycle-System.xml')
            $text = [System.IO.File]::ReadAllText($systemLog)
            [System.IO.File]::WriteAllText($systemLog, $text.Replace('<EventID>1006</EventID>', '<EventID>1006</EventId>'))
            $result = @(Get-CertLifecycleEvent -HostRoot $hostRoot -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable written)
        }

        It 'Should return the other events' {
            @($result.RecordId) | Should -Be @(47, 42)
            $written | Should -HaveCount 0
        }

        It 'Should warn about the skipped event, naming the file, the event and its line, and about the missing log' {
            $warnings | Should -HaveCount 2
            $warnings[0].Message | Should -BeLike '*Lifecycle-System.xml: event 1 is malformed and skipped: </EventId> closes <EventID> (line 2).'
            $warnings[1].Message | Should -BeLike 'The User lifecycle log is missing: *Lifecycle-User.xml does not exist, so it adds no events.'
        }
    }
}
