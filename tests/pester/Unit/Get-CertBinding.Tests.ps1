<#
    Unit tests of Get-CertBinding. The one private function that starts the exe,
    Invoke-CertRebindExe, is mocked: these tests cover parameter binding, pipeline input and the
    conversion of the envelope's data to CertRebind.Binding objects.
#>

BeforeDiscovery {
    $bindingProperties = @(
        'Kind', 'Endpoint', 'Thumbprint', 'StoreName', 'AppId', 'Owner', 'Sites', 'Hostnames',
        'Certificate', 'CertificateSubject', 'NotAfter', 'State', 'Service', 'Selection'
    )
    $certificateProperties = @(
        'Thumbprint', 'Subject', 'Issuer', 'DnsNames', 'NotBefore', 'NotAfter', 'HasPrivateKey',
        'Store', 'State', 'DaysLeft', 'Archived', 'FriendlyName', 'ServerAuth'
    )
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults

    # Two thumbprints of the canned envelope 'bindings' (`certrebind bindings --json` on the demo host without its
    # services: 10 bindings, 1 missing record): www-2025, expiring, and api-2026.
    $expiringThumbprint = '0F70C94C6482E61B0A43B9816E830ED7B30B8C44'
    $apiThumbprint = '96CF92D023B60C365AC3AE226252C063364B1551'
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'Get-CertBinding' -Tag 'Unit' {
    Context 'When called without parameters' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe -MockWith { Get-EnvelopeData -Name 'bindings' }

            $result = @(Get-CertBinding -WarningVariable warnings -WarningAction SilentlyContinue)
            $shared = $result | Where-Object -Property Endpoint -EQ -Value '0.0.0.0:443'
            $ccs = $result | Where-Object -Property Kind -EQ -Value 'ccs'
            $nonIis = $result | Where-Object -Property Endpoint -EQ -Value '0.0.0.0:8443'
        }

        It 'Should call the exe once with the bindings command, no option but --certificates-once and itself as the caller' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                $Command -eq 'bindings' -and ($Arguments -join '|') -eq '--certificates-once' -and
                [System.String]::IsNullOrEmpty($HostRoot) -and $CallerCmdlet -is [System.Management.Automation.PSCmdlet]
            }
        }

        It 'Should emit one object per binding' {
            $result | Should -HaveCount 10
        }

        It 'Should give every object the type name CertRebind.Binding' {
            foreach ($binding in $result) {
                $binding.PSObject.TypeNames[0] | Should -Be 'CertRebind.Binding'
            }
        }

        It 'Should give every binding the property <_>' -ForEach $bindingProperties {
            $propertyName = $_
            foreach ($binding in $result) {
                $binding.PSObject.Properties.Name | Should -Contain $propertyName
            }
        }

        It 'Should give every certificate the property <_>' -ForEach $certificateProperties {
            $shared.Certificate.PSObject.Properties.Name | Should -Contain $_
        }

        It 'Should copy the binding fields to PascalCase properties' {
            $shared.Kind | Should -Be 'ipport'
            $shared.Thumbprint | Should -Be $expiringThumbprint
            $shared.StoreName | Should -Be 'My'
            $shared.AppId | Should -Be '{4dc3e181-e14b-4a21-b022-59fc669b0914}'
            $shared.Owner | Should -Be 'IIS'
        }

        It 'Should return Sites and Hostnames as string arrays, empty ones included' {
            $shared.Sites | Should -Be @('Default Web Site', 'Legacy')
            $shared.Sites.GetType().FullName | Should -Be 'CertRebind.StringList'
            $shared.Hostnames.GetType().FullName | Should -Be 'CertRebind.StringList'
            $shared.Hostnames | Should -Be @('legacy.contoso.com')
            $nonIis.Sites.GetType().FullName | Should -Be 'CertRebind.StringList'
            $nonIis.Sites | Should -HaveCount 0
            $nonIis.Hostnames.GetType().FullName | Should -Be 'CertRebind.StringList'
            $nonIis.Hostnames | Should -HaveCount 0
        }

        It 'Should return the certificate as a CertRebind.CertificateInfo object' {
            $shared.Certificate.PSObject.TypeNames[0] | Should -Be 'CertRebind.CertificateInfo'
            $shared.Certificate.Subject | Should -Be 'CN=www.contoso.com, O=Contoso Ltd'
            $shared.Certificate.DnsNames | Should -Be @('www.contoso.com', 'contoso.com', 'shop.contoso.com')
            $shared.Certificate.HasPrivateKey | Should -BeTrue
            $shared.Certificate.DaysLeft | Should -Be 23
            $shared.Certificate.Archived | Should -BeFalse
            $shared.Certificate.FriendlyName | Should -Be 'www 2025'
            $nonIis.Certificate.FriendlyName | Should -BeNullOrEmpty
        }

        It 'Should return NotBefore and NotAfter as local DateTime values of the same instant' {
            $shared.Certificate.NotAfter | Should -BeOfType ([System.DateTime])
            $shared.Certificate.NotBefore | Should -BeOfType ([System.DateTime])
            $shared.Certificate.NotAfter.Kind | Should -Be ([System.DateTimeKind]::Local)
            $shared.Certificate.NotAfter.ToUniversalTime() | Should -Be ([System.DateTime]::new(2026, 12, 20, 0, 0, 0, [System.DateTimeKind]::Utc))
        }

        It 'Should copy CertificateSubject, NotAfter and State from the certificate' {
            $shared.CertificateSubject | Should -Be 'CN=www.contoso.com, O=Contoso Ltd'
            $shared.NotAfter | Should -BeOfType ([System.DateTime])
            $shared.NotAfter | Should -Be $shared.Certificate.NotAfter
            $shared.State | Should -Be 'expiring'
        }

        It 'Should leave the certificate properties $null when the certificate is in no store' {
            $ccs.Thumbprint | Should -BeNullOrEmpty
            $ccs.Certificate | Should -BeNullOrEmpty
            $ccs.CertificateSubject | Should -BeNullOrEmpty
            $ccs.NotAfter | Should -BeNullOrEmpty
            $ccs.State | Should -BeNullOrEmpty
        }

        It 'Should write one warning per missing HTTP.sys record' {
            $warnings | Should -HaveCount 1
            $warnings[0].Message | Should -Be "Site 'Blog' binding *:443:blog.contoso.com has no HTTP.sys record (hostnameport blog.contoso.com:443): the site does not serve TLS."
        }

        It 'Should not emit missing records as objects' {
            $result | Where-Object -FilterScript { $_.Sites -contains 'Blog' } | Should -BeNullOrEmpty
        }
    }

    Context 'When the host has bindings of services (the demo host''s envelope, scripts/make-canned-envelopes.ts)' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe -MockWith { Get-EnvelopeData -Name 'bindings-services' }
            $result = @(Get-CertBinding -WarningAction SilentlyContinue)
            $service = @{}
            $selection = @{}
            foreach ($binding in $result) {
                $service['{0} {1}' -f $binding.Kind, $binding.Endpoint] = $binding.Service
                $selection['{0} {1}' -f $binding.Kind, $binding.Endpoint] = $binding.Selection
            }
        }

        It 'Should give each binding of a service the service that reads it' {
            $service['sqlserver MSSQLSERVER'] | Should -Be 'MSSQLSERVER'
            $service['rdp RDP-Tcp'] | Should -Be 'TermService'
            $service['rdp RDP-Tcp-3390'] | Should -Be 'TermService'
            $service['rdgateway TSGateway'] | Should -Be 'TSGateway'
            $service['winrm Address=*+Transport=HTTPS'] | Should -Be 'WinRM'
        }

        It 'Should say which bindings choose their certificate themselves (self-selecting), and that every other one is pinned' {
            $selection['rdp RDP-Tcp-3390'] | Should -Be 'self-selecting'
            $selection['ccs 443'] | Should -Be 'self-selecting'
            $selection['scopedccs static.contoso.com:443'] | Should -Be 'self-selecting'
            @($selection.Keys | Where-Object -FilterScript { $selection[$_] -eq 'self-selecting' }) | Should -HaveCount 3
            foreach ($key in 'rdp RDP-Tcp', 'sqlserver MSSQLSERVER', 'rdgateway TSGateway', 'winrm Address=*+Transport=HTTPS', 'ipport 0.0.0.0:443') {
                $selection[$key] | Should -Be 'pinned' -Because "$key names its certificate"
            }
        }

        It 'Should give IIS''s bindings and HTTP.sys records no service' {
            foreach ($key in 'ipport 0.0.0.0:443', 'hostnameport www.contoso.com:443', 'ftp *:21:', 'ccs 443', 'ipport 0.0.0.0:5986') {
                $service.ContainsKey($key) | Should -BeTrue -Because "$key is a binding of the demo host"
                $service[$key] | Should -BeNullOrEmpty -Because "$key is read by no service of its own"
            }
        }
    }

    Context 'When a thumbprint is given as a parameter' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
            Get-CertBinding -Thumbprint '3f 7a 12 9c' -HostRoot 'demo-host'
        }

        It 'Should pass it to the exe as --thumbprint, unchanged (the exe normalises it)' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($Arguments -join '|') -eq '--thumbprint|3f 7a 12 9c|--certificates-once'
            }
        }

        It 'Should pass the host root through' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                $HostRoot -eq 'demo-host'
            }
        }
    }

    Context 'When a thumbprint is given twice, with blanks among them' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
            Get-CertBinding -Thumbprint $apiThumbprint, ' ', $apiThumbprint, '3f 7a 12 9c'
        }

        It 'Should pass each thumbprint once, in the order given, and no blank' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($Arguments -join '|') -eq "--thumbprint|$apiThumbprint|--thumbprint|3f 7a 12 9c|--certificates-once"
            }
        }
    }

    Context 'When the thumbprint is given by position' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
            Get-CertBinding $apiThumbprint
        }

        It 'Should bind it to -Thumbprint' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($Arguments -join '|') -eq "--thumbprint|$apiThumbprint|--certificates-once"
            }
        }
    }

    Context 'When objects with a <PropertyName> property come from the pipeline' -ForEach @(
        @{ PropertyName = 'Thumbprint' }
        @{ PropertyName = 'CertificateHash' }
    ) {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
            $inputObjects = @($expiringThumbprint, $apiThumbprint) | ForEach-Object -Process {
                [PSCustomObject] @{ $PropertyName = $_; Subject = 'CN=ignored' }
            }
            $inputObjects | Get-CertBinding
        }

        It 'Should call the exe once for all the objects, with the thumbprint of each in pipeline order' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($Arguments -join '|') -eq "--thumbprint|$expiringThumbprint|--thumbprint|$apiThumbprint|--certificates-once"
            }
        }
    }

    Context 'When several replacement events (OldThumbprint, NewThumbprint) come from the pipeline' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
            $events = @(
                # As Get-CertLifecycleEvent returns them: a replacement (1001) has no Thumbprint of its own, only the pair.
                [PSCustomObject] @{ PSTypeName = 'CertRebind.LifecycleEvent'; Id = 1001; Thumbprint = $null; OldThumbprint = $expiringThumbprint; NewThumbprint = $apiThumbprint }
                [PSCustomObject] @{ PSTypeName = 'CertRebind.LifecycleEvent'; Id = 1001; Thumbprint = $null; OldThumbprint = ('AB' * 20); NewThumbprint = ('CD' * 20) }
            )
            $events | Get-CertBinding
        }

        It 'Should call the exe once for all the events, with the old and the new certificate of each in pipeline order' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($Arguments -join '|') -eq ('--thumbprint|{0}|--thumbprint|{1}|--thumbprint|{2}|--thumbprint|{3}|--certificates-once' -f $expiringThumbprint, $apiThumbprint, ('AB' * 20), ('CD' * 20))
            }
        }
    }

    Context 'When thumbprint strings come from the pipeline' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
            $expiringThumbprint, $apiThumbprint | Get-CertBinding
        }

        It 'Should call the exe once for all the strings, with each thumbprint' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($Arguments -join '|') -eq "--thumbprint|$expiringThumbprint|--thumbprint|$apiThumbprint|--certificates-once"
            }
        }
    }

    Context 'When each piped thumbprint has bindings' {
        BeforeAll {
            # As the exe lists several thumbprints: the bindings of each, in the order given.
            Mock -CommandName Invoke-CertRebindExe -MockWith {
                $data = Get-EnvelopeData -Name 'bindings'
                $all = $data.bindings
                $data.bindings = @(for ($index = 1; $index -lt $Arguments.Count; $index += 2) {
                        $all | Where-Object -Property thumbprint -EQ -Value $Arguments[$index]
                    })
                $data.missingRecords = @()
                $data
            }
            $result = @($expiringThumbprint, $apiThumbprint | Get-CertBinding)
        }

        It 'Should emit the bindings of every thumbprint, in pipeline order' {
            # www-2025 has five bindings (three HTTP.sys records, two FTP certificates), api-2026 one.
            $result | Should -HaveCount 6
            @($result.Thumbprint) | Should -Be @(@($expiringThumbprint) * 5 + $apiThumbprint)
        }
    }

    Context 'When the thumbprint is empty' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
        }

        It 'Should write a CR2001 error for that input without calling the exe' {
            $result = @(Get-CertBinding -Thumbprint '' -ErrorVariable written -ErrorAction SilentlyContinue)
            $result | Should -HaveCount 0
            @($written.FullyQualifiedErrorId) | Should -Be @('CR2001,Get-CertBinding')
            $written[0].Exception.Message | Should -BeLike '*names no certificate*'
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 0
        }
    }

    Context 'When the exe returns no data' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
            $result = @(Get-CertBinding -WarningVariable warnings)
        }

        It 'Should emit nothing and warn about nothing' {
            $result | Should -HaveCount 0
            $warnings | Should -HaveCount 0
        }
    }

    Context 'When the envelope''s times are strings, as Windows PowerShell 5.1 parses JSON' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe -MockWith {
                [PSCustomObject] @{
                    bindings       = @(
                        [PSCustomObject] @{
                            kind = 'hostnameport'; endpoint = 'www.contoso.com:443'; thumbprint = $expiringThumbprint
                            storeName = 'My'; appId = $null; owner = 'IIS'; sites = @('Contoso WWW'); hostnames = @('www.contoso.com')
                            certificate = [PSCustomObject] @{
                                thumbprint = $expiringThumbprint; subject = 'CN=www.contoso.com'; issuer = 'CN=Contoso Issuing CA'
                                dnsNames = @('www.contoso.com'); notBefore = '2025-12-20T00:00:00.000Z'; notAfter = '2026-12-20T12:00:00+02:00'
                                hasPrivateKey = $true; store = 'My'; state = 'expiring'; daysLeft = 23; archived = $false
                                friendlyName = 'WWW'; serverAuth = $true
                            }
                        }
                    )
                    missingRecords = @()
                }
            }
            $result = Get-CertBinding
        }

        It 'Should parse them as local DateTime values of the same instant' {
            $result.NotAfter | Should -BeOfType ([System.DateTime])
            $result.NotAfter.Kind | Should -Be ([System.DateTimeKind]::Local)
            $result.NotAfter.ToUniversalTime() | Should -Be ([System.DateTime]::new(2026, 12, 20, 10, 0, 0, [System.DateTimeKind]::Utc))
            $result.Certificate.NotBefore.ToUniversalTime() | Should -Be ([System.DateTime]::new(2025, 12, 20, 0, 0, 0, [System.DateTimeKind]::Utc))
        }

        It 'Should keep a one-element array an array' {
            $result.Sites.GetType().FullName | Should -Be 'CertRebind.StringList'
            $result.Sites | Should -Be @('Contoso WWW')
        }
    }

    Context 'When the exe lists each certificate once (--certificates-once)' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe -MockWith { Get-EnvelopeData -Name 'bindings' }
            $inline = @(Get-CertBinding -WarningAction SilentlyContinue)
            Mock -CommandName Invoke-CertRebindExe -MockWith {
                $data = Get-EnvelopeData -Name 'bindings-certificates-once'
                # Two bindings of the first certificate: they share its object.
                $data.bindings = @($data.bindings) + $data.bindings[0]
                $data
            }
            $result = @(Get-CertBinding -WarningAction SilentlyContinue)
        }

        It 'Should give the same objects as certificates inside each binding' {
            $result | Should -HaveCount 11
            ($result | Select-Object -First 10 | ConvertTo-Json -Depth 4) | Should -Be ($inline | ConvertTo-Json -Depth 4)
            $result[0].Certificate.PSObject.TypeNames[0] | Should -Be 'CertRebind.CertificateInfo'
            $result[0].NotAfter | Should -BeOfType [System.DateTime]
        }

        It 'Should share one certificate object between the bindings of one certificate' {
            [System.Object]::ReferenceEquals($result[0].Certificate, $result[10].Certificate) | Should -BeTrue
            $result[10].CertificateSubject | Should -Be $result[0].Certificate.Subject
        }

        It 'Should leave Certificate, CertificateSubject, NotAfter and State empty for a binding without one' {
            $ccs = $result | Where-Object -Property Kind -EQ -Value 'ccs'
            $ccs.Certificate | Should -BeNullOrEmpty
            $ccs.CertificateSubject | Should -BeNullOrEmpty
            $ccs.NotAfter | Should -BeNullOrEmpty
            $ccs.State | Should -BeNullOrEmpty
        }
    }

    Context 'When a list of the envelope holds $null or empty items' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe -MockWith {
                $data = Get-EnvelopeData -Name 'bindings'
                $data.bindings[0].sites = @('Default Web Site', $null, '', 'Legacy')
                $data.bindings[0].hostnames = @($null)
                $data
            }
            $result = @(Get-CertBinding -WarningAction SilentlyContinue)
        }

        It 'Should leave out the $null items and keep the empty ones, as the other lists of the module do' {
            @($result[0].Sites) | Should -Be @('Default Web Site', '', 'Legacy')
            $result[0].Sites.GetType().FullName | Should -Be 'CertRebind.StringList'
            $result[0].Hostnames.Count | Should -Be 0
            $result[0].Hostnames.GetType().FullName | Should -Be 'CertRebind.StringList'
        }
    }
}
