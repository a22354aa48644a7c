<#
    Integration tests of what Invoke-CertRebind applies: the plan the user confirmed, and nothing
    else (rebind --plan, docs/cli-contract.md), with the refusals written only after the approved
    changes moved, so that -ErrorAction Stop never turns one refused target into "nothing moved".
    The real exe runs on fresh copies of the demo host (examples/demo-host): its RD Gateway is refused
    (CR3005: legacy.contoso.com behind the HTTP.sys record 0.0.0.0:443 it moves with it is not covered), its
    seven other targets of www-2025 (IIS's four, SQL Server, the pinned RDP listener, WinRM) move to www-2026. A user's answers to -Confirm
    come from a host that answers the real prompts (AnsweringHost.cs); a change of the host between the
    question and the apply is made by a replacement of the module's Confirm-CertRebindPlan.
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exeMissing = -not (Test-CertRebindTestExe -Suite 'Invoke-CertRebind confirmed plan')
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule
    $savedEnvironment = Set-DemoHostEnvironment

    # Another writer's change to the host: the record at -Endpoint gets the certificate -Thumbprint.
    function Set-RecordHash {
        param ([System.String] $HostRoot, [System.String] $Endpoint, [System.String] $Thumbprint)

        $path = Join-Path -Path $HostRoot -ChildPath 'httpsys/records.json'
        $records = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json
        ($records.records | Where-Object -Property endpoint -EQ -Value $Endpoint).hash = $Thumbprint
        Set-Content -LiteralPath $path -Value ($records | ConvertTo-Json -Depth 8) -Encoding utf8NoBOM
    }

    # Invoke-CertRebind in a runspace whose user answers the confirmation prompts with -Answers, in order.
    Add-Type -Path (Join-Path -Path $PSScriptRoot -ChildPath '../AnsweringHost.cs')
    function Invoke-CertRebindAnswering {
        param ([System.String] $HostRoot, [System.String[]] $Answers)

        $answeringHost = New-Object -TypeName 'CertRebindTests.AnsweringHost' -ArgumentList (, $Answers)
        $runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace($answeringHost)
        $runspace.Open()
        $powerShell = [System.Management.Automation.PowerShell]::Create()
        try {
            $powerShell.Runspace = $runspace
            $manifestPath = Join-Path -Path (Get-CertRebindRepositoryRoot) -ChildPath 'CertRebind.psd1'
            $null = $powerShell.AddScript('param ($Manifest, $Parameters) Import-Module -Name $Manifest; Invoke-CertRebind @Parameters -Confirm -WarningAction SilentlyContinue -ErrorAction Continue')
            $null = $powerShell.AddArgument($manifestPath).AddArgument(@{ OldThumbprint = $oldThumbprint; NewThumbprint = $newThumbprint; HostRoot = $HostRoot })
            [PSCustomObject] @{ Output = @($powerShell.Invoke()); Questions = @($answeringHost.Questions); Errors = @($powerShell.Streams.Error) }
        }
        finally {
            $powerShell.Dispose()
            $runspace.Dispose()
        }
    }

    $oldThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2025.cer'
    $newThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2026.cer'
    $rebind = @{ OldThumbprint = $oldThumbprint; NewThumbprint = $newThumbprint }
    $validTargets = @('ipport 10.0.0.10:443', 'hostnameport www.contoso.com:443', 'ftp *:21:', 'ftp siteDefaults', 'sqlserver MSSQLSERVER', 'rdp RDP-Tcp', 'winrm Address=*+Transport=HTTPS')
}

AfterAll {
    Restore-TestEnvironment -Saved $savedEnvironment
    Remove-CertRebindModule
}

Describe 'Invoke-CertRebind applies the confirmed plan' -Tag 'Integration' -Skip:$exeMissing {
    Context 'When -ErrorAction Stop is given and one target is refused' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'stop'
            $emitted = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            $thrown = $null
            try {
                Invoke-CertRebind @rebind -HostRoot $hostRoot -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue |
                    ForEach-Object -Process { $emitted.Add($_) }
            }
            catch {
                $thrown = $_
            }
            $boundAfter = Get-HostBindingThumbprint -HostRoot $hostRoot
        }

        It 'Should move every valid target first' {
            foreach ($target in $validTargets) {
                $boundAfter[$target] | Should -Be $newThumbprint -Because "$target is valid and confirmed"
            }
            $boundAfter['rdgateway TSGateway'] | Should -Be $oldThumbprint
            $boundAfter['ipport 0.0.0.0:443'] | Should -Be $oldThumbprint
        }

        It 'Should emit the changes before it ends' {
            @($emitted | Where-Object -Property Status -EQ -Value 'applied') | Should -HaveCount 7
        }

        It 'Should then end with the refusal as the terminating error CR3005' {
            $thrown | Should -Not -BeNullOrEmpty
            $thrown.FullyQualifiedErrorId | Should -Be 'CR3005,Invoke-CertRebind'
            $thrown.TargetObject | Should -Be 'TSGateway'
        }
    }

    Context 'When the host changes after the plan was confirmed and before it is applied' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'changed'
            # The user approves every planned change; meanwhile 0.0.0.0:8443 is bound to the old certificate. Only the
            # questions on this host's plan: the module asks them of a sample plan too while the dry run runs, and a
            # record set then would be in the plan.
            Mock -CommandName Confirm-CertRebindPlan -ModuleName CertRebind -ParameterFilter { $Change[0].to -eq $newThumbprint } -MockWith {
                Set-RecordHash -HostRoot $hostRoot -Endpoint '0.0.0.0:8443' -Thumbprint $oldThumbprint
                [PSCustomObject] @{ WhatIf = $false; Approved = @($Change); Declined = @() }
            }
            $result = @(Invoke-CertRebind @rebind -HostRoot $hostRoot -AllowNameMismatch -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $boundAfter = Get-HostBindingThumbprint -HostRoot $hostRoot
        }

        It 'Should refuse the target that was not in the plan with CR3011 and leave it on the old certificate' {
            $unplanned = $result | Where-Object -Property Endpoint -EQ -Value '0.0.0.0:8443'
            $unplanned.Status | Should -Be 'refused'
            $unplanned.Code | Should -Be 'CR3011'
            @($written.FullyQualifiedErrorId) | Should -Be @('CR3011,Invoke-CertRebind')
            $boundAfter['ipport 0.0.0.0:8443'] | Should -Be $oldThumbprint
        }

        It 'Should move the planned ones' {
            foreach ($target in $validTargets + 'rdgateway TSGateway' + 'ipport 0.0.0.0:443') {
                $boundAfter[$target] | Should -Be $newThumbprint -Because "$target was confirmed"
            }
        }
    }

    Context 'When -Confirm is answered No for one change and Yes for the others' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'declined'
            # The questions come in the plan's order: 10.0.0.10:443, www.contoso.com:443, *:21:, siteDefaults,
            # MSSQLSERVER, RDP-Tcp, the WinRM listener.
            $run = Invoke-CertRebindAnswering -HostRoot $hostRoot -Answers 'Yes', 'No', 'Yes', 'Yes', 'Yes', 'Yes', 'Yes'
            $boundAfter = Get-HostBindingThumbprint -HostRoot $hostRoot
        }

        It 'Should ask once per planned change' {
            $run.Questions | Should -HaveCount 7
            $run.Questions[1] | Should -BeLike 'Re-bind hostnameport www.contoso.com:443 (Contoso WWW) from certificate *Declining leaves this binding as it is*'
        }

        It 'Should say in the SQL Server question what its change needs besides its write' {
            $run.Questions[4] | Should -BeLike "Re-bind sqlserver MSSQLSERVER (no site) from certificate $oldThumbprint to ${newThumbprint}? * Needs: key read: grant NT Service\MSSQLSERVER; restart MSSQLSERVER."
        }

        It 'Should leave the declined binding alone, as skipped, without an error of its own' {
            ($run.Output | Where-Object -Property Endpoint -EQ -Value 'www.contoso.com:443').Status | Should -Be 'skipped'
            $boundAfter['hostnameport www.contoso.com:443'] | Should -Be $oldThumbprint
            @($run.Errors.FullyQualifiedErrorId) | Should -Be @('CR3005,Invoke-CertRebind')
        }

        It 'Should apply the approved ones' {
            foreach ($target in $validTargets -ne 'hostnameport www.contoso.com:443') {
                $boundAfter[$target] | Should -Be $newThumbprint -Because "$target was approved"
            }
        }
    }

    Context 'When -Confirm is answered Yes, then No to All' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'no-to-all'
            $run = Invoke-CertRebindAnswering -HostRoot $hostRoot -Answers 'Yes', 'No to All'
            $boundAfter = Get-HostBindingThumbprint -HostRoot $hostRoot
        }

        It 'Should ask no more, move the first change only and skip the others' {
            $run.Questions | Should -HaveCount 2
            $boundAfter['ipport 10.0.0.10:443'] | Should -Be $newThumbprint
            foreach ($target in $validTargets -ne 'ipport 10.0.0.10:443') {
                $boundAfter[$target] | Should -Be $oldThumbprint -Because "$target was declined"
            }
            @($run.Output | Where-Object -Property Status -EQ -Value 'skipped') | Should -HaveCount 6
        }
    }
}
