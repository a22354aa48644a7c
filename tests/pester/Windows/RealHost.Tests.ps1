<#
    Tests of the module on a real Windows Server with IIS (tag Windows), run by
    .github/workflows/windows.yml on a GitHub-hosted Windows Server 2022 runner. The fixture
    (RealHostFixture.ps1; names and ports in RealHost.psd1) puts an old certificate on an IP record, an SNI
    record, a Central Certificate Store (CCS) binding, an IIS FTP site and a non-IIS HTTP.sys record. Then:

    1. Invoke-CertRebind -OldThumbprint -NewThumbprint moves them to the new certificate, checked four
       ways: each record as HTTP.sys keeps it in the registry, every value compared with the one before the
       rebind (only the hash may change; netsh http show sslcert as a cross-check), the FTP site's serverCertHash
       in applicationHost.config, and a TLS handshake to each host name and port, which must present the new
       certificate. certrebind reads and writes HTTP.sys through the HTTP Server API: with the audit of process
       creation on (Security event 4688), the rebind must start no netsh.exe. The CCS
       binding keeps its certificate: certrebind never changes CCS records (docs/cli-contract.md, rebind), as
       they carry no certificate hash; the certificate is the PFX file named after the host.
    2. Enable-IISCertAutoRebind, then a third certificate and a real event 1001 (Switch-Certificate
       -NotifyOnly): the scheduled task must move everything to it within RealHost.psd1's TaskWaitSeconds.
       Disable-IISCertAutoRebind removes the task again.

    The tests change the machine: they run only on Windows, elevated, with IIS, and with
    CERTREBIND_REAL_HOST_TESTS=1. Anywhere else every test is skipped with the reason, and no set-up runs.
    When CERTREBIND_REAL_HOST_MANIFEST names the JSON of a fixture the workflow made, the tests use it;
    otherwise they make the fixture themselves and remove it afterwards.
#>

BeforeDiscovery {
    # Data only: nothing here touches Windows.
    $fixture = Import-PowerShellDataFile -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath 'RealHost.psd1')

    # The HTTP.sys records that carry a certificate hash, and the rebind target each one is.
    $hashedRecords = @(
        @{ Description = 'the IP record of the IIS binding *:4431:'; Record = $fixture.IpBinding.Record; Kind = 'ipport'; Endpoint = ($fixture.IpBinding.Record -split '=', 2)[1] }
        @{ Description = 'the SNI record of the IIS binding *:443:sni.certrebind.test'; Record = $fixture.SniBinding.Record; Kind = 'hostnameport'; Endpoint = ($fixture.SniBinding.Record -split '=', 2)[1] }
        @{ Description = 'the non-IIS record 0.0.0.0:8443'; Record = $fixture.NonIisRecord.Record; Kind = 'ipport'; Endpoint = ($fixture.NonIisRecord.Record -split '=', 2)[1] }
    )

    # Every target of the rebind: the records above and the FTP site (its binding information).
    $rebindTargets = @($hashedRecords | ForEach-Object -Process { @{ Kind = $_.Kind; Endpoint = $_.Endpoint } }) + @(
        @{ Kind = 'ftp'; Endpoint = "*:$($fixture.FtpSite.Port):" }
    )

    # The same, as the 'kind endpoint' lines the tests compare.
    $rebindTargetLines = @($rebindTargets | ForEach-Object -Process { "$($_.Kind) $($_.Endpoint)" } | Sort-Object)

    # The TLS endpoints that serve the certificate being moved: host name (sent as SNI) and port on 127.0.0.1.
    $movedEndpoints = @(
        @{ Description = 'the IP binding (port 4431)'; Port = $fixture.IpBinding.Port; TargetHost = $fixture.IpBinding.TargetHost; Ftp = $false }
        @{ Description = 'the SNI binding sni.certrebind.test:443'; Port = $fixture.SniBinding.Port; TargetHost = $fixture.SniBinding.HostName; Ftp = $false }
        @{ Description = 'the non-IIS record (port 8443, an HttpListener of these tests)'; Port = $fixture.NonIisRecord.Port; TargetHost = $fixture.NonIisRecord.TargetHost; Ftp = $false }
        @{ Description = 'the FTP site (AUTH TLS on port 21)'; Port = $fixture.FtpSite.Port; TargetHost = $fixture.FtpSite.TargetHost; Ftp = $true }
    )
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'RealHostHelpers.psm1') -Force
    $skipReason = Get-RealHostSkipReason
    if ($skipReason) {
        return
    }

    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exePath = Get-CertRebindTestExe
    if (-not (Test-Path -LiteralPath $exePath -PathType Leaf)) {
        throw "The certrebind exe '$exePath' does not exist: build it first (.github/workflows/windows.yml shows the steps on Windows)."
    }
    Import-CertRebindModule
    # The module works on this machine: no snapshot host, no fake date.
    $savedEnvironment = Save-TestEnvironment -Name 'CERTREBIND_HOST_ROOT', 'CERTREBIND_NOW' -Clear
    $fixture = Get-RealHostFixture

    $manifestPath = $env:CERTREBIND_REAL_HOST_MANIFEST
    $ownsFixture = [System.String]::IsNullOrEmpty($manifestPath) -or -not (Test-Path -LiteralPath $manifestPath)
    if ($ownsFixture) {
        $manifest = Invoke-RealHostFixture -Action 'Create' -OutputPath (Join-Path -Path $TestDrive -ChildPath 'real-host.json')
    }
    else {
        $manifest = Get-Content -Raw -LiteralPath $manifestPath | ConvertFrom-Json
    }
    $oldThumbprint = $manifest.OldThumbprint
    $newThumbprint = $manifest.NewThumbprint
    # The records that carry a hash, as -Kind/-Endpoint of Get-HttpSysRegistryRecord.
    $registryRecords = @(
        foreach ($record in $fixture.IpBinding.Record, $fixture.SniBinding.Record, $fixture.NonIisRecord.Record) {
            $kind, $endpoint = $record -split '=', 2
            [PSCustomObject] @{ Record = $record; Kind = $kind; Endpoint = $endpoint }
        }
    )
    # Where the tests leave what they saw for the workflow's artefacts (the processes certrebind started).
    $outputDirectory = if ($env:CERTREBIND_REAL_HOST_OUTPUT) { $env:CERTREBIND_REAL_HOST_OUTPUT } else { "$TestDrive" }

    # The non-IIS record is served by whatever application listens on its port through HTTP.sys: here an
    # HttpListener, which on Windows is an HTTP.sys client. That HTTP.sys then does the TLS handshake with
    # no request being read is a guess.
    $listener = New-Object -TypeName 'System.Net.HttpListener'
    $listener.Prefixes.Add($fixture.NonIisRecord.ListenerPrefix)
    $listener.Start()

    function Get-ServedThumbprint {
        param ([System.Int32] $Port, [System.String] $TargetHost, [System.Boolean] $Ftp)

        Get-ServedCertificateThumbprint -Port $Port -TargetHost $TargetHost -FtpAuthTls:$Ftp
    }
}

AfterAll {
    if ($skipReason) {
        return
    }

    if ($null -ne $listener) {
        $listener.Close()
    }
    # The set-up may have stopped half-way: clean up only what it got to.
    if ((Get-Command -Name 'Get-IISCertAutoRebind' -ErrorAction SilentlyContinue) -and (Get-IISCertAutoRebind -WarningAction SilentlyContinue).Exists) {
        Disable-IISCertAutoRebind -Confirm:$false -WarningAction SilentlyContinue
    }
    if ($ownsFixture) {
        Invoke-RealHostFixture -Action 'Remove'
    }
    if ($null -ne $savedEnvironment) {
        Restore-TestEnvironment -Saved $savedEnvironment
        Remove-CertRebindModule
    }
}

Describe 'CertRebind on a real Windows Server with IIS' -Tag 'Windows' {
    Context 'When the fixture is in place, before any rebind' {
        It 'Should have <Description> on the old certificate (registry)' -ForEach $hashedRecords {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            $current = Get-HttpSysRegistryRecord -Kind $Kind -Endpoint $Endpoint
            $current.Exists | Should -BeTrue -Because "HTTP.sys keeps the record under HKLM:\SYSTEM\CurrentControlSet\Services\HTTP\Parameters ($((Get-SslCertRecord -Record $Record).Text))"
            $current.Thumbprint | Should -Be $oldThumbprint -Because ($current.Values | Out-String)
        }

        It 'Should have <Description> on the old certificate (netsh http show sslcert, a cross-check)' -ForEach $hashedRecords {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            $current = Get-SslCertRecord -Record $Record
            $current.Exists | Should -BeTrue -Because $current.Text
            $current.Thumbprint | Should -Be $oldThumbprint
        }

        It 'Should have the CCS record on port 443, with no certificate hash' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            $current = Get-SslCertRecord -Record $fixture.CcsBinding.Record
            $current.Exists | Should -BeTrue -Because $current.Text
            $current.Thumbprint | Should -BeNullOrEmpty -Because 'a CCS record names no certificate: IIS loads <host name>.pfx'
        }

        It 'Should have the FTP site on the old certificate' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            Get-FtpServerCertHash -SiteName $fixture.FtpSite.Name | Should -Be $oldThumbprint
        }

        It 'Should serve the old certificate on <Description>' -ForEach $movedEndpoints {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            Get-ServedThumbprint -Port $Port -TargetHost $TargetHost -Ftp $Ftp | Should -Be $oldThumbprint
        }

        It 'Should serve the PFX file''s certificate (the old one) on the CCS host name' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            Get-ServedThumbprint -Port $fixture.CcsBinding.Port -TargetHost $fixture.CcsBinding.HostName -Ftp $false | Should -Be $oldThumbprint
        }

        It 'Should list the IP, SNI, non-IIS and FTP bindings of the old certificate with Get-CertBinding' -ForEach @(@{ Expected = $rebindTargetLines }) {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            $bindings = @(Get-CertBinding -Thumbprint $oldThumbprint -WarningAction SilentlyContinue)
            @($bindings | ForEach-Object -Process { "$($_.Kind) $($_.Endpoint)" } | Sort-Object) | Should -Be $Expected
            $nonIis = $bindings | Where-Object -Property Endpoint -EQ -Value ($fixture.NonIisRecord.Record -split '=', 2)[1]
            $nonIis.Owner | Should -Be 'Unknown'
            $nonIis.Sites | Should -BeNullOrEmpty
        }

        It 'Should list the CCS binding with no thumbprint and the site behind it' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            $ccs = @(Get-CertBinding -WarningAction SilentlyContinue | Where-Object -Property Kind -EQ -Value 'ccs')
            $ccs | Should -HaveCount 1
            $ccs[0].Thumbprint | Should -BeNullOrEmpty
            $ccs[0].Sites | Should -Contain $fixture.Site.Name
        }
    }

    Context 'When Invoke-CertRebind moves the old certificate to the new one' {
        BeforeAll {
            if ($skipReason) {
                return
            }

            $recordsBefore = @{}
            foreach ($record in $registryRecords) {
                $recordsBefore[$record.Record] = Get-HttpSysRegistryRecord -Kind $record.Kind -Endpoint $record.Endpoint
            }
            $auditProblem = Enable-ProcessCreationAudit
            $rebindStarted = [System.DateTime]::Now.AddSeconds(-1)
            if (-not $auditProblem) {
                # A control: a process this session starts must show up, or the audit does not work here.
                $null = & ([System.IO.Path]::Combine($env:SystemRoot, 'System32', 'whoami.exe'))
                $self = [System.IO.Path]::GetFileName((Get-Process -Id $PID).Path)
                # How soon the event is readable is not documented: up to 10 s (a guess).
                for ($try = 0; $try -lt 10; $try++) {
                    $control = @(Get-ChildProcessCreation -Since $rebindStarted -ParentImageName $self | Where-Object -FilterScript { $_.NewProcessName -like '*\whoami.exe' })
                    if ($control.Count -gt 0) { break }
                    Start-Sleep -Seconds 1
                }
                if ($control.Count -eq 0) { $auditProblem = "no event 4688 for a whoami.exe started by $self" }
            }

            $rebindErrors = $null
            $changes = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm:$false -ErrorVariable 'rebindErrors' -ErrorAction 'SilentlyContinue')

            # What certrebind.exe started during the rebind (the plan and the run), kept as an artefact.
            $children = @(Get-ChildProcessCreation -Since $rebindStarted -ParentImageName 'certrebind.exe')
            $children | ConvertTo-Json -Depth 3 | Set-Content -LiteralPath (Join-Path -Path $outputDirectory -ChildPath 'rebind-child-processes.json') -Encoding 'UTF8'
        }

        It 'Should report no error' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            @($rebindErrors) | Should -HaveCount 0 -Because ($rebindErrors | Out-String)
        }

        It 'Should report <Kind> <Endpoint> as applied, from the old to the new thumbprint' -ForEach $rebindTargets {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            $change = @($changes | Where-Object -FilterScript { $_.Kind -eq $Kind -and $_.Endpoint -eq $Endpoint })
            $change | Should -HaveCount 1 -Because ($changes | Format-Table -Property Kind, Endpoint, Status, Code, Reason | Out-String)
            $change[0].Status | Should -Be 'applied' -Because $change[0].Reason
            $change[0].From | Should -Be $oldThumbprint
            $change[0].To | Should -Be $newThumbprint
        }

        It 'Should make no other change (the CCS record is never one)' -ForEach @(@{ Expected = $rebindTargetLines }) {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            @($changes | ForEach-Object -Process { "$($_.Kind) $($_.Endpoint)" } | Sort-Object) | Should -Be $Expected
        }

        It 'Should leave <Description> with the new hash and every other registry value as it was' -ForEach $hashedRecords {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            $before = $recordsBefore[$Record]
            $after = Get-HttpSysRegistryRecord -Kind $Kind -Endpoint $Endpoint
            $after.Exists | Should -BeTrue -Because ($before.Values | Out-String)
            $after.Thumbprint | Should -Be $newThumbprint
            @(Compare-HttpSysRegistryRecord -Before $before -After $after -Except 'SslCertHash') | Should -HaveCount 0 -Because (
                "every setting but the hash must survive the rebind: $((Compare-HttpSysRegistryRecord -Before $before -After $after -Except 'SslCertHash') -join '; ')")
        }

        It 'Should start no netsh.exe to read or write HTTP.sys' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }
            if ($auditProblem) { Set-ItResult -Inconclusive -Because "the audit of process creation could not be turned on: $auditProblem" }

            $started = ($children | Format-Table -Property TimeCreated, NewProcessName -AutoSize | Out-String)
            @($children | Where-Object -FilterScript { [System.IO.Path]::GetFileName($_.NewProcessName) -eq 'netsh.exe' }) | Should -HaveCount 0 -Because $started
        }

        # docs/audit-events.md: source CertRebind, event 100, the sentence as the description (through .NET's
        # EventLogMessages.dll, whose messages are '%1') and the record as the second insertion string. How soon
        # the event is readable, and whether the message keeps the message file's line end, are not documented
        # (guesses: up to 10 s; TrimEnd).
        It 'Should write the rebind''s audit event 100 to the Application log: the sentence as its description, the record as its second string' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            for ($try = 0; $try -lt 10; $try++) {
                $auditEvents = @(Get-WinEvent -FilterHashtable @{ LogName = 'Application'; ProviderName = 'CertRebind'; Id = 100; StartTime = $rebindStarted } -ErrorAction 'SilentlyContinue')
                if ($auditEvents.Count -gt 0) { break }
                Start-Sleep -Seconds 1
            }
            $auditEvents | Should -HaveCount 1 -Because 'one rebind ran since, and a dry run writes no audit'
            $auditEvent = $auditEvents[0]
            $auditEvent.Level | Should -Be 4
            @($auditEvent.Properties) | Should -HaveCount 2
            $record = $auditEvent.Properties[1].Value | ConvertFrom-Json
            $record.command | Should -Be 'rebind'
            $record.exitCode | Should -Be 0
            $record.new | Should -Be $newThumbprint
            "$($auditEvent.Properties[0].Value)" | Should -Match ([System.Text.RegularExpressions.Regex]::Escape("run $($record.runId) by ") + '.*: exit code 0, done\.$')
            "$($auditEvent.Message)".TrimEnd() | Should -BeExactly "$($auditEvent.Properties[0].Value)" -Because "the source's message file gives the first insertion string ($((Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\EventLog\Application\CertRebind' -ErrorAction 'SilentlyContinue').EventMessageFile))"
        }

        It 'Should leave <Description> on the new certificate (netsh http show sslcert, a cross-check)' -ForEach $hashedRecords {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            $current = Get-SslCertRecord -Record $Record
            $current.Exists | Should -BeTrue -Because $current.Text
            $current.Thumbprint | Should -Be $newThumbprint
        }

        It 'Should leave the CCS record as it was, with no certificate hash' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            $current = Get-SslCertRecord -Record $fixture.CcsBinding.Record
            $current.Exists | Should -BeTrue -Because $current.Text
            $current.Thumbprint | Should -BeNullOrEmpty
        }

        It 'Should write the new thumbprint into the FTP site''s serverCertHash in applicationHost.config' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            Get-FtpServerCertHash -SiteName $fixture.FtpSite.Name | Should -Be $newThumbprint
        }

        # For the FTP site this also asks whether the FTP service takes the new serverCertHash without a
        # restart (certrebind restarts nothing): a guess, which this test settles.
        It 'Should serve the new certificate on <Description>' -ForEach $movedEndpoints {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            Get-ServedThumbprint -Port $Port -TargetHost $TargetHost -Ftp $Ftp | Should -Be $newThumbprint
        }

        It 'Should keep serving the PFX file''s certificate (the old one) on the CCS host name' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            Get-ServedThumbprint -Port $fixture.CcsBinding.Port -TargetHost $fixture.CcsBinding.HostName -Ftp $false | Should -Be $oldThumbprint
        }

        It 'Should change nothing when run again' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            $secondErrors = $null
            $second = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm:$false -ErrorVariable 'secondErrors' -ErrorAction 'SilentlyContinue')
            @($secondErrors) | Should -HaveCount 0 -Because ($secondErrors | Out-String)
            @($second | Where-Object -Property Status -EQ -Value 'applied') | Should -HaveCount 0
            (Get-HttpSysRegistryRecord -Kind 'hostnameport' -Endpoint ($fixture.SniBinding.Record -split '=', 2)[1]).Thumbprint | Should -Be $newThumbprint
        }
    }

    Context 'When Windows announces a renewal (event 1001) and the automatic rebind is enabled' {
        BeforeAll {
            if ($skipReason) {
                return
            }

            # -ReplaceBuiltIn: IIS's own task must not move the bindings in CertRebind's place.
            $status = Enable-IISCertAutoRebind -ReplaceBuiltIn -Confirm:$false -WarningAction SilentlyContinue
            $auditCountBefore = @(Get-CertRebindAuditRecord).Count

            $renewal = Invoke-RealHostFixture -Action 'NewRenewal' -OldThumbprint $newThumbprint -OutputPath (Join-Path -Path $TestDrive -ChildPath 'renewal.json')
            $renewalThumbprint = $renewal.RenewalThumbprint

            # Wait for the task: every hashed record and the FTP site on the renewal. Event triggers usually
            # start a task within seconds; TaskWaitSeconds (120) is a guess with room to spare.
            $started = [System.Diagnostics.Stopwatch]::StartNew()
            do {
                Start-Sleep -Seconds 5
                $pending = @(foreach ($record in $registryRecords) {
                        if ((Get-HttpSysRegistryRecord -Kind $record.Kind -Endpoint $record.Endpoint).Thumbprint -ne $renewalThumbprint) { $record.Record }
                    })
                if ((Get-FtpServerCertHash -SiteName $fixture.FtpSite.Name) -ne $renewalThumbprint) {
                    $pending += 'ftp'
                }
            } until ($pending.Count -eq 0 -or $started.Elapsed.TotalSeconds -gt $fixture.TaskWaitSeconds)
            $waited = 'after {0:N0} s, still pending: {1}; task: {2}' -f $started.Elapsed.TotalSeconds, ($pending -join ', '),
                (Get-IISCertAutoRebind -WarningAction SilentlyContinue | Format-List -Property Exists, Enabled, LastRunTime, LastResult, LastResultMeaning | Out-String).Trim()
        }

        It 'Should register the task, enabled, with the lifecycle channel on and IIS''s own task not enabled' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            $status.Exists | Should -BeTrue
            $status.Enabled | Should -BeTrue
            $status.ExeExists | Should -BeTrue
            $status.LifecycleChannelEnabled | Should -BeTrue
            $status.BuiltInTaskEnabled | Should -Not -BeTrue
        }

        It 'Should find the event 1001 of the renewal with Get-CertLifecycleEvent' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            $events = @(Get-CertLifecycleEvent -Id 1001 -Thumbprint $renewalThumbprint -WarningAction SilentlyContinue)
            $events | Should -HaveCount 1
            $events[0].OldThumbprint | Should -Be $newThumbprint
            $events[0].NewThumbprint | Should -Be $renewalThumbprint
        }

        It 'Should move <Description> to the renewal' -ForEach $hashedRecords {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            (Get-HttpSysRegistryRecord -Kind $Kind -Endpoint $Endpoint).Thumbprint | Should -Be $renewalThumbprint -Because $waited
        }

        It 'Should move the FTP site to the renewal' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            Get-FtpServerCertHash -SiteName $fixture.FtpSite.Name | Should -Be $renewalThumbprint -Because $waited
        }

        It 'Should serve the renewal on <Description>' -ForEach $movedEndpoints {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            Get-ServedThumbprint -Port $Port -TargetHost $TargetHost -Ftp $Ftp | Should -Be $renewalThumbprint
        }

        It 'Should record the run in the audit log as started by the event, with exit code 0' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            $newRecords = @(Get-CertRebindAuditRecord | Select-Object -Skip $auditCountBefore)
            $eventRuns = @($newRecords | Where-Object -Property trigger -EQ -Value 'event')
            $eventRuns | Should -Not -BeNullOrEmpty -Because ($newRecords | ConvertTo-Json -Depth 5)
            $eventRuns.exitCode | Should -Contain 0
        }

        It 'Should remove the task with Disable-IISCertAutoRebind' {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }

            Disable-IISCertAutoRebind -Confirm:$false -WarningAction SilentlyContinue
            (Get-IISCertAutoRebind -WarningAction SilentlyContinue).Exists | Should -BeFalse
        }
    }
}
