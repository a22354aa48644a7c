<#
    Integration tests of Enable-IISCertAutoRebind, Get-IISCertAutoRebind, Disable-IISCertAutoRebind
    and Invoke-CertRebind -Auto: the module runs the real certrebind exe on fresh copies of the demo
    snapshot host (examples/demo-host) in TestDrive, on the demo's date (CERTREBIND_NOW =
    2026-11-27). The exe installs a copy of itself as programfiles/CertRebind/certrebind.exe and
    registers tasks/CertRebind/AutoRebind.xml (docs/snapshot-host.md). Every -WhatIf run is checked
    by hashing every file of the host before and after. Skipped, with a warning, until the exe has
    been built (./build.sh Build).
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exeMissing = -not (Test-CertRebindTestExe -Suite 'AutoRebind')
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule
    $savedEnvironment = Set-DemoHostEnvironment
    $exePath = Get-CertRebindTestExe

    function Assert-SameFiles {
        param ([System.Collections.Hashtable] $Before, [System.Collections.Hashtable] $After)

        @($After.Keys | Sort-Object) | Should -Be @($Before.Keys | Sort-Object)
        foreach ($relativePath in $Before.Keys) {
            $After[$relativePath] | Should -Be $Before[$relativePath] -Because "$relativePath must not change"
        }
    }

    function Get-BoundThumbprint {
        param ([System.String] $HostRoot)

        $bound = @{}
        foreach ($binding in Get-CertBinding -HostRoot $HostRoot -WarningAction SilentlyContinue) {
            $bound[$binding.Endpoint] = $binding.Thumbprint
        }
        $bound
    }

    $oldThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2025.cer'
    $newThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2026.cer'

    # The targets the successor scan moves from www-2025 to www-2026 on the demo host: IIS's four targets, SQL Server, the pinned RDP listener, WinRM's
    # listener (and with it its record 0.0.0.0:5986). RD Gateway is refused (CR3005) and keeps 0.0.0.0:443 with it.
    $movedEndpoints = @('10.0.0.10:443', 'www.contoso.com:443', '*:21:', 'siteDefaults', 'MSSQLSERVER', 'RDP-Tcp', 'Address=*+Transport=HTTPS')
}

AfterAll {
    Restore-TestEnvironment -Saved $savedEnvironment
    Remove-CertRebindModule
}

Describe 'Automatic rebinding on the demo host' -Tag 'Integration' -Skip:$exeMissing {
    Context 'When Enable-IISCertAutoRebind is previewed with -WhatIf' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'enable-whatif' -WithIisTask
            $filesBefore = Get-HostFileHash -HostRoot $hostRoot
            $capturePath = Start-HostCapture -Folder $TestDrive
            try {
                $result = @(Enable-IISCertAutoRebind -ReplaceBuiltIn -HostRoot $hostRoot -WhatIf)
            }
            finally {
                $whatIfLines = Stop-HostCapture -Path $capturePath
            }
            $filesAfter = Get-HostFileHash -HostRoot $hostRoot
        }

        It 'Should leave every file of the host byte-identical and write no file' {
            Assert-SameFiles -Before $filesBefore -After $filesAfter
        }

        It 'Should print one What if line for the exe, the task and IIS''s task, and emit nothing' {
            $whatIfLines | Should -HaveCount 3
            $whatIfLines[0] | Should -BeLike 'What if: Copy this exe (certrebind *) to C:\Program Files\CertRebind\certrebind.exe.'
            $whatIfLines[1] | Should -BeLike 'What if: Register the task \CertRebind\AutoRebind: *daily run at 03:30*'
            $whatIfLines[2] | Should -BeLike "What if: Disable IIS's own task *IIS-AutoCertRebind*"
            $result | Should -HaveCount 0
        }
    }

    Context 'When automatic rebinding is enabled, read back, enabled again and disabled' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'enable' -WithIisTask
            $taskFile = [System.IO.Path]::Combine($hostRoot, 'tasks', 'CertRebind', 'AutoRebind.xml')
            $installedExe = [System.IO.Path]::Combine($hostRoot, 'programfiles', 'CertRebind', 'certrebind.exe')
            $builtInFile = [System.IO.Path]::Combine($hostRoot, 'tasks', 'Microsoft', 'Windows', 'CertificateServicesClient', 'IIS-AutoCertRebind.xml')

            $enabled = Enable-IISCertAutoRebind -DailyAt '04:15' -ReplaceBuiltIn -HostRoot $hostRoot -Confirm:$false -WarningVariable enableWarnings -WarningAction SilentlyContinue
            $taskBytes = [System.IO.File]::ReadAllBytes($taskFile)
            $status = Get-IISCertAutoRebind -HostRoot $hostRoot -WarningVariable statusWarnings -WarningAction SilentlyContinue

            $filesBeforeAgain = Get-HostFileHash -HostRoot $hostRoot
            $again = Enable-IISCertAutoRebind -ReplaceBuiltIn -HostRoot $hostRoot -Confirm:$false
            $filesAfterAgain = Get-HostFileHash -HostRoot $hostRoot

            $filesBeforeWhatIf = Get-HostFileHash -HostRoot $hostRoot
            $disableWhatIf = @(Disable-IISCertAutoRebind -HostRoot $hostRoot -WhatIf)
            $filesAfterWhatIf = Get-HostFileHash -HostRoot $hostRoot

            $disabled = Disable-IISCertAutoRebind -HostRoot $hostRoot -Confirm:$false -WarningVariable disableWarnings -WarningAction SilentlyContinue
            $afterDisable = Get-IISCertAutoRebind -HostRoot $hostRoot -WarningAction SilentlyContinue
        }

        It 'Should return the status after enabling: the task enabled at 04:15, IIS''s task disabled, three changes' {
            $enabled.PSObject.TypeNames[0] | Should -Be 'CertRebind.AutoRebindStatus'
            $enabled.Exists | Should -BeTrue
            $enabled.Enabled | Should -BeTrue
            $enabled.DailyAt | Should -Be '04:15'
            $enabled.BuiltInTaskExists | Should -BeTrue
            $enabled.BuiltInTaskEnabled | Should -BeFalse
            $enabled.Changes | Should -HaveCount 3
            $enableWarnings | Should -HaveCount 0
        }

        It 'Should write the task as schtasks /Query /XML prints it: UTF-16 LE with a BOM, with the task''s action' {
            $taskBytes[0..3] | Should -Be @(0xFF, 0xFE, 0x3C, 0x00)
            $text = [System.Text.Encoding]::Unicode.GetString($taskBytes, 2, $taskBytes.Length - 2)
            $text | Should -BeLike '<?xml version="1.0" encoding="UTF-16"?>*'
            $text | Should -BeLike '*<Command>C:\Program Files\CertRebind\certrebind.exe</Command>*'
            $text | Should -BeLike '*<Arguments>on-task --old "$(OldCertHash)" --new "$(NewCertHash)"</Arguments>*'
            $text | Should -BeLike '*<StartBoundary>2020-01-01T04:15:00</StartBoundary>*'
        }

        It 'Should install a copy of the module''s exe' {
            (Get-FileHash -LiteralPath $installedExe).Hash | Should -Be (Get-FileHash -LiteralPath $exePath).Hash
        }

        It 'Should disable IIS''s task in its file, keeping the rest of it' {
            $builtIn = [System.IO.File]::ReadAllBytes($builtInFile)
            $text = [System.Text.Encoding]::Unicode.GetString($builtIn, 2, $builtIn.Length - 2)
            $text | Should -BeLike '*<Enabled>false</Enabled>*<Hidden>*'
            $text | Should -BeLike '*<Arguments>renew binding /oldcert:$(OldCertHash) /newcert:$(NewCertHash)</Arguments>*'
        }

        It 'Should read the same state back with Get-IISCertAutoRebind, with nothing to warn about' {
            $status.Exists | Should -BeTrue
            $status.Enabled | Should -BeTrue
            $status.Current | Should -BeTrue
            $status.DailyAt | Should -Be '04:15'
            $status.LastRunTime | Should -BeNullOrEmpty
            $status.ExeExists | Should -BeTrue
            $status.ExeIsModuleExe | Should -BeTrue
            $status.LifecycleChannelEnabled | Should -BeTrue
            $status.BuiltInTaskEnabled | Should -BeFalse
            $status.Changes | Should -HaveCount 0
            $statusWarnings | Should -HaveCount 0
        }

        It 'Should change nothing when enabled again, keeping the daily time' {
            Assert-SameFiles -Before $filesBeforeAgain -After $filesAfterAgain
            $again.Changes | Should -HaveCount 0
            $again.DailyAt | Should -Be '04:15'
        }

        It 'Should change nothing with Disable-IISCertAutoRebind -WhatIf' {
            Assert-SameFiles -Before $filesBeforeWhatIf -After $filesAfterWhatIf
            $disableWhatIf | Should -HaveCount 0
        }

        It 'Should delete the task on disable, keep the exe, and warn that IIS''s task is disabled' {
            $disabled.Exists | Should -BeFalse
            $disabled.Changes | Should -Be @('Delete the task \CertRebind\AutoRebind.')
            Test-Path -LiteralPath $taskFile | Should -BeFalse
            Test-Path -LiteralPath $installedExe | Should -BeTrue
            $afterDisable.Exists | Should -BeFalse
            $disableWarnings.Message | Where-Object -FilterScript { $_ -like "IIS's own task*is disabled, so nothing rebinds*" } | Should -HaveCount 1
        }

        It 'Should have appended one audit record per command that changed something' {
            $records = @(Get-Content -LiteralPath ([System.IO.Path]::Combine($hostRoot, 'state', 'audit.jsonl')) | ConvertFrom-Json)
            @($records.command) | Should -Be @('task enable', 'task disable')
        }
    }

    Context 'When the program folder can be changed by others' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'writable'
            $folder = [System.IO.Path]::Combine($hostRoot, 'programfiles', 'CertRebind')
            $null = New-Item -ItemType Directory -Path $folder -Force
            $skipModes = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
            if (-not $skipModes) {
                & chmod 0755 (Join-Path -Path $hostRoot -ChildPath 'programfiles')
                & chmod 0777 $folder
            }
            $filesBefore = Get-HostFileHash -HostRoot $hostRoot
            $thrown = $null
            try {
                $null = Enable-IISCertAutoRebind -HostRoot $hostRoot -Confirm:$false
            }
            catch {
                $thrown = $_
            }
            $filesAfter = Get-HostFileHash -HostRoot $hostRoot
        }

        It 'Should refuse with CR4010,Enable-IISCertAutoRebind and write nothing' -Skip:($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) {
            $thrown.FullyQualifiedErrorId | Should -Be 'CR4010,Enable-IISCertAutoRebind'
            $thrown.Exception.Message | Should -BeLike '*can be changed by users other than its owner (mode 777)*'
            Assert-SameFiles -Before $filesBefore -After $filesAfter
        }
    }

    Context 'When Invoke-CertRebind -Auto runs on a host whose renewal was imported, not linked' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'auto'
            # An ACME-style import: Windows keeps no renewal link from www-2025 to www-2026.
            $linkFile = [System.IO.Path]::Combine($hostRoot, 'certs', 'My', 'www-2025.json')
            Set-Content -LiteralPath $linkFile -Value '{ "friendlyName": "www 2025" }'

            $filesBefore = Get-HostFileHash -HostRoot $hostRoot
            $capturePath = Start-HostCapture -Folder $TestDrive
            try {
                $preview = @(Invoke-CertRebind -Auto -HostRoot $hostRoot -WhatIf -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            }
            finally {
                $whatIfLines = Stop-HostCapture -Path $capturePath
            }
            $filesAfterPreview = Get-HostFileHash -HostRoot $hostRoot

            $result = @(Invoke-CertRebind -Auto -HostRoot $hostRoot -Confirm:$false -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $bound = Get-BoundThumbprint -HostRoot $hostRoot
        }

        It 'Should change nothing with -WhatIf and explain each change: the successor and why' {
            Assert-SameFiles -Before $filesBefore -After $filesAfterPreview
            $preview | Should -HaveCount 0
            $whatIfLines | Should -HaveCount 7
            foreach ($line in $whatIfLines) {
                $line | Should -BeLike "What if: Re-binding * from certificate $oldThumbprint to its successor ${newThumbprint}: *"
            }
        }

        It 'Should move every binding the renewal covers to it' {
            foreach ($endpoint in $movedEndpoints) {
                $bound[$endpoint] | Should -Be $newThumbprint -Because "$endpoint is covered by the renewal"
            }
            @($result | Where-Object -Property Status -EQ -Value 'applied').Endpoint | Sort-Object | Should -Be @($movedEndpoints | Sort-Object)
            $bound['0.0.0.0:5986'] | Should -Be $newThumbprint -Because 'the WinRM listener moves the record it claims'
        }

        It 'Should refuse RD Gateway, whose record 0.0.0.0:443 has legacy.contoso.com that the renewal does not cover, with CR3005' {
            $bound['TSGateway'] | Should -Be $oldThumbprint
            $bound['0.0.0.0:443'] | Should -Be $oldThumbprint
            ($result | Where-Object -Property Endpoint -EQ -Value 'TSGateway').Code | Should -Be 'CR3005'
            @($written | Where-Object -FilterScript { $_.FullyQualifiedErrorId -eq 'CR3005,Invoke-CertRebind' }).TargetObject | Should -Be @('TSGateway')
        }
    }
}
