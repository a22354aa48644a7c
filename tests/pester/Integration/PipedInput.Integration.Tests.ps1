<#
    Integration tests of piped input: several thumbprints piped into Get-CertBinding cost one run of the real
    certrebind exe, not one each, and give what one run per thumbprint gives. The exe is reached through a wrapper
    (a bash script in TestDrive) that logs each run and then runs the built exe, so the tests are skipped on Windows
    and until the exe has been built (./build.sh Build).
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exeMissing = -not (Test-CertRebindTestExe -Suite 'piped input')
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule
    $savedEnvironment = Set-DemoHostEnvironment
    $savedExe = Save-FakeExeEnvironment

    $hostRoot = New-DemoHost -Folder $TestDrive -Name 'demo-host'
    $wwwThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2025.cer'
    $apiThumbprint = Get-DemoCertificateThumbprint -RelativePath 'WebHosting/api-2026.cer'
    $wildcardThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/wildcard-2026.cer'

    # A wrapper that appends one line per run to $runLog, then runs the real exe with the same arguments.
    $runLog = Join-Path -Path $TestDrive -ChildPath 'runs.log'
    $wrapperPath = Join-Path -Path $TestDrive -ChildPath 'certrebind-logged'
    $realExe = [System.IO.Path]::GetFullPath((Get-CertRebindTestExe))
    [System.IO.File]::WriteAllText($wrapperPath, "#!/usr/bin/env bash`necho run >> '$runLog'`nexec '$realExe' `"`$@`"`n")
    & chmod +x $wrapperPath
    $env:CERTREBIND_EXE = $wrapperPath

    function Get-RunCount {
        if (Test-Path -LiteralPath $runLog) { @(Get-Content -LiteralPath $runLog).Count } else { 0 }
    }

    # What a user compares: every property, nested certificate included, in order.
    function ConvertTo-Comparable {
        param ([System.Object[]] $Binding)
        @($Binding | ForEach-Object -Process { ConvertTo-Json -InputObject $_ -Depth 4 -Compress })
    }
}

AfterAll {
    Restore-TestEnvironment -Saved $savedExe
    Restore-TestEnvironment -Saved $savedEnvironment
    Remove-CertRebindModule
}

Describe 'Piped thumbprints' -Tag 'Integration' -Skip:($exeMissing -or $onWindows) {
    Context 'When several certificates are piped into Get-CertBinding' {
        BeforeAll {
            # Pasted forms, a certificate listed twice, and one that nothing is bound to.
            $piped = @($apiThumbprint.ToLowerInvariant(), $wwwThumbprint, ($wildcardThumbprint -replace '(..)', '$1 ').Trim(), $apiThumbprint, ('AB' * 20))
            Remove-Item -LiteralPath $runLog -ErrorAction SilentlyContinue
            $batched = @($piped | Get-CertBinding -HostRoot $hostRoot -ErrorVariable batchedErrors)
            $batchedRuns = Get-RunCount

            Remove-Item -LiteralPath $runLog -ErrorAction SilentlyContinue
            $single = @(foreach ($thumbprint in $piped) { Get-CertBinding -Thumbprint $thumbprint -HostRoot $hostRoot })
            $singleRuns = Get-RunCount
        }

        It 'Should run the exe once for all of them' {
            $batchedRuns | Should -Be 1
            $singleRuns | Should -Be $piped.Count
        }

        It 'Should return what one run per thumbprint returns, in the same order' {
            # api-2026 twice (1 each), www-2025 (11: IIS's seven records and FTP bindings with SQL Server, both RDP
            # listeners, RD Gateway, WinRM), wildcard-2026 (1), and nothing for the unbound one.
            $batched | Should -HaveCount 14
            ConvertTo-Comparable -Binding $batched | Should -Be (ConvertTo-Comparable -Binding $single)
            $batched[0].Thumbprint | Should -Be $apiThumbprint
            $batched[-1].Thumbprint | Should -Be $apiThumbprint
            $batchedErrors | Should -HaveCount 0
        }
    }

    Context 'When a malformed thumbprint is piped among good ones' {
        BeforeAll {
            Remove-Item -LiteralPath $runLog -ErrorAction SilentlyContinue
            $result = @('zz', $apiThumbprint | Get-CertBinding -HostRoot $hostRoot -ErrorVariable written -ErrorAction SilentlyContinue)
            $runs = Get-RunCount
        }

        It 'Should write CR2001 for the malformed one and still list the others, in one run' {
            $written | Should -HaveCount 1
            $written[0].FullyQualifiedErrorId | Should -Be 'CR2001,Get-CertBinding'
            $written[0].TargetObject | Should -Be 'zz'
            $result.Endpoint | Should -Be @('api.contoso.com:443')
            $runs | Should -Be 1
        }
    }

    Context 'When more thumbprints are piped than one run takes' {
        BeforeAll {
            Remove-Item -LiteralPath $runLog -ErrorAction SilentlyContinue
            $result = @(@($apiThumbprint) * 150 | Get-CertBinding -HostRoot $hostRoot)
            $runs = Get-RunCount
        }

        It 'Should run the exe once per hundred thumbprints and list each of them' {
            $runs | Should -Be 2
            $result | Should -HaveCount 150
        }
    }
}
