using module ../../../CertRebind.psd1

<#
    Integration tests of the class-based DSC resource CertBindingsCurrent: its Get, Test and Set,
    called directly after 'using module' (PSDesiredStateConfiguration 2.x, which Invoke-DscResource
    needs, is not available here), run the real certrebind exe ('certrebind dsc') on fresh copies of
    the demo snapshot host (examples/demo-host) in TestDrive, on the demo's date. The demo host has a
    pending renewal (www-2025 expiring, www-2026 linked to it, bound to IIS and to SQL Server, RDP, RD Gateway and
    WinRM) and one binding the renewal cannot take: RD Gateway, whose HTTP.sys record 0.0.0.0:443 also serves
    legacy.contoso.com, which neither certificate names. A copy without Legacy's binding is the host on which Set
    can finish. The RDP listener RDP-Tcp-3390, whose certificate a template chooses, is never moved. Skipped, with a warning, until the exe has been built.
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exeMissing = -not (Test-CertRebindTestExe -Suite 'CertBindingsCurrent')
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    # The classes came with 'using module' when this file was parsed; the cmdlets the tests compare with
    # are imported again here, as other test files remove the module when they end.
    Import-CertRebindModule
    $savedEnvironment = Set-DemoHostEnvironment
    # Every run on the demo host warns that the expired intranet certificate has no successor. The methods
    # of a class take no -WarningAction, and the module's functions they call see the global preference.
    $savedWarningPreference = $global:WarningPreference
    $global:WarningPreference = 'SilentlyContinue'

    $oldThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2025.cer'
    $newThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2026.cer'

    # The demo host without the Legacy site's https binding (*:443:legacy.contoso.com), every other byte kept.
    function Remove-LegacyBinding {
        param ([System.String] $HostRoot)

        $configPath = [System.IO.Path]::Combine($HostRoot, 'inetsrv', 'applicationHost.config')
        $text = [System.IO.File]::ReadAllText($configPath)
        $without = $text -replace '[ \t]*<binding protocol="https" bindingInformation="\*:443:legacy\.contoso\.com" sslFlags="0" />\r?\n', ''
        $without | Should -Not -Be $text -Because 'the demo host has the Legacy binding'
        [System.IO.File]::WriteAllText($configPath, $without, (New-Object -TypeName 'System.Text.UTF8Encoding' -ArgumentList $true))
        $HostRoot
    }

    # The demo host without the HTTP.sys record 0.0.0.0:8443 of its custom service (bound to the expired intranet
    # certificate, which has no successor), or without the other records named.
    function Remove-Record {
        param ([System.String] $HostRoot, [System.String[]] $Endpoint = @('0.0.0.0:8443'))

        $recordsPath = [System.IO.Path]::Combine($HostRoot, 'httpsys', 'records.json')
        $records = Get-Content -Raw -LiteralPath $recordsPath | ConvertFrom-Json
        $records.records = @($records.records | Where-Object -Property endpoint -NotIn -Value $Endpoint)
        $records | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath $recordsPath -Encoding utf8NoBOM
        $HostRoot
    }

    # The demo host without the renewal link on www-2025 (www-2025.json), the wildcard (it would qualify as a
    # successor) with the IPv6 record [::]:443 it serves, 0.0.0.0:8443, and the www-2026 files named.
    function New-HostWithoutRenewal {
        param ([System.String] $Name, [System.String] $Www2026Files)

        $hostRoot = New-DemoHost -Folder $TestDrive -Name $Name
        foreach ($pattern in $Www2026Files, 'wildcard-2026.*', 'www-2025.json') {
            Remove-Item -Path ([System.IO.Path]::Combine($hostRoot, 'certs', 'My', $pattern))
        }
        Remove-Record -HostRoot $hostRoot -Endpoint '[::]:443', '0.0.0.0:8443'
    }

    function New-Resource {
        param ([System.String] $HostRoot, [System.Int32] $Days = 30)

        $resource = [CertBindingsCurrent]::new()
        $resource.Name = 'Web certificates'
        $resource.Days = $Days
        $resource.HostRoot = $HostRoot
        $resource
    }

    # Endpoint -> thumbprint, as Get-CertBinding (not the resource) reads the host.
    function Get-BoundThumbprint {
        param ([System.String] $HostRoot)

        $bound = @{}
        foreach ($binding in Get-CertBinding -HostRoot $HostRoot -WarningAction SilentlyContinue) {
            $bound[$binding.Endpoint] = $binding.Thumbprint
        }
        $bound
    }

    function Get-HostFileHashOutsideState {
        param ([System.String] $HostRoot)

        $hashes = Get-HostFileHash -HostRoot $HostRoot
        foreach ($path in @($hashes.Keys | Where-Object -FilterScript { $_ -like 'state/*' })) {
            $hashes.Remove($path)
        }
        $hashes
    }
}

AfterAll {
    Restore-TestEnvironment -Saved $savedEnvironment
    $global:WarningPreference = $savedWarningPreference
    Remove-CertRebindModule
}

Describe 'The DSC resource CertBindingsCurrent' -Tag 'Integration' -Skip:$exeMissing {
    Context 'When a renewal is pending and Set can finish (the demo host without Legacy''s binding and the expired 0.0.0.0:8443)' {
        BeforeAll {
            $hostRoot = Remove-Record -HostRoot (Remove-LegacyBinding -HostRoot (New-DemoHost -Folder $TestDrive -Name 'pending'))
            $resource = New-Resource -HostRoot $hostRoot
            $filesBefore = Get-HostFileHash -HostRoot $hostRoot

            $testBefore = $resource.Test()
            $getBefore = $resource.Get()
            $filesAfterReads = Get-HostFileHash -HostRoot $hostRoot

            $resource.Set()
            $testAfter = $resource.Test()
            $getAfter = $resource.Get()
            $bound = Get-BoundThumbprint -HostRoot $hostRoot

            $filesBeforeAgain = Get-HostFileHashOutsideState -HostRoot $hostRoot
            $resource.Set()
            $filesAfterAgain = Get-HostFileHashOutsideState -HostRoot $hostRoot
        }

        It 'Should answer Test with false before Set' {
            $testBefore | Should -BeFalse
        }

        It 'Should get what is bound to which certificate, and what would move' {
            $getBefore | Should -BeOfType ([CertBindingsCurrent])
            $getBefore.Name | Should -Be 'Web certificates'
            $getBefore.Days | Should -Be 30
            $getBefore.Bindings | Should -HaveCount 15
            ($getBefore.Bindings | Where-Object -Property Endpoint -EQ -Value 'www.contoso.com:443').Thumbprint | Should -Be $oldThumbprint
            ($getBefore.Bindings | Where-Object -Property Endpoint -EQ -Value 'www.contoso.com:443').State | Should -Be 'expiring'
            ($getBefore.Bindings | Where-Object -Property Kind -EQ -Value 'sqlserver').Thumbprint | Should -Be $oldThumbprint
            # 0.0.0.0:443 moves with RD Gateway, 0.0.0.0:5986 with the WinRM listener: neither is a change of its own.
            @($getBefore.Changes.Endpoint) | Should -Be @('10.0.0.10:443', 'www.contoso.com:443', '*:21:', 'siteDefaults', 'MSSQLSERVER', 'RDP-Tcp', 'TSGateway', 'Address=*+Transport=HTTPS')
            @($getBefore.Changes.Status | Select-Object -Unique) | Should -Be @('planned')
            @($getBefore.Changes.To | Select-Object -Unique) | Should -Be @($newThumbprint)
        }

        It 'Should give a reason for every binding that should move' {
            $getBefore.Reasons | Should -HaveCount 8
            @($getBefore.Reasons.Code | Select-Object -Unique) | Should -Be @('CertBindingsCurrent:CertBindingsCurrent:Pending')
            $getBefore.Reasons[1].Phrase | Should -BeLike "hostnameport www.contoso.com:443 (Contoso WWW) is bound to $oldThumbprint, which expires within 30 days; it should move to its successor ${newThumbprint}: Windows links *"
        }

        It 'Should change nothing with Get and Test' {
            @($filesAfterReads.Keys | Sort-Object) | Should -Be @($filesBefore.Keys | Sort-Object)
            foreach ($path in $filesBefore.Keys) {
                $filesAfterReads[$path] | Should -Be $filesBefore[$path] -Because "$path must not change"
            }
        }

        It 'Should answer Test with true after Set' {
            $testAfter | Should -BeTrue
            $getAfter.Changes | Should -HaveCount 0
            $getAfter.Reasons | Should -HaveCount 0
        }

        It 'Should have moved every binding of the expiring certificate to its renewal' {
            foreach ($endpoint in '0.0.0.0:443', '10.0.0.10:443', 'www.contoso.com:443', '*:21:', 'siteDefaults', 'MSSQLSERVER', 'RDP-Tcp', 'TSGateway', 'Address=*+Transport=HTTPS', '0.0.0.0:5986') {
                $bound[$endpoint] | Should -Be $newThumbprint -Because "$endpoint was on the expiring certificate"
            }
            # The one left: the RDP listener whose certificate a template chooses (CR3012), which Remote Desktop renews itself.
            @($getAfter.Bindings | Where-Object -Property Thumbprint -EQ -Value $oldThumbprint | ForEach-Object -Process { '{0} {1}' -f $_.Kind, $_.Endpoint }) | Should -Be @('rdp RDP-Tcp-3390')
        }

        It 'Should audit the run as started by DSC' {
            $records = @(Get-Content -LiteralPath ([System.IO.Path]::Combine($hostRoot, 'state', 'audit.jsonl')) | ConvertFrom-Json)
            $records[0].command | Should -Be 'rebind'
            $records[0].trigger | Should -Be 'dsc'
            $records[0].exitCode | Should -Be 0
        }

        It 'Should change no binding when Set runs again' {
            foreach ($path in $filesBeforeAgain.Keys) {
                $filesAfterAgain[$path] | Should -Be $filesBeforeAgain[$path] -Because "$path must not change"
            }
        }
    }

    Context 'When a rebind is refused (the demo host as it ships: legacy.contoso.com, behind RD Gateway''s record, is on no certificate)' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'refused'
            $resource = New-Resource -HostRoot $hostRoot

            $testBefore = $resource.Test()
            $getBefore = $resource.Get()
            $global:WarningPreference = 'Continue'
            $captured = & {
                try {
                    $resource.Set()
                }
                catch {
                    $_
                }
            } 3>&1
            $global:WarningPreference = 'SilentlyContinue'
            $thrown = $captured | Where-Object -FilterScript { $_ -is [System.Management.Automation.ErrorRecord] }
            $setWarnings = @($captured | Where-Object -FilterScript { $_ -is [System.Management.Automation.WarningRecord] })
            $testAfter = $resource.Test()
            $getAfter = $resource.Get()
            $bound = Get-BoundThumbprint -HostRoot $hostRoot
        }

        It 'Should answer Test with false and name the refusal among the reasons' {
            $testBefore | Should -BeFalse
            @($getBefore.Reasons.Code) | Should -Contain 'CertBindingsCurrent:CertBindingsCurrent:CR3005'
            $refusal = $getBefore.Reasons | Where-Object -Property Code -EQ -Value 'CertBindingsCurrent:CertBindingsCurrent:CR3005'
            $refusal.Phrase | Should -BeLike 'rdgateway TSGateway is bound to * and cannot move to its successor *: It also moves the ipport binding 0.0.0.0:443, which cannot move: *legacy.contoso.com*'
            ($getBefore.Changes | Where-Object -Property Endpoint -EQ -Value 'TSGateway').Status | Should -Be 'refused'
        }

        It 'Should throw from Set with the refusal (CRPS0006)' {
            $thrown | Should -Not -BeNullOrEmpty
            $thrown.Exception.Message | Should -BeLike 'CertBindingsCurrent could not bring the server into the desired state: CR3005: It also moves the ipport binding 0.0.0.0:443, which cannot move: The new certificate does not cover legacy.contoso.com*'
            ([System.String] $thrown.FullyQualifiedErrorId) | Should -BeLike 'CRPS0006*'
        }

        It 'Should warn, before it throws, how many bindings moved' {
            $setWarnings.Message | Should -Contain '7 binding(s) moved to their successors; the refused ones kept their certificates (see the errors).'
        }

        It 'Should still have moved the bindings the renewal covers' {
            foreach ($endpoint in '10.0.0.10:443', 'www.contoso.com:443', '*:21:', 'siteDefaults', 'MSSQLSERVER', 'RDP-Tcp', 'Address=*+Transport=HTTPS', '0.0.0.0:5986') {
                $bound[$endpoint] | Should -Be $newThumbprint -Because "$endpoint is covered by the renewal"
            }
            $bound['TSGateway'] | Should -Be $oldThumbprint
            $bound['0.0.0.0:443'] | Should -Be $oldThumbprint
        }

        It 'Should still answer Test with false, for the refusal and the expired certificate that has no successor' {
            $testAfter | Should -BeFalse
            @($getAfter.Reasons.Code) | Should -Be @('CertBindingsCurrent:CertBindingsCurrent:CR3005', 'CertBindingsCurrent:CertBindingsCurrent:NoSuccessor')
            @($getAfter.Changes.Endpoint) | Should -Be @('TSGateway')
        }
    }

    Context 'When every binding is in line (the demo host without the expired 0.0.0.0:8443)' {
        BeforeAll {
            # On the demo's date nothing bound expires within 14 days (www-2025 expires in 23).
            $hostRoot = Remove-Record -HostRoot (New-DemoHost -Folder $TestDrive -Name 'in-line')
            $resource = New-Resource -HostRoot $hostRoot -Days 14
            $test = $resource.Test()
            $get = $resource.Get()
            $filesBefore = Get-HostFileHashOutsideState -HostRoot $hostRoot
            $resource.Set()
            $filesAfter = Get-HostFileHashOutsideState -HostRoot $hostRoot
        }

        It 'Should answer Test with true, with no reason and nothing to move' {
            $test | Should -BeTrue
            $get.Reasons | Should -HaveCount 0
            $get.Changes | Should -HaveCount 0
            $get.WithoutSuccessor | Should -HaveCount 0
            $get.Days | Should -Be 14
        }

        It 'Should still report every binding' {
            $get.Bindings | Should -HaveCount 15
            ($get.Bindings | Where-Object -Property Kind -EQ -Value 'ccs').Thumbprint | Should -BeNullOrEmpty
        }

        It 'Should change no binding with Set' {
            foreach ($path in $filesBefore.Keys) {
                $filesAfter[$path] | Should -Be $filesBefore[$path] -Because "$path must not change"
            }
        }
    }

    Context 'When a bound certificate has expired and has no successor (the demo host, 14 days)' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'expired-alone'
            $resource = New-Resource -HostRoot $hostRoot -Days 14
            $test = $resource.Test()
            $get = $resource.Get()
        }

        It 'Should answer Test with false, though nothing can move, with the certificate and its binding named' {
            $test | Should -BeFalse
            $get.Changes | Should -HaveCount 0
            @($get.Reasons.Code) | Should -Be @('CertBindingsCurrent:CertBindingsCurrent:NoSuccessor')
            $get.Reasons[0].Phrase | Should -BeLike 'ipport 0.0.0.0:8443 is bound to FF68DD73E9231C4C92BF0554927AF9A048BD18F5, which has expired, and it has no successor: *'
            $get.WithoutSuccessor | Should -HaveCount 1
            $get.WithoutSuccessor[0].Thumbprint | Should -Be 'FF68DD73E9231C4C92BF0554927AF9A048BD18F5'
            $get.WithoutSuccessor[0].Why | Should -Be 'expired'
            @($get.WithoutSuccessor[0].Endpoints) | Should -Be @('ipport 0.0.0.0:8443')
        }
    }

    Context 'When a bound certificate is expiring and its renewal has not arrived' {
        BeforeAll {
            $hostRoot = New-HostWithoutRenewal -Name 'no-renewal' -Www2026Files 'www-2026.*'
            $resource = New-Resource -HostRoot $hostRoot
            $test = $resource.Test()
            $get = $resource.Get()
        }

        It 'Should answer Test with false: nothing can move, but the certificate expires within Days with no renewal' {
            $test | Should -BeFalse
            @($get.Reasons.Code) | Should -Be @('CertBindingsCurrent:CertBindingsCurrent:NoSuccessor')
            $get.Reasons[0].Phrase | Should -BeLike "*bound to $oldThumbprint, which expires within 30 days, and it has no successor: *the renewal has not arrived yet."
            ($get.Bindings | Where-Object -Property Endpoint -EQ -Value 'www.contoso.com:443').State | Should -Be 'expiring'
            $get.WithoutSuccessor[0].NearMisses | Should -HaveCount 0
        }
    }

    Context 'When a bound certificate is expiring and its would-be renewal has no private key' {
        BeforeAll {
            $hostRoot = New-HostWithoutRenewal -Name 'keyless-renewal' -Www2026Files 'www-2026.key'
            $resource = New-Resource -HostRoot $hostRoot
            $test = $resource.Test()
            $get = $resource.Get()
        }

        It 'Should name the renewal and why it does not qualify, not say that it has not arrived' {
            $test | Should -BeFalse
            $get.WithoutSuccessor | Should -HaveCount 1
            $get.WithoutSuccessor[0].Thumbprint | Should -Be $oldThumbprint
            @($get.WithoutSuccessor[0].NearMisses) | Should -Be @("$newThumbprint (private-key: it has no private key)")
            $get.Reasons[0].Phrase | Should -Not -BeLike '*has not arrived*'
        }
    }

    Context 'When its properties are set' {
        It 'Should keep Days from 0 to 3650' {
            { ([CertBindingsCurrent]::new()).Days = 3651 } | Should -Throw
            { ([CertBindingsCurrent]::new()).Days = -1 } | Should -Throw
        }

        It 'Should default Days to 30' {
            ([CertBindingsCurrent]::new()).Days | Should -Be 30
        }

        It 'Should hide HostRoot from normal use' {
            $resource = [CertBindingsCurrent]::new()
            ($resource | Get-Member -Name 'HostRoot') | Should -BeNullOrEmpty
            ($resource | Get-Member -Name 'HostRoot' -Force) | Should -Not -BeNullOrEmpty
        }

        It 'Should end with the exe''s error when the host directory does not exist (CR2002)' {
            $resource = New-Resource -HostRoot (Join-Path -Path $TestDrive -ChildPath 'no-such-host')
            { $resource.Test() } | Should -Throw -ExpectedMessage '*does not exist*'
        }
    }
}
