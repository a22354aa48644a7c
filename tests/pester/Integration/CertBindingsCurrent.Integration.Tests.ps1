using module ../../../CertRebind.psd1

<#
    Integration tests of the class-based DSC resource CertBindingsCurrent: its Get, Test and Set,
    called directly after 'using module' (PSDesiredStateConfiguration 2.x, which Invoke-DscResource
    needs, is not available here), run the real certrebind exe ('certrebind dsc') on fresh copies of
    the demo snapshot host (examples/demo-host) in TestDrive, on the demo's date. The demo host has a
    pending renewal (www-2025 expiring, www-2026 linked to it) and one binding the renewal cannot take:
    0.0.0.0:443 also serves legacy.contoso.com, which neither certificate names. A copy without Legacy's
    binding is the host on which Set can finish. Skipped, with a warning, until the exe has been built.
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
    Context 'When a renewal is pending and Set can finish (the demo host without Legacy''s binding)' {
        BeforeAll {
            $hostRoot = Remove-LegacyBinding -HostRoot (New-DemoHost -Folder $TestDrive -Name 'pending')
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
            $getBefore.Bindings | Should -HaveCount 10
            ($getBefore.Bindings | Where-Object -Property Endpoint -EQ -Value 'www.contoso.com:443').Thumbprint | Should -Be $oldThumbprint
            ($getBefore.Bindings | Where-Object -Property Endpoint -EQ -Value 'www.contoso.com:443').State | Should -Be 'expiring'
            @($getBefore.Changes.Endpoint) | Should -Be @('0.0.0.0:443', '10.0.0.10:443', 'www.contoso.com:443', '*:21:', 'siteDefaults')
            @($getBefore.Changes.Status | Select-Object -Unique) | Should -Be @('planned')
            @($getBefore.Changes.To | Select-Object -Unique) | Should -Be @($newThumbprint)
        }

        It 'Should give a reason for every binding that should move' {
            $getBefore.Reasons | Should -HaveCount 5
            @($getBefore.Reasons.Code | Select-Object -Unique) | Should -Be @('CertBindingsCurrent:CertBindingsCurrent:Pending')
            $getBefore.Reasons[2].Phrase | Should -BeLike "hostnameport www.contoso.com:443 (Contoso WWW) is bound to $oldThumbprint, which expires within 30 days; it should move to its successor ${newThumbprint}: Windows links *"
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
            foreach ($endpoint in '0.0.0.0:443', '10.0.0.10:443', 'www.contoso.com:443', '*:21:', 'siteDefaults') {
                $bound[$endpoint] | Should -Be $newThumbprint -Because "$endpoint was on the expiring certificate"
            }
            @($getAfter.Bindings | Where-Object -Property Thumbprint -EQ -Value $oldThumbprint) | Should -HaveCount 0
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

    Context 'When a rebind is refused (the demo host as it ships: legacy.contoso.com is on no certificate)' {
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
            $refusal.Phrase | Should -BeLike 'ipport 0.0.0.0:443 (Default Web Site, Legacy) is bound to * and cannot move to its successor *legacy.contoso.com*'
            ($getBefore.Changes | Where-Object -Property Endpoint -EQ -Value '0.0.0.0:443').Status | Should -Be 'refused'
        }

        It 'Should throw from Set with the refusal (CRPS0006)' {
            $thrown | Should -Not -BeNullOrEmpty
            $thrown.Exception.Message | Should -BeLike 'CertBindingsCurrent could not bring the server into the desired state: CR3005: The new certificate does not cover legacy.contoso.com*'
            ([System.String] $thrown.FullyQualifiedErrorId) | Should -BeLike 'CRPS0006*'
        }

        It 'Should warn, before it throws, how many bindings moved' {
            $setWarnings.Message | Should -Contain '4 binding(s) moved to their successors; the refused ones kept their certificates (see the errors).'
        }

        It 'Should still have moved the bindings the renewal covers' {
            foreach ($endpoint in '10.0.0.10:443', 'www.contoso.com:443', '*:21:', 'siteDefaults') {
                $bound[$endpoint] | Should -Be $newThumbprint -Because "$endpoint is covered by the renewal"
            }
            $bound['0.0.0.0:443'] | Should -Be $oldThumbprint
        }

        It 'Should still answer Test with false, the refusal its only reason' {
            $testAfter | Should -BeFalse
            @($getAfter.Reasons.Code) | Should -Be @('CertBindingsCurrent:CertBindingsCurrent:CR3005')
            @($getAfter.Changes.Endpoint) | Should -Be @('0.0.0.0:443')
        }
    }

    Context 'When every binding is in line' {
        BeforeAll {
            # On the demo's date nothing bound expires within 14 days (www-2025 expires in 23); the expired
            # intranet certificate has no successor, so nothing can move for it: a warning, not a reason.
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'in-line'
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
            $get.Days | Should -Be 14
        }

        It 'Should still report every binding' {
            $get.Bindings | Should -HaveCount 10
            ($get.Bindings | Where-Object -Property Endpoint -EQ -Value '0.0.0.0:8443').State | Should -Be 'expired'
            ($get.Bindings | Where-Object -Property Kind -EQ -Value 'ccs').Thumbprint | Should -BeNullOrEmpty
        }

        It 'Should change no binding with Set' {
            foreach ($path in $filesBefore.Keys) {
                $filesAfter[$path] | Should -Be $filesBefore[$path] -Because "$path must not change"
            }
        }
    }

    Context 'When a bound certificate is expiring and its renewal has not arrived' {
        BeforeAll {
            # Without www-2026 and its link, and without the unrelated wildcard (which would qualify as a successor)
            # and the IPv6 record [::]:443 it serves.
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'no-renewal'
            foreach ($pattern in 'www-2026.*', 'wildcard-2026.*', 'www-2025.json') {
                Remove-Item -Path ([System.IO.Path]::Combine($hostRoot, 'certs', 'My', $pattern))
            }
            $recordsPath = [System.IO.Path]::Combine($hostRoot, 'httpsys', 'records.json')
            $records = Get-Content -Raw -LiteralPath $recordsPath | ConvertFrom-Json
            $records.records = @($records.records | Where-Object -Property endpoint -NE -Value '[::]:443')
            $records | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath $recordsPath -Encoding utf8NoBOM
            $resource = New-Resource -HostRoot $hostRoot
            $test = $resource.Test()
            $get = $resource.Get()
        }

        It 'Should answer Test with true: nothing can move until the renewal is installed' {
            $test | Should -BeTrue
            $get.Reasons | Should -HaveCount 0
            ($get.Bindings | Where-Object -Property Endpoint -EQ -Value 'www.contoso.com:443').State | Should -Be 'expiring'
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
