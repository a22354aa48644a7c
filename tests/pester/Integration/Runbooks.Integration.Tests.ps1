<#
    Integration tests of the runbook examples (examples/runbooks): New-DemoFleet.ps1 makes three
    snapshot hosts in TestDrive standing for the servers WEB01 (the demo host: a pending renewal of IIS's, SQL
    Server's, RDP's, RD Gateway's and WinRM's bindings, and RD Gateway's that it cannot take, for legacy.contoso.com
    behind its record 0.0.0.0:443), WEB02 (a pending renewal that can finish, automatic rebinding enabled)
    and WEB03 (in line); Get-CertRebindCompliance.ps1 and Invoke-CertRebindFleet.ps1 run on them with
    -SnapshotHosts, and once through a stand-in for Invoke-Command -ComputerName that runs the same
    script block on the snapshot hosts (CERTREBIND_HOST_ROOT set per server) and fails to reach one.
    The real exe, on the demo's date. The runs that only read share one fleet; the run that changes
    things has its own. Skipped, with a warning, until the exe has been built.
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exeMissing = -not (Test-CertRebindTestExe -Suite 'runbook')
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule
    $savedEnvironment = Set-DemoHostEnvironment
    $runbooks = Join-Path -Path (Get-CertRebindRepositoryRoot) -ChildPath 'examples/runbooks'
    $newThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2026.cer'

    # A fresh fleet of three snapshot hosts; returns the name -> directory dictionary of New-DemoFleet.ps1.
    function New-TestFleet {
        param ([System.String] $Name)

        & (Join-Path -Path $runbooks -ChildPath 'New-DemoFleet.ps1') -Path (Join-Path -Path $TestDrive -ChildPath $Name)
    }

    # The lines of the formatted output that are table headers (one per table printed).
    function Get-TableHeader {
        param ([System.Object[]] $Rows, [System.String] $FirstColumn)

        @(($Rows | Out-String -Width 300) -split '\r?\n' | Where-Object -FilterScript { $_ -match "^$FirstColumn\s" })
    }

    # Only read by the contexts below, except 'When the fan-out re-binds the fleet', which makes its own.
    $sharedFleet = New-TestFleet -Name 'fleet'
}

AfterAll {
    Restore-TestEnvironment -Saved $savedEnvironment
    Remove-CertRebindModule
}

Describe 'The runbook examples on snapshot hosts standing for servers' -Tag 'Integration' -Skip:$exeMissing {
    Context 'When New-DemoFleet.ps1 makes the fleet' {
        BeforeAll {
            $fleet = $sharedFleet
        }

        It 'Should return WEB01, WEB02 and WEB03 in order, each a snapshot host directory' {
            @($fleet.Keys) | Should -Be @('WEB01', 'WEB02', 'WEB03')
            foreach ($hostRoot in $fleet.Values) {
                Test-Path -LiteralPath ([System.IO.Path]::Combine($hostRoot, 'httpsys', 'records.json')) | Should -BeTrue
            }
        }

        It 'Should leave the demo''s clock as it was' {
            $env:CERTREBIND_NOW | Should -Be '2026-11-27T00:00:00Z'
        }

        It 'Should refuse to overwrite a fleet' {
            { New-TestFleet -Name 'fleet' } | Should -Throw -ExpectedMessage '*exists already*'
        }
    }

    Context 'When the compliance report runs on the fleet' {
        BeforeAll {
            $fleet = $sharedFleet
            $filesBefore = @{}
            foreach ($name in $fleet.Keys) {
                $filesBefore[$name] = Get-HostFileHash -HostRoot $fleet[$name]
            }
            $report = @(& (Join-Path -Path $runbooks -ChildPath 'Get-CertRebindCompliance.ps1') -SnapshotHosts $fleet)
            $byName = @{}
            foreach ($row in $report) {
                $byName[$row.ComputerName] = $row
            }
        }

        It 'Should return one CertRebind.FleetCompliance row per server' {
            @($report.ComputerName) | Should -Be @('WEB01', 'WEB02', 'WEB03')
            @($report | ForEach-Object -Process { $_.PSObject.TypeNames[0] } | Select-Object -Unique) | Should -Be @('CertRebind.FleetCompliance')
        }

        It 'Should print one table for all of them' {
            Get-TableHeader -Rows $report -FirstColumn 'ComputerName' | Should -HaveCount 1
            $text = $report | Out-String -Width 300
            foreach ($name in 'WEB01', 'WEB02', 'WEB03') {
                $text | Should -Match "(?m)^$name\s+(True|False)\s"
            }
        }

        It 'Should show WEB01 out of line: seven bindings pending, one refused, no task' {
            $byName.WEB01.Compliant | Should -BeFalse
            $byName.WEB01.BindingsCurrent | Should -BeFalse
            $byName.WEB01.AutoRebind | Should -BeFalse
            $byName.WEB01.Pending | Should -Be 7
            $byName.WEB01.Refused | Should -Be 1
            $byName.WEB01.Why | Should -Be 'CR3005, NoSuccessor, Pending x7, TaskMissing'
            $byName.WEB01.NoSuccessor | Should -Be 1
            $byName.WEB01.Reasons | Should -HaveCount 10
            @($byName.WEB01.Reasons | Where-Object -FilterScript { $_ -like 'rdgateway TSGateway is bound to *0.0.0.0:443*legacy.contoso.com*' }) | Should -HaveCount 1
        }

        It 'Should show WEB02 out of line for its pending renewal and the expired certificate that has no successor' {
            $byName.WEB02.Compliant | Should -BeFalse
            $byName.WEB02.AutoRebind | Should -BeTrue
            $byName.WEB02.Pending | Should -Be 8
            $byName.WEB02.NoSuccessor | Should -Be 1
            $byName.WEB02.Why | Should -Be 'NoSuccessor, Pending x8'
            $byName.WEB02.Reasons[-1] | Should -BeLike 'ipport 0.0.0.0:8443 is bound to FF68DD73E9231C4C92BF0554927AF9A048BD18F5, which has expired, and it has no successor: *'
            $byName.WEB02.Warnings | Should -HaveCount 2
            $byName.WEB02.Warnings[0] | Should -BeLike 'FF68DD73E9231C4C92BF0554927AF9A048BD18F5 has expired and has no successor*'
            $byName.WEB02.Warnings[1] | Should -Be 'The planned changes take effect only when the services MSSQLSERVER, TSGateway start again. Restart them yourself, or run Invoke-CertRebind with -RestartService to have them restarted.'
        }

        It 'Should show WEB03 (its expired custom service retired) in line, with no reason and no warning' {
            $byName.WEB03.Compliant | Should -BeTrue
            $byName.WEB03.NoSuccessor | Should -Be 0
            $byName.WEB03.Reasons | Should -HaveCount 0
            $byName.WEB03.Warnings | Should -HaveCount 0
        }

        It 'Should change no file of any host' {
            foreach ($name in $fleet.Keys) {
                $after = Get-HostFileHash -HostRoot $fleet[$name]
                @($after.Keys | Sort-Object) | Should -Be @($filesBefore[$name].Keys | Sort-Object)
                foreach ($path in $after.Keys) {
                    $after[$path] | Should -Be $filesBefore[$name][$path] -Because "$name $path must not change"
                }
            }
        }
    }

    Context 'When the fan-out runs with -WhatIf' {
        BeforeAll {
            $fleet = $sharedFleet
            $filesBefore = @{}
            foreach ($name in $fleet.Keys) {
                $filesBefore[$name] = Get-HostFileHash -HostRoot $fleet[$name]
            }
            $preview = @(& (Join-Path -Path $runbooks -ChildPath 'Invoke-CertRebindFleet.ps1') -SnapshotHosts $fleet -WhatIf)
        }

        It 'Should return one CertRebind.FleetChange row per binding that would move, with the computer name' {
            $preview | Should -HaveCount 16
            @($preview | ForEach-Object -Process { $_.PSObject.TypeNames[0] } | Select-Object -Unique) | Should -Be @('CertRebind.FleetChange')
            @($preview | Where-Object -Property ComputerName -EQ -Value 'WEB01') | Should -HaveCount 8
            @($preview | Where-Object -Property ComputerName -EQ -Value 'WEB02') | Should -HaveCount 8
            @($preview | Where-Object -Property ComputerName -EQ -Value 'WEB03') | Should -HaveCount 0
            @($preview.To | Select-Object -Unique) | Should -Be @($newThumbprint)
        }

        It 'Should show what would move as planned, and what could not as refused with its code' {
            $refused = @($preview | Where-Object -Property Status -EQ -Value 'refused')
            $refused | Should -HaveCount 1
            $refused[0].ComputerName | Should -Be 'WEB01'
            $refused[0].Kind | Should -Be 'rdgateway'
            $refused[0].Endpoint | Should -Be 'TSGateway'
            $refused[0].Code | Should -Be 'CR3005'
            $refused[0].Reason | Should -BeLike '*0.0.0.0:443*legacy.contoso.com*'
            @($preview | Where-Object -Property Status -EQ -Value 'planned') | Should -HaveCount 15
        }

        It 'Should print one table for both servers' {
            Get-TableHeader -Rows $preview -FirstColumn 'ComputerName' | Should -HaveCount 1
            $text = $preview | Out-String -Width 300
            $text | Should -Match '(?m)^WEB01\s+refused\s+rdgateway\s+TSGateway\s'
            $text | Should -Match '(?m)^WEB02\s+planned\s+rdgateway\s+TSGateway\s'
        }

        It 'Should change no file of any host' {
            foreach ($name in $fleet.Keys) {
                $after = Get-HostFileHash -HostRoot $fleet[$name]
                @($after.Keys | Sort-Object) | Should -Be @($filesBefore[$name].Keys | Sort-Object)
                foreach ($path in $after.Keys) {
                    $after[$path] | Should -Be $filesBefore[$name][$path] -Because "$name $path must not change"
                }
            }
        }
    }

    Context 'When the fan-out re-binds the fleet' {
        BeforeAll {
            $fleet = New-TestFleet -Name 'fleet-apply'
            $changes = @(& (Join-Path -Path $runbooks -ChildPath 'Invoke-CertRebindFleet.ps1') -SnapshotHosts $fleet -Confirm:$false)
            $report = @(& (Join-Path -Path $runbooks -ChildPath 'Get-CertRebindCompliance.ps1') -SnapshotHosts $fleet)
        }

        It 'Should return the applied and refused bindings of both servers in one table' {
            @($changes | Where-Object -Property Status -EQ -Value 'applied') | Should -HaveCount 15
            @($changes | Where-Object -Property Status -EQ -Value 'refused').Endpoint | Should -Be @('TSGateway')
            @($changes | Where-Object -Property Status -NE -Value 'unchanged' | ForEach-Object -Process { $_.ComputerName } | Select-Object -Unique) | Should -Be @('WEB01', 'WEB02')
            # WEB03's RDP-Tcp-3390 (its certificate chosen by a template, never moved) still holds www-2025, so the
            # successor scan pairs www-2025 with its renewal there too, and finds every other binding already moved.
            @($changes | Where-Object -Property ComputerName -EQ -Value 'WEB03' | ForEach-Object -Process { $_.Status } | Select-Object -Unique) | Should -Be @('unchanged')
            Get-TableHeader -Rows $changes -FirstColumn 'ComputerName' | Should -HaveCount 1
        }

        It 'Should leave WEB01 out of line for its refusal, its missing task and its expired certificate, WEB02 for that certificate only, and WEB03 in line' {
            ($report | Where-Object -Property ComputerName -EQ -Value 'WEB01').Why | Should -Be 'CR3005, NoSuccessor, TaskMissing'
            ($report | Where-Object -Property ComputerName -EQ -Value 'WEB02').Why | Should -Be 'NoSuccessor'
            ($report | Where-Object -Property ComputerName -EQ -Value 'WEB02').Pending | Should -Be 0
            ($report | Where-Object -Property ComputerName -EQ -Value 'WEB03').Compliant | Should -BeTrue
        }
    }

    Context 'When the servers are reached over remoting (Invoke-Command stands in, on the snapshot hosts)' {
        BeforeAll {
            $fleet = $sharedFleet
            # Runs the runbook's script block as a remote session would: in a runspace of its own, on the server
            # (its snapshot host through CERTREBIND_HOST_ROOT, with no -HostRoot), with PSComputerName added;
            # WEB99 cannot be reached. The servers import the module by path (installed, on real servers).
            Mock -CommandName Invoke-Command -MockWith {
                foreach ($computer in $ComputerName) {
                    if ($computer -eq 'WEB99') {
                        Write-Error -Message "Connecting to remote server $computer failed: WinRM cannot complete the operation." -ErrorId 'CannotConnect,PSSessionStateBroken' -TargetObject $computer -ErrorAction Continue
                        continue
                    }
                    $env:CERTREBIND_HOST_ROOT = $fleet[$computer]
                    $session = [System.Management.Automation.PowerShell]::Create()
                    try {
                        $null = $session.AddScript($ScriptBlock.ToString())
                        foreach ($argument in $ArgumentList) {
                            $null = $session.AddArgument($argument)
                        }
                        foreach ($result in $session.Invoke()) {
                            $result | Add-Member -NotePropertyName 'PSComputerName' -NotePropertyValue $computer -PassThru
                        }
                    }
                    finally {
                        $session.Dispose()
                        $env:CERTREBIND_HOST_ROOT = $null
                    }
                }
            }
            $module = Join-Path -Path (Get-CertRebindRepositoryRoot) -ChildPath 'CertRebind.psd1'
            $preview = @(& (Join-Path -Path $runbooks -ChildPath 'Invoke-CertRebindFleet.ps1') -ComputerName 'WEB01', 'WEB02', 'WEB99' -ThrottleLimit 8 -Module $module -WhatIf 2> $null)
            $report = @(& (Join-Path -Path $runbooks -ChildPath 'Get-CertRebindCompliance.ps1') -ComputerName 'WEB01', 'WEB03', 'WEB99' -Module $module 2> $null)
        }

        It 'Should fan out with Invoke-Command -ComputerName and -ThrottleLimit, once per runbook' {
            Should -Invoke -CommandName Invoke-Command -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($ComputerName -join ',') -eq 'WEB01,WEB02,WEB99' -and $ThrottleLimit -eq 8 -and $null -eq $ArgumentList[-1]
            }
            Should -Invoke -CommandName Invoke-Command -Exactly -Times 1 -Scope Context -ParameterFilter {
                ($ComputerName -join ',') -eq 'WEB01,WEB03,WEB99' -and $ThrottleLimit -eq 32
            }
        }

        It 'Should return the changes of the servers it reached, named by PSComputerName, and the unreachable one as an error row' {
            @($preview | Where-Object -Property ComputerName -EQ -Value 'WEB01') | Should -HaveCount 8
            @($preview | Where-Object -Property ComputerName -EQ -Value 'WEB02') | Should -HaveCount 8
            $failed = @($preview | Where-Object -Property Status -EQ -Value 'error')
            $failed | Should -HaveCount 1
            $failed[0].ComputerName | Should -Be 'WEB99'
            $failed[0].Code | Should -Be 'CannotConnect'
            $failed[0].Reason | Should -BeLike 'Connecting to remote server WEB99 failed*'
            Get-TableHeader -Rows $preview -FirstColumn 'ComputerName' | Should -HaveCount 1
        }

        It 'Should report every server, the unreachable one as not compliant' {
            @($report.ComputerName) | Should -Be @('WEB01', 'WEB03', 'WEB99')
            ($report | Where-Object -Property ComputerName -EQ -Value 'WEB03').Compliant | Should -BeTrue
            $unreachable = $report | Where-Object -Property ComputerName -EQ -Value 'WEB99'
            $unreachable.Compliant | Should -BeFalse
            $unreachable.Why | Should -Be 'unreachable'
        }
    }
}
