<#
    Unit tests of the certificates of the module's objects (CertRebind.CertificateInfo, compiled): a certificate of the
    exe's envelope read the same from a hashtable (PowerShell 7's readers) and from a PSCustomObject (Windows
    PowerShell 5.1's ConvertFrom-Json), its times as local time whatever form they come in, missing values as
    PowerShell's casts make them, and the shared values a certificate's bindings take; and the envelope's times
    (CertRebind.EnvelopeTime, ConvertTo-CertRebindDateTime).
#>

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults

    # One certificate of docs/schema/bindings.schema.json with every field.
    $certificateJson = '{"thumbprint":"0F70C94C6482E61B0A43B9816E830ED7B30B8C44","subject":"CN=www.contoso.com","issuer":"CN=Contoso Test Root CA",' +
    '"dnsNames":["www.contoso.com","shop.contoso.com"],"notBefore":"2025-12-20T00:00:00.000Z","notAfter":"2026-12-20T00:00:00.000Z",' +
    '"hasPrivateKey":true,"store":"My","state":"expiring","daysLeft":17,"archived":false,"friendlyName":"www 2025","serverAuth":true}'
    $utcNotAfter = [System.DateTime]::new(2026, 12, 20, 0, 0, 0, [System.DateTimeKind]::Utc)
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'CertRebind.CertificateInfo' -Tag 'Unit' {
    Context 'When the certificate is <Form>' -ForEach @(
        @{ Form = 'a hashtable (PowerShell 7)'; Read = { param ($Json) [CertRebind.JsonHashtable]::Parse($Json) } }
        @{ Form = 'a PSCustomObject (Windows PowerShell 5.1)'; Read = { param ($Json) $Json | ConvertFrom-Json } }
    ) {
        BeforeAll {
            $info = [CertRebind.CertificateInfo]::From((& $Read $certificateJson))
        }

        It 'Should carry every field under the module''s names' {
            $info.Thumbprint | Should -BeExactly '0F70C94C6482E61B0A43B9816E830ED7B30B8C44'
            $info.Subject | Should -BeExactly 'CN=www.contoso.com'
            $info.Issuer | Should -BeExactly 'CN=Contoso Test Root CA'
            @($info.DnsNames) | Should -Be @('www.contoso.com', 'shop.contoso.com')
            $info.HasPrivateKey | Should -BeTrue
            $info.Store | Should -BeExactly 'My'
            $info.State | Should -BeExactly 'expiring'
            $info.DaysLeft | Should -Be 17
            $info.Archived | Should -BeFalse
            $info.FriendlyName | Should -BeExactly 'www 2025'
            $info.ServerAuth | Should -BeTrue
        }

        It 'Should give its times as local DateTime values of the same instant' {
            $info.NotAfter | Should -BeOfType ([System.DateTime])
            $info.NotAfter.Kind | Should -Be ([System.DateTimeKind]::Local)
            $info.NotAfter.ToUniversalTime() | Should -Be $utcNotAfter
            $info.NotBefore.ToUniversalTime() | Should -Be $utcNotAfter.AddYears(-1)
        }

        It 'Should be the type the format file and callers know, and read as its thumbprint' {
            $info.PSObject.TypeNames[0] | Should -Be 'CertRebind.CertificateInfo'
            "$info" | Should -BeExactly '0F70C94C6482E61B0A43B9816E830ED7B30B8C44'
        }
    }

    It 'Should give null for a missing certificate, and no values to share' {
        [CertRebind.CertificateInfo]::From($null) | Should -BeNullOrEmpty
        [CertRebind.CertificateInfo]::SharedValuesOf($null) | Should -HaveCount 0
    }

    It 'Should take missing and null fields as the casts of PowerShell do: no time, no days, false, an empty list' {
        $info = [CertRebind.CertificateInfo]::From(@{ thumbprint = 'AB'; notAfter = $null; daysLeft = $null; dnsNames = $null })
        $info.NotAfter | Should -BeNullOrEmpty
        $info.NotBefore | Should -BeNullOrEmpty
        $info.DaysLeft | Should -BeNullOrEmpty
        $info.HasPrivateKey | Should -BeFalse
        $info.ServerAuth | Should -BeFalse
        $info.DnsNames.Count | Should -Be 0
        $info.Subject | Should -BeNullOrEmpty
    }

    It 'Should take one DNS name given alone as a list of one, and leave null names out' {
        ([CertRebind.CertificateInfo]::From(@{ dnsNames = 'www.contoso.com' })).DnsNames | Should -Be @('www.contoso.com')
        @(([CertRebind.CertificateInfo]::From(@{ dnsNames = @('a.contoso.com', $null, 'b.contoso.com') })).DnsNames) | Should -Be @('a.contoso.com', 'b.contoso.com')
    }

    It 'Should give each listed certificate''s shared values in order: the certificate, its subject, NotAfter and state' {
        $listed = [CertRebind.CertificateInfo]::SharedValuesOf(@(
                [CertRebind.JsonHashtable]::Parse($certificateJson),
                @{ thumbprint = 'CD'; subject = 'CN=other'; notAfter = '2027-01-31T12:00:00Z'; state = 'valid' }
            ))
        $listed | Should -HaveCount 2
        $listed[0][0].Thumbprint | Should -BeExactly '0F70C94C6482E61B0A43B9816E830ED7B30B8C44'
        $listed[0][1] | Should -BeExactly 'CN=www.contoso.com'
        $listed[0][2].ToUniversalTime() | Should -Be $utcNotAfter
        $listed[0][3] | Should -BeExactly 'expiring'
        $listed[1][0].Thumbprint | Should -BeExactly 'CD'
        $listed[1][2].ToUniversalTime() | Should -Be ([System.DateTime]::new(2027, 1, 31, 12, 0, 0, [System.DateTimeKind]::Utc))
    }
}

Describe 'ConvertTo-CertRebindDateTime (CertRebind.EnvelopeTime)' -Tag 'Unit' {
    It 'Should read <Case> as the local time of <Utc> UTC' -ForEach @(
        @{ Case = 'ISO 8601 text with Z'; Value = '2026-12-20T00:00:00.000Z'; Utc = '2026-12-20T00:00:00' }
        @{ Case = 'text with an offset'; Value = '2026-12-20T02:00:00+02:00'; Utc = '2026-12-20T00:00:00' }
        @{ Case = 'text without an offset (taken as UTC)'; Value = '2026-12-20T00:00:00'; Utc = '2026-12-20T00:00:00' }
        @{ Case = 'a DateTime of kind Utc'; Value = [System.DateTime]::new(2026, 12, 20, 0, 0, 0, [System.DateTimeKind]::Utc); Utc = '2026-12-20T00:00:00' }
        @{ Case = 'a DateTime of no kind (taken as UTC)'; Value = [System.DateTime]::new(2026, 12, 20, 0, 0, 0, [System.DateTimeKind]::Unspecified); Utc = '2026-12-20T00:00:00' }
    ) {
        $time = InModuleScope -Parameters @{ Value = $Value } -ScriptBlock { param ($Value) ConvertTo-CertRebindDateTime -Value $Value }
        $time | Should -BeOfType ([System.DateTime])
        $time.Kind | Should -Be ([System.DateTimeKind]::Local)
        $time.ToUniversalTime() | Should -Be ([System.DateTime]::SpecifyKind([System.DateTime]::Parse($Utc, [System.Globalization.CultureInfo]::InvariantCulture), [System.DateTimeKind]::Utc))
    }

    It 'Should give null for <Case>' -ForEach @(
        @{ Case = 'null'; Value = $null }
        @{ Case = 'empty text'; Value = '' }
        @{ Case = 'blank text'; Value = '  ' }
    ) {
        InModuleScope -Parameters @{ Value = $Value } -ScriptBlock { param ($Value) ConvertTo-CertRebindDateTime -Value $Value } | Should -BeNullOrEmpty
    }

    It 'Should refuse text that is no time' {
        { [CertRebind.EnvelopeTime]::Local('not a time') } | Should -Throw -ExceptionType ([System.Management.Automation.MethodInvocationException])
    }
}
