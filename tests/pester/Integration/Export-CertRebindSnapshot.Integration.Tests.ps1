<#
    Integration tests of Export-CertRebindSnapshot: the module runs the real certrebind exe, captures a
    copy of the demo snapshot host into TestDrive, and the module's own cmdlets then read the capture
    as they read the demo host. Skipped, with a warning, until the exe has been built (./build.sh Build).
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exeMissing = -not (Test-CertRebindTestExe -Suite 'Export-CertRebindSnapshot')
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule
    $savedEnvironment = Set-DemoHostEnvironment
    $hostRoot = New-DemoHost -Folder $TestDrive -Name 'demo-host'
}

AfterAll {
    Restore-TestEnvironment -Saved $savedEnvironment
    Remove-CertRebindModule
}

Describe 'Export-CertRebindSnapshot on the demo host' -Tag 'Integration' -Skip:$exeMissing {
    Context 'When the demo host is captured' {
        BeforeAll {
            $out = Join-Path -Path $TestDrive -ChildPath 'capture'
            $result = Export-CertRebindSnapshot -HostRoot $hostRoot -Path $out -ErrorVariable written
        }

        It 'Should return the capture it wrote, with no errors' {
            $written | Should -HaveCount 0
            $result.Path | Should -Be $out
            $result.FileCount | Should -Be @(Get-ChildItem -LiteralPath $out -Recurse -File).Count
        }

        It 'Should write no private key' {
            @(Get-ChildItem -LiteralPath $out -Recurse -File -Filter '*.key') | Should -HaveCount 0
            foreach ($file in Get-ChildItem -LiteralPath $out -Recurse -File) {
                [System.IO.File]::ReadAllText($file.FullName) | Should -Not -Match 'PRIVATE KEY'
            }
        }

        It 'Should read as the host: the same bindings, certificates and private-key presence (Get-CertBinding)' {
            $describe = { param($root) @(Get-CertBinding -HostRoot $root -WarningAction SilentlyContinue | ForEach-Object -Process {
                        '{0} {1} {2} {3} {4}' -f $_.Kind, $_.Endpoint, $_.Thumbprint, $_.State, $_.Certificate.HasPrivateKey } | Sort-Object) }
            $onHost = & $describe $hostRoot
            $onHost | Should -Not -BeNullOrEmpty
            $onHost | Should -Contain ('hostnameport www.contoso.com:443 {0} expiring True' -f (Get-DemoCertificateThumbprint -RelativePath 'My/www-2025.cer'))
            & $describe $out | Should -Be $onHost
        }

        It 'Should refuse to write into the capture again (CR2008) and leave it as it was' {
            $before = Get-HostFileHash -HostRoot $out
            { Export-CertRebindSnapshot -HostRoot $hostRoot -Path $out -ErrorAction Stop } | Should -Throw -ErrorId 'CR2008,Export-CertRebindSnapshot'
            $after = Get-HostFileHash -HostRoot $out
            @($after.Keys | Sort-Object) | Should -Be @($before.Keys | Sort-Object)
            foreach ($path in $before.Keys) {
                $after[$path] | Should -Be $before[$path] -Because $path
            }
        }
    }
}
