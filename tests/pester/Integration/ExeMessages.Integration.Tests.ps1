<#
    Messages in the caller's words, with the real exe on fresh copies of the demo host: what the exe
    says with its own options and commands comes out of the cmdlets with theirs.
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exeMissing = -not (Test-CertRebindTestExe -Suite 'exe messages')
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule
    $savedEnvironment = Set-DemoHostEnvironment
    $oldThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2025.cer'
    $newThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2026.cer'
    $exeOption = '(^|[\s(])--[a-z]|certrebind (task|rebind)'
}

AfterAll {
    Restore-TestEnvironment -Saved $savedEnvironment
    Remove-CertRebindModule
}

Describe 'What the cmdlets say the exe''s remedies with' -Tag 'Integration' -Skip:$exeMissing {
    It 'Should tell Invoke-CertRebind''s user to use -AllowNameMismatch for a host name the certificate does not cover' {
        $hostRoot = New-DemoHost -Folder $TestDrive -Name 'names'
        $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -HostRoot $hostRoot -Confirm:$false -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $written[0].Exception.Message | Should -BeLike '*Use -AllowNameMismatch to rebind anyway.'
        ($result | Where-Object -Property Status -EQ -Value 'refused').Reason | Should -BeLike '*Use -AllowNameMismatch to rebind anyway.'
        "$written" | Should -Not -Match $exeOption
    }

    It 'Should tell Get-IISCertAutoRebind''s user to run Enable-IISCertAutoRebind' {
        $hostRoot = New-DemoHost -Folder $TestDrive -Name 'task'
        $null = Get-IISCertAutoRebind -HostRoot $hostRoot -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Message | Should -Contain '\CertRebind\AutoRebind is not registered: renewed certificates are not re-bound automatically. Run Enable-IISCertAutoRebind.'
        "$($warnings.Message)" | Should -Not -Match $exeOption
    }

    It 'Should tell Get-CertLifecycleEvent''s user to raise -MaxEvents' {
        $hostRoot = New-DemoHost -Folder $TestDrive -Name 'events'
        $null = Get-CertLifecycleEvent -HostRoot $hostRoot -MaxEvents 1 -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Message | Where-Object -FilterScript { $_ -like '*Raise -MaxEvents (0 lists every one).' } | Should -HaveCount 1
        "$($warnings.Message)" | Should -Not -Match $exeOption
    }

    It 'Should tell Get-CertBinding''s user to pass -HostRoot with a snapshot host' {
        $notAHost = Join-Path -Path $TestDrive -ChildPath 'not-a-host'
        $null = New-Item -ItemType Directory -Path $notAHost
        $thrown = $null
        try {
            $null = Get-CertBinding -HostRoot $notAHost
        }
        catch {
            $thrown = $_
        }
        $thrown.FullyQualifiedErrorId | Should -Be 'CR2006,Get-CertBinding'
        $thrown.Exception.Message | Should -BeLike '*Pass -HostRoot with the folder that holds them.'
        $thrown.Exception.Message | Should -Not -Match $exeOption
    }
}
