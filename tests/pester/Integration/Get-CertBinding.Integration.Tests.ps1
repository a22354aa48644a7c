<#
    Integration tests of Get-CertBinding: the module runs the real certrebind exe on a copy of the
    demo snapshot host (examples/demo-host, story in its README) in TestDrive, on the demo's date
    (CERTREBIND_NOW = 2026-11-27). Expected thumbprints are read from the host's certificate files,
    not repeated here. Skipped, with a warning, until the exe has been built (./build.sh Build).
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exeMissing = -not (Test-CertRebindTestExe -Suite 'Get-CertBinding')

    # The bindings of the demo host. Certificate: the file under certs/ the binding uses ($null: none).
    # Owner and StoreName: $null where the story does not say. Service: the service that reads the binding, for the
    # kinds whose binding is one service's (SQL Server, RDP, RD Gateway, WinRM); $null for IIS's.
    $expectedBindings = @(
        @{ Kind = 'ipport';       Endpoint = '0.0.0.0:443';         Sites = @('Default Web Site', 'Legacy'); Certificate = 'My/www-2025.cer';         StoreName = 'My';         Owner = 'IIS' }
        @{ Kind = 'ipport';       Endpoint = '10.0.0.10:443';       Sites = @('Shop');                       Certificate = 'My/www-2025.cer';         StoreName = 'My';         Owner = 'IIS' }
        @{ Kind = 'hostnameport'; Endpoint = 'www.contoso.com:443'; Sites = @('Contoso WWW');                Certificate = 'My/www-2025.cer';         StoreName = 'My';         Owner = 'IIS' }
        @{ Kind = 'hostnameport'; Endpoint = 'api.contoso.com:443'; Sites = @('API');                        Certificate = 'WebHosting/api-2026.cer'; StoreName = 'WebHosting'; Owner = 'IIS' }
        @{ Kind = 'ccs';          Endpoint = '443';                 Sites = @('Static');                     Certificate = $null;                     StoreName = $null;        Owner = 'IIS' }
        @{ Kind = 'scopedccs';    Endpoint = 'static.contoso.com:443'; Sites = @();                       Certificate = $null;                     StoreName = $null;        Owner = 'IIS' }
        @{ Kind = 'ipport';       Endpoint = '[::]:443';            Sites = @();                             Certificate = 'My/wildcard-2026.cer';    StoreName = 'My';         Owner = 'IIS' }
        @{ Kind = 'ipport';       Endpoint = '0.0.0.0:8443';        Sites = @();                             Certificate = 'My/legacy-intranet.cer';  StoreName = $null;        Owner = 'Unknown' }
        @{ Kind = 'ftp';          Endpoint = '*:21:';               Sites = @('Contoso FTP');                Certificate = 'My/www-2025.cer';         StoreName = $null;        Owner = $null }
        @{ Kind = 'ftp';          Endpoint = 'siteDefaults';        Sites = @();                             Certificate = 'My/www-2025.cer';         StoreName = $null;        Owner = $null }
        @{ Kind = 'ipport';       Endpoint = '0.0.0.0:5986';        Sites = @();                             Certificate = 'My/www-2025.cer';         StoreName = 'MY';         Owner = 'WinRM' }
        @{ Kind = 'sqlserver';    Endpoint = 'MSSQLSERVER';         Sites = @();                             Certificate = 'My/www-2025.cer';         StoreName = 'MY';         Owner = 'SQL Server';     Service = 'MSSQLSERVER' }
        @{ Kind = 'rdp';          Endpoint = 'RDP-Tcp';             Sites = @();                             Certificate = 'My/www-2025.cer';         StoreName = 'My';         Owner = 'Remote Desktop'; Service = 'TermService' }
        @{ Kind = 'rdp';          Endpoint = 'RDP-Tcp-3390';        Sites = @();                             Certificate = 'My/www-2025.cer';         StoreName = 'My';         Owner = 'Remote Desktop'; Service = 'TermService' }
        @{ Kind = 'rdgateway';    Endpoint = 'TSGateway';           Sites = @();                             Certificate = 'My/www-2025.cer';         StoreName = 'MY';         Owner = 'RD Gateway';     Service = 'TSGateway' }
        @{ Kind = 'winrm';        Endpoint = 'Address=*+Transport=HTTPS'; Sites = @();                       Certificate = 'My/www-2025.cer';         StoreName = 'My';         Owner = 'WinRM';          Service = 'WinRM' }
    )
    $storyKeys = @($expectedBindings | ForEach-Object -Process { '{0} {1}' -f $_.Kind, $_.Endpoint } | Sort-Object)
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule
    $savedEnvironment = Set-DemoHostEnvironment

    $hostRoot = New-DemoHost -Folder $TestDrive -Name 'demo-host'
    $wwwThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2025.cer'
}

AfterAll {
    Restore-TestEnvironment -Saved $savedEnvironment
    Remove-CertRebindModule
}

Describe 'Get-CertBinding on the demo host' -Tag 'Integration' -Skip:$exeMissing {
    Context 'When every binding is listed' -ForEach @(@{ StoryKeys = $storyKeys }) {
        BeforeAll {
            $result = @(Get-CertBinding -HostRoot $hostRoot -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable written)
        }

        It 'Should return exactly the bindings of the story' {
            @($result | ForEach-Object -Process { '{0} {1}' -f $_.Kind, $_.Endpoint } | Sort-Object) | Should -Be $StoryKeys
        }

        It 'Should return CertRebind.Binding objects and no errors' {
            foreach ($binding in $result) {
                $binding.PSObject.TypeNames[0] | Should -Be 'CertRebind.Binding'
            }
            $written | Should -HaveCount 0
        }

        It 'Should warn that the site Blog has no HTTP.sys record' {
            $warnings | Should -HaveCount 1
            $warnings[0].Message | Should -Be "Site 'Blog' binding *:443:blog.contoso.com has no HTTP.sys record (hostnameport blog.contoso.com:443): the site does not serve TLS."
        }

        It 'Should show that the certificate www.contoso.com expires on 2026-12-20 and is expiring' {
            $www = $result | Where-Object -Property Endpoint -EQ -Value 'www.contoso.com:443'
            $www.State | Should -Be 'expiring'
            $www.NotAfter | Should -BeOfType ([System.DateTime])
            $www.NotAfter.ToUniversalTime().Date | Should -Be ([System.DateTime]::new(2026, 12, 20))
            $www.Certificate.DaysLeft | Should -Be 23
            $www.CertificateSubject | Should -BeLike 'CN=www.contoso.com*'
        }

        It 'Should show that the certificate of the custom service on 0.0.0.0:8443 has expired' {
            ($result | Where-Object -Property Endpoint -EQ -Value '0.0.0.0:8443').State | Should -Be 'expired'
        }
    }

    Context 'When the <Kind> binding <Endpoint> is inspected' -ForEach $expectedBindings {
        BeforeAll {
            $binding = @(Get-CertBinding -HostRoot $hostRoot -WarningAction SilentlyContinue |
                    Where-Object -FilterScript { $_.Kind -eq $Kind -and $_.Endpoint -eq $Endpoint })
        }

        It 'Should be listed once' {
            $binding | Should -HaveCount 1
        }

        It 'Should name the sites behind it' {
            $binding[0].Sites | Should -Be $Sites
        }

        It 'Should point at the right certificate' {
            if ($null -eq $Certificate) {
                $binding[0].Thumbprint | Should -BeNullOrEmpty
                $binding[0].Certificate | Should -BeNullOrEmpty
            }
            else {
                $expectedThumbprint = Get-DemoCertificateThumbprint -RelativePath $Certificate
                $binding[0].Thumbprint | Should -Be $expectedThumbprint
                $binding[0].Certificate.Thumbprint | Should -Be $expectedThumbprint
            }
        }

        It 'Should have the store and owner of the story' {
            if ($null -ne $StoreName) {
                $binding[0].StoreName | Should -Be $StoreName
            }
            if ($null -ne $Owner) {
                $binding[0].Owner | Should -Be $Owner
            }
        }

        It 'Should say whether its service chooses its certificate itself' {
            $expectedSelection = if ($Endpoint -in 'RDP-Tcp-3390', '443', 'static.contoso.com:443') { 'self-selecting' } else { 'pinned' }
            $binding[0].Selection | Should -Be $expectedSelection
        }

        It 'Should name the service that reads it, and none for IIS' {
            $binding[0].Service | Should -Be $(if ($_.ContainsKey('Service')) { $_.Service } else { $null })
        }
    }

    Context 'When a thumbprint is pasted in lower case with spaces and an invisible mark' {
        BeforeAll {
            $pairs = [System.Text.RegularExpressions.Regex]::Matches($wwwThumbprint.ToLowerInvariant(), '..') | ForEach-Object -Process { $_.Value }
            $pasted = [System.String] [System.Char] 0x200E + ($pairs -join ' ')
            $filtered = @(Get-CertBinding -Thumbprint $pasted -HostRoot $hostRoot -WarningAction SilentlyContinue)
            $all = @(Get-CertBinding -HostRoot $hostRoot -WarningAction SilentlyContinue)
        }

        It 'Should return only the bindings of that certificate' {
            $filtered.Count | Should -BeGreaterThan 0
            foreach ($binding in $filtered) {
                $binding.Thumbprint | Should -Be $wwwThumbprint
            }
        }

        It 'Should return every binding of that certificate' {
            $expected = @($all | Where-Object -Property Thumbprint -EQ -Value $wwwThumbprint)
            @($filtered | ForEach-Object -Process { $_.Endpoint } | Sort-Object) | Should -Be @($expected | ForEach-Object -Process { $_.Endpoint } | Sort-Object)
        }
    }

    Context 'When certificate objects are piped in' {
        BeforeAll {
            $certificate = New-Object -TypeName 'System.Security.Cryptography.X509Certificates.X509Certificate2' -ArgumentList ([System.IO.Path]::Combine($hostRoot, 'certs', 'WebHosting', 'api-2026.cer'))
            $result = @($certificate | Get-CertBinding -HostRoot $hostRoot -WarningAction SilentlyContinue)
        }

        It 'Should return the bindings of each certificate, by its Thumbprint property' {
            $result | Should -HaveCount 1
            $result[0].Endpoint | Should -Be 'api.contoso.com:443'
        }
    }

    Context 'When the host root is relative to the current location' {
        BeforeAll {
            Push-Location -LiteralPath $TestDrive
            try {
                $result = @(Get-CertBinding -HostRoot 'demo-host' -WarningAction SilentlyContinue)
            }
            finally {
                Pop-Location
            }
            $expected = @(Get-CertBinding -HostRoot $hostRoot -WarningAction SilentlyContinue)
        }

        It 'Should read the host there' {
            $result.Count | Should -BeGreaterThan 0
            @($result.Endpoint) | Should -Be @($expected.Endpoint)
        }
    }

    Context 'When the thumbprint is malformed' {
        It 'Should write a CR2001 error that shows what was received' {
            $null = Get-CertBinding -Thumbprint '0f 70 c9 zz' -HostRoot $hostRoot -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors.Count | Should -Be 1
            $record = $errors[0]
            $record.FullyQualifiedErrorId | Should -BeLike 'CR2001*'
            $record.FullyQualifiedErrorId | Should -Be 'CR2001,Get-CertBinding'
            $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $record.Exception.Message | Should -BeLike '*0f 70 c9 zz*'
        }

        It 'Should go on with the next thumbprint of the pipeline' {
            $good = (Get-CertBinding -HostRoot $hostRoot -WarningAction SilentlyContinue | Where-Object Kind -eq 'hostnameport' | Select-Object -First 1).Thumbprint
            $result = @('zz', $good | Get-CertBinding -HostRoot $hostRoot -ErrorAction SilentlyContinue -ErrorVariable errors)
            $errors.Count | Should -Be 1
            $result.Count | Should -BeGreaterThan 0
            $result.Thumbprint | Sort-Object -Unique | Should -Be $good
        }
    }

    Context 'When the host root does not exist' {
        It 'Should end the pipeline with a CR2002 error naming the directory' {
            $missingRoot = Join-Path -Path $TestDrive -ChildPath 'no-such-host'
            $record = { Get-CertBinding -HostRoot $missingRoot } | Should -Throw -PassThru
            $record.FullyQualifiedErrorId | Should -Be 'CR2002,Get-CertBinding'
            $record.TargetObject | Should -Be $missingRoot
        }
    }

    Context 'When a host file is malformed' {
        BeforeAll {
            $brokenRoot = Join-Path -Path $TestDrive -ChildPath 'broken-host'
            Copy-Item -LiteralPath $hostRoot -Destination $brokenRoot -Recurse
            $configPath = [System.IO.Path]::Combine($brokenRoot, 'inetsrv', 'applicationHost.config')
            [System.IO.File]::WriteAllText($configPath, "<configuration>`r`n<system.applicationHost>`r`n<sites><site name=`"x`"")
        }

        It 'Should end the pipeline with a CR2003 error naming the file' {
            $record = { Get-CertBinding -HostRoot $brokenRoot } | Should -Throw -PassThru
            $record.FullyQualifiedErrorId | Should -Be 'CR2003,Get-CertBinding'
            $record.Exception.Message | Should -BeLike '*applicationHost.config*'
        }
    }
}
