<#
    Integration tests of what the module's objects carry and where they lead: Binding, LifecycleEvent and
    Change name the host they came from (HostRoot, ComputerName) and the cmdlets they are piped into act on
    that host; a replacement event piped into Get-CertBinding gives the bindings of both its certificates;
    -Thumbprint takes several; Export-Csv writes readable cells; every cmdlet refuses a -HostRoot that is not
    a snapshot host (CR2006); the warnings that keep a run from looking all good (CR2013, CR2014, a
    certificate without a successor). The real exe on copies of the demo host in TestDrive, on the demo's
    date. Skipped, with a warning, until the exe has been built (./build.sh Build).
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exeMissing = -not (Test-CertRebindTestExe -Suite 'ObjectsAndHosts')
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule
    $savedEnvironment = Set-DemoHostEnvironment

    $oldThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2025.cer'
    $newThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2026.cer'
    $apiThumbprint = Get-DemoCertificateThumbprint -RelativePath 'WebHosting/api-2026.cer'
    $wildcardThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/wildcard-2026.cer'
}

AfterAll {
    Restore-TestEnvironment -Saved $savedEnvironment
    Remove-CertRebindModule
}

Describe 'The objects of a snapshot host' -Tag 'Integration' -Skip:$exeMissing {
    BeforeAll {
        $hostRoot = New-DemoHost -Folder $TestDrive -Name 'WEB07'
        $bindings = @(Get-CertBinding -HostRoot $hostRoot -WarningAction SilentlyContinue)
        $events = @(Get-CertLifecycleEvent -HostRoot $hostRoot)
    }

    It 'Should name the host on every Binding and LifecycleEvent: its full path and its folder name' {
        foreach ($item in @($bindings) + @($events)) {
            $item.HostRoot | Should -Be $hostRoot
            $item.ComputerName | Should -Be 'WEB07'
        }
    }

    It 'Should read the same host again when bindings are piped into Get-CertBinding, without -HostRoot' {
        # The current location holds no snapshot host: without the bindings' HostRoot, this would fail (CR4001 or CR2006).
        Push-Location -LiteralPath $TestDrive
        try {
            $again = @($bindings | Where-Object -Property Endpoint -EQ -Value 'api.contoso.com:443' | Get-CertBinding -ErrorAction Stop)
        }
        finally {
            Pop-Location
        }
        @($again.Endpoint) | Should -Be @('api.contoso.com:443')
        $again[0].HostRoot | Should -Be $hostRoot
    }

    It 'Should give the bindings of the old and the new certificate of a replacement event piped into Get-CertBinding' {
        $replacement = @($events | Where-Object -Property Id -EQ -Value 1001)
        $replacement | Should -HaveCount 1
        $result = @($replacement | Get-CertBinding -WarningAction SilentlyContinue -ErrorAction Stop)
        $result.Count | Should -BeGreaterThan 0
        @($result.Thumbprint | Select-Object -Unique) | Should -Be @($oldThumbprint)
        $result[0].HostRoot | Should -Be $hostRoot
    }

    It 'Should take several thumbprints in -Thumbprint of Get-CertBinding and of Get-CertLifecycleEvent' {
        $result = @(Get-CertBinding -HostRoot $hostRoot -Thumbprint $apiThumbprint, $wildcardThumbprint)
        @($result.Endpoint | Sort-Object) | Should -Be @('[::]:443', 'api.contoso.com:443')

        $single = @(Get-CertLifecycleEvent -HostRoot $hostRoot -Thumbprint $oldThumbprint)
        $both = @(Get-CertLifecycleEvent -HostRoot $hostRoot -Thumbprint $oldThumbprint, $newThumbprint)
        $single.Count | Should -BeGreaterThan 0
        $both.Count | Should -BeGreaterOrEqual $single.Count
        @($both | ForEach-Object -Process { '{0}/{1}' -f $_.Channel, $_.RecordId } | Select-Object -Unique) | Should -HaveCount $both.Count -Because 'an event about both certificates is returned once'
        $times = @($both.TimeCreated)
        $times | Should -Be @($times | Sort-Object -Descending) -Because 'newest first'
    }

    It 'Should re-bind the host a replacement event came from when it is piped into Invoke-CertRebind, and say so on each Change' {
        $copy = New-DemoHost -Folder $TestDrive -Name 'WEB08'
        $replacement = Get-CertLifecycleEvent -HostRoot $copy -Id 1001
        Push-Location -LiteralPath $TestDrive
        try {
            $changes = @($replacement | Invoke-CertRebind -Force -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
        }
        finally {
            Pop-Location
        }
        @($changes | Where-Object -Property Status -EQ -Value 'applied').Count | Should -BeGreaterThan 0
        foreach ($change in $changes) {
            $change.HostRoot | Should -Be $copy
            $change.ComputerName | Should -Be 'WEB08'
        }
        (Get-CertBinding -HostRoot $copy -Thumbprint $newThumbprint).Count | Should -BeGreaterThan 0
    }
}

Describe 'Export-Csv of the module''s objects' -Tag 'Integration' -Skip:$exeMissing {
    BeforeAll {
        $hostRoot = New-DemoHost -Folder $TestDrive -Name 'csv'
        $objects = [ordered] @{
            Binding        = @(Get-CertBinding -HostRoot $hostRoot -WarningAction SilentlyContinue)
            LifecycleEvent = @(Get-CertLifecycleEvent -HostRoot $hostRoot)
            Change         = @(Invoke-CertRebind -Auto -HostRoot $hostRoot -Force -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
            Status         = @(Get-IISCertAutoRebind -HostRoot $hostRoot -WarningAction SilentlyContinue)
        }
    }

    It 'Should write no type name in any cell of <_>' -ForEach @('Binding', 'LifecycleEvent', 'Change', 'Status') {
        $rows = @($objects[$_])
        $rows.Count | Should -BeGreaterThan 0
        $csv = ($rows | ConvertTo-Csv -NoTypeInformation) -join "`n"
        $csv | Should -Not -Match 'System\.(Object|String)\[\]|System\.Collections|Hashtable|@\{|CertRebind\.StringList|PSCustomObject'
    }

    It 'Should write lists as their items and a certificate as its thumbprint' {
        $shared = $objects.Binding | Where-Object -Property Endpoint -EQ -Value '0.0.0.0:443'
        $row = $shared | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $row.Sites | Should -Be 'Default Web Site, Legacy'
        $row.Certificate | Should -Be $oldThumbprint
        # Still lists for PowerShell.
        $shared.Sites.Count | Should -Be 2
        $shared.Sites[1] | Should -Be 'Legacy'
    }
}

Describe 'The default table views' -Tag 'Integration' -Skip:$exeMissing {
    BeforeAll {
        $hostRoot = New-DemoHost -Folder $TestDrive -Name 'views'
        $bindings = @(Get-CertBinding -HostRoot $hostRoot -WarningAction SilentlyContinue)
        $bindingTable = $bindings | Format-Table | Out-String -Width 300
        $bindingList = $bindings | Where-Object -Property Kind -EQ -Value 'sqlserver' | Format-List | Out-String -Width 300
        $changes = @(Invoke-CertRebind -Auto -HostRoot $hostRoot -Confirm:$false -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
        $changeTable = $changes | Format-Table | Out-String -Width 400
        $changeList = $changes | Where-Object -Property Kind -EQ -Value 'sqlserver' | Format-List | Out-String -Width 300
    }

    It 'Should show the service that reads each binding of a service, and none for IIS' {
        $bindingTable | Should -Match '\bService\b'
        ($bindingTable -split "`n" | Where-Object -FilterScript { $_ -match '^sqlserver ' }) | Should -Match '\bSQL Server +MSSQLSERVER +pinned\b'
        ($bindingTable -split "`n" | Where-Object -FilterScript { $_ -match '^rdp +RDP-Tcp-3390 ' }) | Should -Match '\bRemote Desktop +TermService +self-selecting\b'
        ($bindingTable -split "`n" | Where-Object -FilterScript { $_ -match '^rdgateway ' }) | Should -Match '\bRD Gateway +TSGateway\b'
        ($bindingTable -split "`n" | Where-Object -FilterScript { $_ -match '^winrm ' }) | Should -Match '\bWinRM +WinRM\b'
        ($bindingTable -split "`n" | Where-Object -FilterScript { $_ -match '^hostnameport +www\.contoso\.com:443' }) | Should -Match '\bIIS +pinned +[0-9A-F]{40}\b'
        $bindingList | Should -Match '(?m)^Service +: MSSQLSERVER\s*$'
        $bindingList | Should -Match '(?m)^Selection +: pinned\s*$'
    }

    It 'Should show what a change needs besides its write, as the exe does (Needs)' {
        $changeTable | Should -Match '\bNeeds\b'
        ($changeTable -split "`n" | Where-Object -FilterScript { $_ -match '^applied +sqlserver ' }) | Should -Match 'key read: granted NT Service\\MSSQLSERVER; restart MSSQLSERVER'
        ($changeTable -split "`n" | Where-Object -FilterScript { $_ -match '^applied +rdp ' }) | Should -Not -Match 'key read|restart'
        $changeList | Should -Match '(?m)^Service +: MSSQLSERVER\s*$'
        $changeList | Should -Match '(?m)^RestartRequired +: True\s*$'
        $changeList | Should -Match '(?m)^KeyAccess +: NT Service\\MSSQLSERVER: granted\s*$'
    }

    It 'Should show who owns a record that no IIS site uses' {
        $bindingTable | Should -Match '\bOwner\b'
        ($bindingTable -split "`n" | Where-Object -FilterScript { $_ -match '0\.0\.0\.0:8443' }) | Should -Match '\bUnknown\b'
    }

    It 'Should show why a change was refused' {
        $changeTable | Should -Match '\bReason\b'
        ($changeTable -split "`n" | Where-Object -FilterScript { $_ -match '^refused' }) | Should -Match 'CR3005 +restart TSGateway +It also moves the ipport binding 0\.0\.0\.0:443, which cannot move: The new certificate does not cover legacy\.contoso\.com'
    }
}

Describe 'Enable-IISCertAutoRebind -DailyAt' -Tag 'Integration' -Skip:$exeMissing {
    It 'Should register the task at <Expected> for <Name>' -ForEach @(
        @{ Name = "the string '4:15'"; Value = '4:15'; Expected = '04:15' }
        @{ Name = 'a [datetime]'; Value = [System.DateTime]::new(2026, 11, 27, 5, 45, 0); Expected = '05:45' }
        @{ Name = 'a [timespan]'; Value = [System.TimeSpan]::new(23, 5, 0); Expected = '23:05' }
    ) {
        $hostRoot = New-DemoHost -Folder $TestDrive -Name ('daily-{0}' -f $Expected.Replace(':', ''))
        $status = Enable-IISCertAutoRebind -HostRoot $hostRoot -DailyAt $Value -Confirm:$false -WarningAction SilentlyContinue
        $status.DailyAt | Should -Be $Expected
        (Get-IISCertAutoRebind -HostRoot $hostRoot -WarningAction SilentlyContinue).DailyAt | Should -Be $Expected
    }

    It 'Should refuse <Name> with CR2000 and change nothing' -ForEach @(
        @{ Name = 'a time with seconds'; Value = [System.TimeSpan]::new(3, 30, 15); Folder = 'daily-seconds' }
        @{ Name = '24 hours or more'; Value = [System.TimeSpan]::new(1, 0, 0, 0); Folder = 'daily-day' }
        @{ Name = "the string '25:00'"; Value = '25:00'; Folder = 'daily-25' }
        @{ Name = 'a number'; Value = 330; Folder = 'daily-number' }
    ) {
        $hostRoot = New-DemoHost -Folder $TestDrive -Name $Folder
        $before = Get-HostFileHash -HostRoot $hostRoot
        { Enable-IISCertAutoRebind -HostRoot $hostRoot -DailyAt $Value -Confirm:$false } | Should -Throw -ErrorId 'CR2000,Enable-IISCertAutoRebind' -ExpectedMessage '*is not a time of day for -DailyAt*'
        $after = Get-HostFileHash -HostRoot $hostRoot
        @($after.Keys | Sort-Object) | Should -Be @($before.Keys | Sort-Object)
        foreach ($path in $before.Keys) {
            $after[$path] | Should -Be $before[$path] -Because "$path must not change"
        }
    }
}

Describe 'A -HostRoot folder that is not a snapshot host' -Tag 'Integration' -Skip:$exeMissing {
    BeforeAll {
        $notAHost = Join-Path -Path $TestDrive -ChildPath 'documents'
        $null = New-Item -ItemType Directory -Path $notAHost
        Set-Content -LiteralPath (Join-Path -Path $notAHost -ChildPath 'notes.txt') -Value 'not a server'
    }

    It 'Should end <Name> with CR2006 and write nothing into the folder' -ForEach @(
        @{ Name = 'Get-CertBinding'; Run = { param ($h) Get-CertBinding -HostRoot $h } }
        @{ Name = 'Get-CertLifecycleEvent'; Run = { param ($h) Get-CertLifecycleEvent -HostRoot $h } }
        @{ Name = 'Invoke-CertRebind'; Run = { param ($h) Invoke-CertRebind -HostRoot $h -OldThumbprint ('A' * 40) -NewThumbprint ('B' * 40) -Confirm:$false } }
        @{ Name = 'Invoke-CertRebind -Auto'; Run = { param ($h) Invoke-CertRebind -Auto -HostRoot $h -Confirm:$false } }
        @{ Name = 'Get-IISCertAutoRebind'; Run = { param ($h) Get-IISCertAutoRebind -HostRoot $h } }
        @{ Name = 'Enable-IISCertAutoRebind'; Run = { param ($h) Enable-IISCertAutoRebind -HostRoot $h -Confirm:$false } }
        @{ Name = 'Disable-IISCertAutoRebind'; Run = { param ($h) Disable-IISCertAutoRebind -HostRoot $h -Confirm:$false } }
    ) {
        { & $Run $notAHost } | Should -Throw -ErrorId 'CR2006,*' -ExpectedMessage '*is not a snapshot host*'
        @(Get-ChildItem -LiteralPath $notAHost -Force).Name | Should -Be @('notes.txt')
    }
}

Describe 'Warnings that keep a run from looking all good' -Tag 'Integration' -Skip:$exeMissing {
    BeforeAll {
        $hostRoot = New-DemoHost -Folder $TestDrive -Name 'warnings'
    }

    It 'Should warn, with CR2013, about a thumbprint that no store holds and nothing is bound to' {
        $typo = $oldThumbprint.Substring(0, 39) + $(if ($oldThumbprint[39] -eq '0') { '1' } else { '0' })
        $result = @(Get-CertBinding -HostRoot $hostRoot -Thumbprint $typo -WarningVariable warned -WarningAction SilentlyContinue)
        $result | Should -HaveCount 0
        @($warned.Message) | Should -Contain ('No certificate store of this host holds {0}, and nothing is bound to it: check the thumbprint for a typo, or that it is one of this server''s certificates.' -f $typo)

        $null = Invoke-CertRebind -HostRoot $hostRoot -OldThumbprint $typo -NewThumbprint $newThumbprint -WhatIf -WarningVariable rebindWarned -WarningAction SilentlyContinue
        @($rebindWarned.Message) | Should -Contain ('No certificate store of this host holds the old certificate {0}, and nothing is bound to it: check the thumbprint for a typo, or that it is one of this server''s certificates.' -f $typo)
    }

    It 'Should warn, with CR2014, when the new certificate expires before the old one (swapped?)' {
        $null = Invoke-CertRebind -HostRoot $hostRoot -OldThumbprint $newThumbprint -NewThumbprint $oldThumbprint -WhatIf -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        @($warned.Message | Where-Object -FilterScript { $_ -like "The new certificate $oldThumbprint expires on *, before the old one $newThumbprint *: are the old and the new thumbprint swapped?" }) | Should -HaveCount 1
    }

    It 'Should warn with Invoke-CertRebind -Auto about an expiring certificate whose renewal has no private key, naming it' {
        $keyless = New-DemoHost -Folder $TestDrive -Name 'keyless'
        foreach ($pattern in 'www-2026.key', 'wildcard-2026.*', 'www-2025.json') {
            Remove-Item -Path ([System.IO.Path]::Combine($keyless, 'certs', 'My', $pattern))
        }
        $null = Invoke-CertRebind -Auto -HostRoot $keyless -WhatIf -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $about = @($warned.Message | Where-Object -FilterScript { $_ -like "$oldThumbprint expires within 30 days*" })
        $about | Should -HaveCount 1
        $about[0] | Should -BeLike "*has no successor: *$newThumbprint (it has no private key)*"
        $about[0] | Should -Not -BeLike '*has not arrived*'
    }
}
