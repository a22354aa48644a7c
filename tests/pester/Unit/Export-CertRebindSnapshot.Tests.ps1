<#
    Unit tests of Export-CertRebindSnapshot. The one private function that starts the exe,
    Invoke-CertRebindExe, is mocked: these tests cover the arguments given to 'certrebind capture',
    -WhatIf, and the object made of the envelope's data (fixtures/envelopes/capture.json, what
    'certrebind capture --json' printed for the demo host, its services' parts included; made by
    scripts/make-canned-envelopes.ts).
#>

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'Export-CertRebindSnapshot' -Tag 'Unit' {
    Context 'When a snapshot host is captured' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe -MockWith { Get-EnvelopeData -Name 'capture' }
            $out = Join-Path -Path $TestDrive -ChildPath 'web01-snapshot'
            $source = Join-Path -Path $TestDrive -ChildPath 'demo-host'
            $result = Export-CertRebindSnapshot -Path $out -HostRoot $source
        }

        It 'Should run certrebind capture once with --out and the full path, and the host root' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                $Command -eq 'capture' -and ($Arguments -join ' ') -eq "--out $out" -and $HostRoot -eq $source
            }
        }

        It 'Should return one CertRebind.Snapshot describing the capture' {
            @($result) | Should -HaveCount 1
            $result.PSObject.TypeNames[0] | Should -Be 'CertRebind.Snapshot'
            $result.Path | Should -Be '/srv/web01-snapshot'
            $result.Redacted | Should -BeFalse
            $result.FileCount | Should -Be 22
            $result.SslcertText | Should -Be 'rendered'
        }

        It 'Should describe each part with its count and files' {
            @($result.Parts.Part) | Should -Be @('inetsrv', 'httpsys', 'sqlserver', 'rdp', 'rdgateway', 'winrm', 'certs', 'events', 'tasks', 'services')
            ($result.Parts | Where-Object -Property Part -EQ -Value 'sqlserver').Files | Should -Be @('sqlserver/instances.json')
            ($result.Parts | Where-Object -Property Part -EQ -Value 'services').Count | Should -Be 4
            $certs = $result.Parts | Where-Object -Property Part -EQ -Value 'certs'
            $certs.PSObject.TypeNames[0] | Should -Be 'CertRebind.SnapshotPart'
            $certs.Count | Should -Be 6
            $certs.Of | Should -Be 'certificates'
            $certs.Files | Should -HaveCount 12
            $certs.Files | Should -Contain 'certs/My/0F70C94C6482E61B0A43B9816E830ED7B30B8C44.cer'
        }
    }

    Context 'When -Redact and -Force are given' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe -MockWith { Get-EnvelopeData -Name 'capture' }
            $null = Export-CertRebindSnapshot -Path 'relative-folder' -Redact -Force
        }

        It 'Should pass --redact and --force, resolve the path against the current location, and read this machine' {
            $expected = Join-Path -Path (Get-Location).ProviderPath -ChildPath 'relative-folder'
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($Arguments -join ' ') -eq "--out $expected --redact --force" -and [System.String]::IsNullOrEmpty($HostRoot)
            }
        }
    }

    Context 'When -WhatIf is given' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe -MockWith { Get-EnvelopeData -Name 'capture' }
            $result = Export-CertRebindSnapshot -Path (Join-Path -Path $TestDrive -ChildPath 'never') -WhatIf
        }

        It 'Should not run the exe and return nothing' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 0 -Scope Context
            $result | Should -BeNullOrEmpty
        }
    }
}
