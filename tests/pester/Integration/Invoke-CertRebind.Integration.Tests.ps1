<#
    Integration tests of Invoke-CertRebind: the module runs the real certrebind exe on fresh copies
    of the demo snapshot host (examples/demo-host; the story is in its README, "What a rebind should
    do") in TestDrive, on the demo's date (CERTREBIND_NOW = 2026-11-27). The rebind moves www-2025 to
    its renewal www-2026: IIS's HTTP.sys records and FTP sites, and the services' bindings (SQL Server, the
    pinned RDP listener, WinRM's HTTPS listener with its HTTP.sys record 0.0.0.0:5986). RD Gateway's change
    is refused (CR3005): it would move the HTTP.sys record 0.0.0.0:443 it claims, and legacy.contoso.com
    behind it is not covered. Thumbprints are read from the host's certificate files, not repeated here.
    Skipped, with a warning, until the exe has been built (./build.sh Build); written to the rebind
    contract of docs/cli-contract.md.
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exeMissing = -not (Test-CertRebindTestExe -Suite 'Invoke-CertRebind')

    # The targets the rebind moves to the renewal, with the sites behind them.
    $movedTargets = @(
        @{ Kind = 'ipport';       Endpoint = '10.0.0.10:443';       Sites = @('Shop') }
        @{ Kind = 'hostnameport'; Endpoint = 'www.contoso.com:443'; Sites = @('Contoso WWW') }
        @{ Kind = 'ftp';          Endpoint = '*:21:';               Sites = @('Contoso FTP') }
        @{ Kind = 'ftp';          Endpoint = 'siteDefaults';        Sites = @() }
        @{ Kind = 'sqlserver';    Endpoint = 'MSSQLSERVER';         Sites = @() }
        @{ Kind = 'rdp';          Endpoint = 'RDP-Tcp';             Sites = @() }
        @{ Kind = 'winrm';        Endpoint = 'Address=*+Transport=HTTPS'; Sites = @() }
    )

    # Bindings of other certificates (or of none), which no rebind of www-2025 may touch.
    $otherBindings = @('hostnameport api.contoso.com:443', 'ccs 443', 'ipport 0.0.0.0:8443')

    # A rebind that cannot start: the command ends, and nothing is written.
    $refusedStarts = @(
        @{ Description = 'the old and the new thumbprint are the same'; Code = 'CR2011'; New = 'old' }
        @{ Description = 'the new certificate is in no store of the host'; Code = 'CR2010'; New = '1111111111111111111111111111111111111111' }
    )
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule
    $savedEnvironment = Set-DemoHostEnvironment

    # 'kind endpoint' -> thumbprint of every binding of the host.
    function Get-BoundThumbprint {
        param ([System.String] $HostRoot)

        $bound = @{}
        foreach ($binding in Get-CertBinding -HostRoot $HostRoot -WarningAction SilentlyContinue) {
            $bound['{0} {1}' -f $binding.Kind, $binding.Endpoint] = $binding.Thumbprint
        }
        $bound
    }

    $oldThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2025.cer'
    $newThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2026.cer'
    $rebind = @{ OldThumbprint = $oldThumbprint; NewThumbprint = $newThumbprint }
}

AfterAll {
    Restore-TestEnvironment -Saved $savedEnvironment
    Remove-CertRebindModule
}

Describe 'Invoke-CertRebind on the demo host' -Tag 'Integration' -Skip:$exeMissing {
    Context 'When the rebind is previewed with -WhatIf' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'whatif'
            $filesBefore = Get-HostFileHash -HostRoot $hostRoot

            $capturePath = Start-HostCapture -Folder $TestDrive
            try {
                $result = @(Invoke-CertRebind @rebind -HostRoot $hostRoot -WhatIf -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            }
            finally {
                $whatIfLines = Stop-HostCapture -Path $capturePath
            }

            $filesAfter = Get-HostFileHash -HostRoot $hostRoot
        }

        It 'Should leave every file of the host byte-identical and write no file' {
            @($filesAfter.Keys | Sort-Object) | Should -Be @($filesBefore.Keys | Sort-Object)
            foreach ($relativePath in $filesBefore.Keys) {
                $filesAfter[$relativePath] | Should -Be $filesBefore[$relativePath] -Because "$relativePath must not change"
            }
        }

        It 'Should emit nothing' {
            $result | Should -HaveCount 0
        }

        It 'Should print one What if line per target it would move, and none for RD Gateway or the records it and WinRM claim' {
            $whatIfLines | Should -HaveCount 7
            $whatIfLines | Should -Contain "What if: Re-binding ipport 10.0.0.10:443 (Shop) from certificate $oldThumbprint to $newThumbprint."
            $whatIfLines | Should -Contain "What if: Re-binding hostnameport www.contoso.com:443 (Contoso WWW) from certificate $oldThumbprint to $newThumbprint."
            $whatIfLines | Should -Contain "What if: Re-binding ftp *:21: (Contoso FTP) from certificate $oldThumbprint to $newThumbprint."
            $whatIfLines | Should -Contain "What if: Re-binding ftp siteDefaults (no site) from certificate $oldThumbprint to $newThumbprint."
            $whatIfLines | Should -Contain "What if: Re-binding rdp RDP-Tcp (no site) from certificate $oldThumbprint to $newThumbprint."
            $whatIfLines | Should -Contain "What if: Re-binding winrm Address=*+Transport=HTTPS (no site) from certificate $oldThumbprint to $newThumbprint."
        }

        It 'Should say what the SQL Server change needs besides its write: a read grant on the new key and a restart' {
            $whatIfLines | Should -Contain "What if: Re-binding sqlserver MSSQLSERVER (no site) from certificate $oldThumbprint to $newThumbprint. Needs: key read: grant NT Service\MSSQLSERVER; restart MSSQLSERVER."
        }

        It 'Should report that RD Gateway would be refused, for legacy.contoso.com behind the record it claims, as one error CR3005,Invoke-CertRebind' {
            $written | Should -HaveCount 1
            $written[0].FullyQualifiedErrorId | Should -Be 'CR3005,Invoke-CertRebind'
            $written[0].TargetObject | Should -Be 'TSGateway'
            $written[0].Exception.Message | Should -BeLike '*0.0.0.0:443*legacy.contoso.com*-AllowNameMismatch*'
        }
    }

    Context 'When the rebind is applied' -ForEach @(@{ MovedTargets = $movedTargets; OtherBindings = $otherBindings }) {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'apply'
            $configPath = [System.IO.Path]::Combine($hostRoot, 'inetsrv', 'applicationHost.config')
            $configBefore = [System.IO.File]::ReadAllBytes($configPath)
            $boundBefore = Get-BoundThumbprint -HostRoot $hostRoot

            $thrown = $null
            try {
                $result = @(Invoke-CertRebind @rebind -HostRoot $hostRoot -Confirm:$false -ErrorVariable written -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue)
            }
            catch {
                $thrown = $_
            }

            $configAfter = [System.IO.File]::ReadAllBytes($configPath)
            $boundAfter = Get-BoundThumbprint -HostRoot $hostRoot
            $gateway = $result | Where-Object -Property Kind -EQ -Value 'rdgateway'
        }

        It 'Should not end the pipeline' {
            $thrown | Should -BeNullOrEmpty
        }

        It 'Should emit one CertRebind.Change per target: the seven it moves and RD Gateway' {
            $expected = @($MovedTargets | ForEach-Object -Process { '{0} {1}' -f $_.Kind, $_.Endpoint }) + 'rdgateway TSGateway'
            @($result | ForEach-Object -Process { '{0} {1}' -f $_.Kind, $_.Endpoint } | Sort-Object) | Should -Be @($expected | Sort-Object)
            foreach ($change in $result) {
                $change.PSObject.TypeNames[0] | Should -Be 'CertRebind.Change'
            }
        }

        It 'Should apply every target it moves, from the old certificate to the new one, with its sites' {
            foreach ($target in $MovedTargets) {
                $change = $result | Where-Object -FilterScript { $_.Kind -eq $target.Kind -and $_.Endpoint -eq $target.Endpoint }
                $change.Status | Should -Be 'applied' -Because "$($target.Endpoint) is moved"
                $change.From | Should -Be $oldThumbprint
                $change.To | Should -Be $newThumbprint
                $change.Sites | Should -Be $target.Sites
            }
        }

        It 'Should refuse RD Gateway with CR3005, as legacy.contoso.com behind its record 0.0.0.0:443 is not covered' {
            $gateway.Status | Should -Be 'refused'
            $gateway.Code | Should -Be 'CR3005'
            $gateway.Reason | Should -BeLike '*0.0.0.0:443*legacy.contoso.com*'
            $gateway.Service | Should -Be 'TSGateway'
            $gateway.RestartRequired | Should -BeTrue
        }

        It 'Should write exactly one error, the non-terminating CR3005,Invoke-CertRebind for TSGateway' {
            $written | Should -HaveCount 1
            $written[0].FullyQualifiedErrorId | Should -Be 'CR3005,Invoke-CertRebind'
            $written[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $written[0].TargetObject | Should -Be 'TSGateway'
        }

        It 'Should leave the host with the moved bindings on the new certificate, RD Gateway and its record 0.0.0.0:443 on the old one' {
            foreach ($target in $MovedTargets) {
                $boundAfter['{0} {1}' -f $target.Kind, $target.Endpoint] | Should -Be $newThumbprint -Because "$($target.Endpoint) is moved"
            }
            $boundAfter['rdgateway TSGateway'] | Should -Be $oldThumbprint
            $boundAfter['ipport 0.0.0.0:443'] | Should -Be $oldThumbprint
        }

        It 'Should move the HTTP.sys record 0.0.0.0:5986 with the WinRM listener that claims it' {
            $boundBefore['ipport 0.0.0.0:5986'] | Should -Be $oldThumbprint
            $boundAfter['ipport 0.0.0.0:5986'] | Should -Be $newThumbprint
        }

        It 'Should leave the RDP listener that a template chooses (RDP-Tcp-3390) as it was' {
            $boundAfter['rdp RDP-Tcp-3390'] | Should -Be $oldThumbprint
            $result | Where-Object -Property Endpoint -EQ -Value 'RDP-Tcp-3390' | Should -BeNullOrEmpty
        }

        It 'Should say what each service change needed: SQL Server a read grant, given, and a restart; RDP and WinRM neither' {
            $sql = $result | Where-Object -Property Kind -EQ -Value 'sqlserver'
            $sql.Service | Should -Be 'MSSQLSERVER'
            $sql.RestartRequired | Should -BeTrue
            @($sql.KeyAccess | ForEach-Object -Process { '{0}: {1}' -f $_.Account, $_.Status }) | Should -Be @('NT Service\MSSQLSERVER: granted')
            $rdp = $result | Where-Object -Property Kind -EQ -Value 'rdp'
            $rdp.Service | Should -Be 'TermService'
            $rdp.RestartRequired | Should -BeFalse
            @($rdp.KeyAccess | ForEach-Object -Process { '{0}: {1}' -f $_.Account, $_.Status }) | Should -Be @('NT AUTHORITY\NETWORK SERVICE: has')
            $winrm = $result | Where-Object -Property Kind -EQ -Value 'winrm'
            $winrm.Service | Should -Be 'WinRM'
            $winrm.RestartRequired | Should -BeFalse
            $winrm.KeyAccess | Should -BeNullOrEmpty
            foreach ($iis in @($result | Where-Object -Property Kind -In -Value 'ipport', 'hostnameport', 'ftp')) {
                $iis.Service | Should -BeNullOrEmpty
                $iis.RestartRequired | Should -BeFalse
            }
        }

        It 'Should warn that MSSQLSERVER must restart, naming -RestartService' {
            @($warnings | Where-Object -FilterScript { $_.Message -like '*MSSQLSERVER*-RestartService*' }) | Should -HaveCount 1
        }

        It 'Should leave the bindings of other certificates as they were' {
            foreach ($key in $OtherBindings) {
                $boundAfter.ContainsKey($key) | Should -BeTrue -Because "$key is still there"
                $boundAfter[$key] | Should -Be $boundBefore[$key] -Because "$key is not on the old certificate"
            }
        }

        It 'Should change nothing in applicationHost.config but the FTP certificate hashes (BOM, line ends and all)' {
            $configAfter[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)
            $textBefore = [System.Text.Encoding]::UTF8.GetString($configBefore)
            $textAfter = [System.Text.Encoding]::UTF8.GetString($configAfter)
            $textAfter | Should -Not -Match $oldThumbprint
            ($textAfter -replace $newThumbprint, '<HASH>') | Should -BeExactly ($textBefore -replace $oldThumbprint, '<HASH>')
        }

        It 'Should say what www.contoso.com:443 kept, client certificate negotiation included' {
            $www = $result | Where-Object -Property Endpoint -EQ -Value 'www.contoso.com:443'
            ($www.Kept -join [System.Environment]::NewLine) | Should -BeLike '*DefaultFlags: 0x00010012 (NEGOTIATE_CLIENT_CERT, DISABLE_HTTP2, 0x00010000)*'
        }

        It 'Should warn that 10.0.0.10:443 takes the connections to its address from the SNI records of its port' {
            @($warnings | Where-Object -FilterScript { $_.Message -like 'ipport 10.0.0.10:443: *' }) | Should -Not -BeNullOrEmpty
        }

        It 'Should give every change the id of the run' {
            @($result.RunId | Sort-Object -Unique) | Should -HaveCount 1
            $result[0].RunId | Should -Not -BeNullOrEmpty
        }

        It 'Should append one audit record for the run to state/audit.jsonl' {
            $auditPath = [System.IO.Path]::Combine($hostRoot, 'state', 'audit.jsonl')
            $records = @(Get-Content -LiteralPath $auditPath | Where-Object -FilterScript { $_.Trim() })
            $records | Should -HaveCount 1
            { $records[0] | ConvertFrom-Json -ErrorAction Stop } | Should -Not -Throw
        }
    }

    Context 'When the same rebind runs a second time' -ForEach @(@{ MovedTargets = $movedTargets }) {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'twice'
            $null = Invoke-CertRebind @rebind -HostRoot $hostRoot -Confirm:$false -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $filesAfterFirst = Get-HostFileHash -HostRoot $hostRoot

            $result = @(Invoke-CertRebind @rebind -HostRoot $hostRoot -Confirm:$false -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $filesAfterSecond = Get-HostFileHash -HostRoot $hostRoot
        }

        It 'Should report the targets the first run moved as unchanged' {
            foreach ($target in $MovedTargets) {
                $change = $result | Where-Object -FilterScript { $_.Kind -eq $target.Kind -and $_.Endpoint -eq $target.Endpoint }
                $change.Status | Should -Be 'unchanged' -Because "$($target.Endpoint) is already on the new certificate"
            }
        }

        It 'Should still refuse RD Gateway, with one error CR3005,Invoke-CertRebind' {
            ($result | Where-Object -Property Endpoint -EQ -Value 'TSGateway').Status | Should -Be 'refused'
            @($written.FullyQualifiedErrorId) | Should -Be @('CR3005,Invoke-CertRebind')
        }

        It 'Should change no file but the audit log, which gets one record more: a rebind that asks nothing is one audited run, as with the exe alone' {
            @($filesAfterSecond.Keys | Sort-Object) | Should -Be @($filesAfterFirst.Keys | Sort-Object)
            foreach ($relativePath in $filesAfterFirst.Keys) {
                if ($relativePath -ne 'state/audit.jsonl') {
                    $filesAfterSecond[$relativePath] | Should -Be $filesAfterFirst[$relativePath] -Because "$relativePath must not change"
                }
            }
            $records = @(Get-Content -LiteralPath ([System.IO.Path]::Combine($hostRoot, 'state', 'audit.jsonl')) | Where-Object -FilterScript { $_.Trim() } | ConvertFrom-Json)
            $records | Should -HaveCount 2
            @($records[1].changes.status) | Should -Not -Contain 'applied'
        }
    }

    Context 'When -Force is given alone' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'force-alone'
            # No -Confirm:$false: -Force alone must not ask, and overrides no check.
            $result = @(Invoke-CertRebind @rebind -HostRoot $hostRoot -Force -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $boundAfter = Get-BoundThumbprint -HostRoot $hostRoot
        }

        It 'Should apply without asking, and still refuse RD Gateway (CR3005), which leaves 0.0.0.0:443 alone' {
            @($result | Where-Object -Property Status -EQ -Value 'applied') | Should -HaveCount 7
            @($written.FullyQualifiedErrorId) | Should -Be @('CR3005,Invoke-CertRebind')
            $boundAfter['ipport 0.0.0.0:443'] | Should -Be $oldThumbprint
        }
    }

    Context 'When the host-name check is overridden with -AllowNameMismatch, and -Force asks nothing' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'force'
            # No -Confirm:$false: -Force alone must not ask.
            $result = @(Invoke-CertRebind @rebind -HostRoot $hostRoot -AllowNameMismatch -Force -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $boundAfter = Get-BoundThumbprint -HostRoot $hostRoot
        }

        It 'Should apply all eight targets, RD Gateway included, without an error' {
            $result | Should -HaveCount 8
            @($result.Status | Sort-Object -Unique) | Should -Be @('applied')
            $written | Should -HaveCount 0
        }

        It 'Should move RD Gateway, and with it its record 0.0.0.0:443, to the new certificate too' {
            $boundAfter['rdgateway TSGateway'] | Should -Be $newThumbprint
            $boundAfter['ipport 0.0.0.0:443'] | Should -Be $newThumbprint
        }
    }

    Context 'When the services are restarted with -RestartService' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'restart'
            $result = @(Invoke-CertRebind @rebind -HostRoot $hostRoot -AllowNameMismatch -RestartService -Confirm:$false -ErrorVariable written -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue)
        }

        It 'Should apply all eight targets without an error' {
            $result | Should -HaveCount 8
            @($result.Status | Sort-Object -Unique) | Should -Be @('applied')
            $written | Should -HaveCount 0
        }

        It 'Should restart SQL Server and RD Gateway: no change still needs a restart, and no warning asks for one' {
            @($result | Where-Object -Property RestartRequired) | Should -HaveCount 0
            @($result | Where-Object -Property Kind -In -Value 'sqlserver', 'rdgateway' | ForEach-Object -Process { $_.Service }) | Should -Be @('MSSQLSERVER', 'TSGateway')
            @($warnings | Where-Object -FilterScript { $_.Message -like '*-RestartService*' }) | Should -HaveCount 0
        }
    }

    Context 'When thumbprint pairs are piped in, one of them malformed' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'pipeline'
            # As pasted from the certificate dialog: lower case, with spaces.
            $pairs = [System.Text.RegularExpressions.Regex]::Matches($oldThumbprint.ToLowerInvariant(), '..') | ForEach-Object -Process { $_.Value }
            $pastedOld = $pairs -join ' '
            $inputObjects = @(
                [PSCustomObject] @{ OldCertHash = '0f 70 zz'; NewCertHash = $newThumbprint }
                [PSCustomObject] @{ OldCertHash = $pastedOld; NewCertHash = $newThumbprint }
            )
            $result = @($inputObjects | Invoke-CertRebind -HostRoot $hostRoot -AllowNameMismatch -Force -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $boundAfter = Get-BoundThumbprint -HostRoot $hostRoot
        }

        It 'Should write CR2001,Invoke-CertRebind for the malformed pair' {
            @($written.FullyQualifiedErrorId) | Should -Be @('CR2001,Invoke-CertRebind')
            $written[0].Exception.Message | Should -BeLike '*0f 70 zz*'
        }

        It 'Should go on with the next pair and apply it' {
            $result | Should -HaveCount 8
            @($result.Status | Sort-Object -Unique) | Should -Be @('applied')
            $boundAfter['hostnameport www.contoso.com:443'] | Should -Be $newThumbprint
        }
    }

    Context 'When the rebind cannot start because <Description>' -ForEach $refusedStarts {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name "cannot-start-$Code"
            $filesBefore = Get-HostFileHash -HostRoot $hostRoot
            $target = if ($New -eq 'old') { $oldThumbprint } else { $New }
        }

        It 'Should write <Code>,Invoke-CertRebind for the pair and return nothing' {
            # A pair is one pipeline item (scope 'item', docs/cli-contract.md): its error does not end the pipeline.
            $result = Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $target -HostRoot $hostRoot -Confirm:$false -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            @($written.FullyQualifiedErrorId) | Should -Be @("$Code,Invoke-CertRebind")
            $written[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'Should end the command with <Code>,Invoke-CertRebind under -ErrorAction Stop' {
            { Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $target -HostRoot $hostRoot -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue } |
                Should -Throw -ErrorId "$Code,Invoke-CertRebind"
        }

        It 'Should write nothing on the host' {
            $filesAfter = Get-HostFileHash -HostRoot $hostRoot
            @($filesAfter.Keys | Sort-Object) | Should -Be @($filesBefore.Keys | Sort-Object)
        }
    }
}
