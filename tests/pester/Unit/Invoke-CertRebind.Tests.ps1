<#
    Unit tests of Invoke-CertRebind. The first Describe mocks the one private function that starts
    the exe, Invoke-CertRebindExe, with the data of canned rebind envelopes
    (fixtures/envelopes/rebind-*.json, made from the exe by scripts/make-canned-envelopes.ts: the demo host's
    story without its services; rebind-services-*.json, with them): parameter binding, pipeline input, the
    dry run and ShouldProcess, and the conversion to CertRebind.Change objects. The second runs the
    fake exe (fixtures/fake-certrebind.sh) to check what becomes of the exe's exit codes, errors and
    warnings over the one run of a rebind that asks nothing and the two runs of one that asks (the
    answers given by a replacement of Confirm-CertRebindPlan); the fake is a bash script, so it is
    skipped on Windows.
#>

BeforeDiscovery {
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows

    $changeProperties = @(
        'Kind', 'Endpoint', 'Sites', 'Hostnames', 'From', 'To', 'StoreFrom', 'StoreTo', 'Status', 'Code',
        'Reason', 'Kept', 'Notes', 'Service', 'RestartRequired', 'KeyAccess', 'RunId'
    )

    # The property names a piped object may carry the two thumbprints in.
    $pipelinePropertyCases = @(
        @{ OldName = 'OldThumbprint'; NewName = 'NewThumbprint' }
        @{ OldName = 'OldCertHash'; NewName = 'NewCertHash' }
        @{ OldName = 'Old'; NewName = 'New' }
    )

    # Bad input about one pair: an error for that pair, and the pipeline goes on.
    $perPairCases = @(
        @{ Code = 'CR2010'; Scope = 'item'; Target = 'FAC2BE397B0EF579E4C64AE777717B344007BA2C' }
        @{ Code = 'CR2011'; Scope = 'item'; Target = '0F70C94C6482E61B0A43B9816E830ED7B30B8C44' }
    )

    # Errors that end the command, and the run of the rebind that reports them.
    $terminatingCases = @(
        @{ Code = 'CR2002'; Scope = 'run'; ExitCode = 2; Run = 'dry run';                Target = '/no/such/host';                            Runs = 1 }
        @{ Code = 'CR4003'; Scope = 'run'; ExitCode = 4; Run = 'run that applies it';    Target = $null;                                      Runs = 2 }
        @{ Code = 'CR4004'; Scope = 'run'; ExitCode = 4; Run = 'run that applies it';    Target = 'inetsrv/applicationHost.config';           Runs = 2 }
    )
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults

    # The demo host's story: www-2025 is renewed by www-2026.
    $oldThumbprint = '0F70C94C6482E61B0A43B9816E830ED7B30B8C44'
    $newThumbprint = 'FAC2BE397B0EF579E4C64AE777717B344007BA2C'
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'Invoke-CertRebind' -Tag 'Unit' {
    Context 'When the rebind is previewed with -WhatIf' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-dry-run' -Apply 'rebind-applied')

            $capturePath = Start-HostCapture -Folder $TestDrive
            try {
                $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue)
            }
            finally {
                $whatIfLines = Stop-HostCapture -Path $capturePath
            }
        }

        It 'Should call the exe once, for the dry run' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                $Command -eq 'rebind' -and $Arguments -contains '--dry-run'
            }
        }

        It 'Should never call the exe to apply the changes' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 0 -Scope Context -ParameterFilter {
                $Arguments -notcontains '--dry-run'
            }
        }

        It 'Should print one What if line per planned change, with the binding, its sites and both thumbprints' {
            $whatIfLines | Should -Be @(
                "What if: Re-binding ipport 10.0.0.10:443 (Shop) from certificate $oldThumbprint to $newThumbprint."
                "What if: Re-binding hostnameport www.contoso.com:443 (Contoso WWW) from certificate $oldThumbprint to $newThumbprint."
                "What if: Re-binding ftp *:21: (Contoso FTP) from certificate $oldThumbprint to $newThumbprint."
                "What if: Re-binding ftp siteDefaults (no site) from certificate $oldThumbprint to $newThumbprint."
            )
        }

        It 'Should emit nothing' {
            $result | Should -HaveCount 0
        }

        It 'Should write the notes of the plan as warnings' {
            $warnings | Should -HaveCount 1
            $warnings[0].Message | Should -Be "ipport 10.0.0.10:443: Clients that connect to 10.0.0.10:443 get this record's certificate even when they ask for www.contoso.com:443, api.contoso.com:443 by SNI: an IP-specific record takes precedence over the SNI records of its port."
        }
    }

    Context 'When the plan has changes of services (the demo host''s envelopes, scripts/make-canned-envelopes.ts)' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-services-dry-run' -Apply 'rebind-services-applied')

            $capturePath = Start-HostCapture -Folder $TestDrive
            try {
                $null = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -WhatIf -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
            }
            finally {
                $whatIfLines = Stop-HostCapture -Path $capturePath
            }
            $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm:$false -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
            $byKind = @{}
            foreach ($change in $result) {
                $byKind[$change.Kind] = $change
            }
        }

        It 'Should say in the What if line of a change that needs more than its write what it needs, and nothing in the others' {
            $whatIfLines | Should -HaveCount 7
            $whatIfLines | Should -Contain "What if: Re-binding sqlserver MSSQLSERVER (no site) from certificate $oldThumbprint to $newThumbprint. Needs: key read: grant NT Service\MSSQLSERVER; restart MSSQLSERVER."
            $whatIfLines | Should -Contain "What if: Re-binding rdp RDP-Tcp (no site) from certificate $oldThumbprint to $newThumbprint."
            @($whatIfLines | Where-Object -FilterScript { $_ -like '*Needs:*' }) | Should -HaveCount 1
        }

        It 'Should give each change of a service its Service, RestartRequired and KeyAccess' {
            $byKind['sqlserver'].Service | Should -Be 'MSSQLSERVER'
            $byKind['sqlserver'].RestartRequired | Should -BeTrue
            $byKind['sqlserver'].KeyAccess | Should -HaveCount 1
            $byKind['sqlserver'].KeyAccess[0].Account | Should -Be 'NT Service\MSSQLSERVER'
            $byKind['sqlserver'].KeyAccess[0].Status | Should -Be 'granted'
            $byKind['sqlserver'].KeyAccess[0].PSObject.TypeNames[0] | Should -Be 'CertRebind.KeyAccess'
            $byKind['rdp'].Service | Should -Be 'TermService'
            $byKind['rdp'].RestartRequired | Should -BeFalse
            $byKind['rdp'].KeyAccess[0].Status | Should -Be 'has'
            $byKind['rdgateway'].Service | Should -Be 'TSGateway'
            $byKind['rdgateway'].RestartRequired | Should -BeTrue
            $byKind['winrm'].Service | Should -Be 'WinRM'
            $byKind['winrm'].KeyAccess | Should -BeNullOrEmpty
        }

        It 'Should give IIS''s changes no service, no restart and no key access' {
            foreach ($change in @($result | Where-Object -Property Kind -In -Value 'ipport', 'hostnameport', 'ftp')) {
                $change.Service | Should -BeNullOrEmpty
                $change.RestartRequired | Should -BeOfType ([System.Boolean])
                $change.RestartRequired | Should -BeFalse
                $change.KeyAccess | Should -BeNullOrEmpty
            }
        }

        It 'Should write KeyAccess as text in Export-Csv, not as a type name' {
            $csv = @($byKind['sqlserver'], $byKind['rdp']) | Select-Object -Property Kind, KeyAccess | ConvertTo-Csv -NoTypeInformation
            $csv[1] | Should -Be '"sqlserver","NT Service\MSSQLSERVER: granted"'
            $csv[2] | Should -Be '"rdp","NT AUTHORITY\NETWORK SERVICE: has"'
        }
    }

    Context 'When every change is approved with -Confirm:$false' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-dry-run' -Apply 'rebind-applied')

            # As pasted from the certificate dialog: the exe, not the cmdlet, normalises it.
            $pastedOld = '0f 70 c9 4c 64 82 e6 1b 0a 43 b9 81 6e 83 0e d7 b3 0b 8c 44'
            $output = @(Invoke-CertRebind -OldThumbprint $pastedOld -NewThumbprint $newThumbprint -HostRoot 'demo-host' -Confirm:$false -Verbose -WarningVariable warnings -WarningAction SilentlyContinue 4>&1)
            $verboseMessages = @($output | Where-Object -FilterScript { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object -Process { $_.Message })
            $result = @($output | Where-Object -FilterScript { $_ -isnot [System.Management.Automation.VerboseRecord] })
            $legacy = $result | Where-Object -Property Endpoint -EQ -Value '0.0.0.0:443'
            $www = $result | Where-Object -Property Endpoint -EQ -Value 'www.contoso.com:443'
            $siteDefaults = $result | Where-Object -Property Endpoint -EQ -Value 'siteDefaults'
        }

        It 'Should run the exe once, a run that plans and applies, as nothing is asked: no dry run, no confirmed plan' {
            $exeCalls | Should -HaveCount 1
            $exeCalls[0].Arguments | Should -Not -Contain '--dry-run'
            $exeCalls[0].Arguments | Should -Not -Contain '--plan'
            $exeCalls[0].InputText | Should -BeNullOrEmpty
        }

        It 'Should pass both thumbprints unchanged' {
            ($exeCalls[0].Arguments -join '|') | Should -Be "--old|$pastedOld|--new|$newThumbprint|--kept-once"
        }

        It 'Should say what it does through ShouldProcess once, for the whole rebind, before the run' {
            $verboseMessages | Should -Contain "Re-binding every binding of certificate $pastedOld to $newThumbprint."
            @($verboseMessages | Where-Object -FilterScript { $_ -like 'Re-binding *' }) | Should -HaveCount 1
        }

        It 'Should run the rebind command on the host root, as itself' {
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 1 -Scope Context -ParameterFilter {
                $Command -eq 'rebind' -and $HostRoot -eq 'demo-host' -and $CallerCmdlet -is [System.Management.Automation.PSCmdlet]
            }
        }

        It 'Should emit one object per change of the run that applied them, in its order' {
            @($result.Endpoint) | Should -Be @('0.0.0.0:443', '10.0.0.10:443', 'www.contoso.com:443', '*:21:', 'siteDefaults')
            @($result.Status) | Should -Be @('refused', 'applied', 'applied', 'applied', 'applied')
        }

        It 'Should give every object the type name CertRebind.Change' {
            foreach ($change in $result) {
                $change.PSObject.TypeNames[0] | Should -Be 'CertRebind.Change'
            }
        }

        It 'Should give every change the property <_>' -ForEach $changeProperties {
            $propertyName = $_
            foreach ($change in $result) {
                $change.PSObject.Properties.Name | Should -Contain $propertyName
            }
        }

        It 'Should copy the change fields to PascalCase properties' {
            $www.Kind | Should -Be 'hostnameport'
            $www.Sites | Should -Be @('Contoso WWW')
            $www.Hostnames | Should -Be @('www.contoso.com')
            $www.From | Should -Be $oldThumbprint
            $www.To | Should -Be $newThumbprint
            $www.StoreFrom | Should -Be 'My'
            $www.StoreTo | Should -Be 'My'
            $www.Code | Should -BeNullOrEmpty
            $www.Reason | Should -BeNullOrEmpty
            $www.Kept | Should -Contain 'DefaultFlags: 0x00010012 (NEGOTIATE_CLIENT_CERT, DISABLE_HTTP2, 0x00010000)'
            $www.Kept | Should -Contain 'AppId: {4dc3e181-e14b-4a21-b022-59fc669b0914}'
        }

        It 'Should give every change the run id of the run that applied them' {
            @($result.RunId | Sort-Object -Unique) | Should -Be @('20261127T000000Z-000004')
        }

        It 'Should return the refused target with its code and reason' {
            $legacy.Status | Should -Be 'refused'
            $legacy.Code | Should -Be 'CR3005'
            $legacy.Reason | Should -BeLike '*legacy.contoso.com*'
            $legacy.From | Should -Be $oldThumbprint
        }

        It 'Should return Sites, Hostnames, Kept and Notes as string arrays, empty ones included' {
            foreach ($propertyName in 'Sites', 'Hostnames', 'Kept', 'Notes') {
                $siteDefaults.$propertyName.GetType().FullName | Should -Be 'CertRebind.StringList'
                $www.$propertyName.GetType().FullName | Should -Be 'CertRebind.StringList'
            }
            foreach ($propertyName in 'Sites', 'Hostnames', 'Notes') {
                $siteDefaults.$propertyName | Should -HaveCount 0
            }
            $siteDefaults.Kept | Should -Be @('every other attribute, comment and byte of applicationHost.config')
        }

        It 'Should copy the store names as the configuration records them' {
            $siteDefaults.StoreFrom | Should -BeExactly 'MY'
            $siteDefaults.StoreTo | Should -BeExactly 'MY'
        }

        It 'Should write each note once, as a warning that names the binding' {
            $warnings | Should -HaveCount 1
            $warnings[0].Message | Should -BeLike 'ipport 10.0.0.10:443: *IP-specific*'
        }

        It 'Should write the records it never changes as verbose messages, not as objects' {
            $verboseMessages | Should -Contain 'ccs 443 (Static): Central Certificate Store: the certificate is the PFX file named after each host on the certificate share, not a thumbprint; replace those files to renew. Not changed.'
            $result.Kind | Should -Not -Contain 'ccs'
        }

        It 'Should tell where the backup and the audit record went, as a verbose message' {
            $verboseMessages | Should -Contain 'certrebind run 20261127T000000Z-000004 changed 4 binding(s). Backup: /srv/web01/state/backups/20261127T000000Z-000004. Audit record: /srv/web01/state/audit.jsonl.'
        }
    }

    Context 'When the exe lists each kept list once (--kept-once) and a change refers to it by index' {
        BeforeAll {
            $plain = Get-EnvelopeData -Name 'rebind-applied'
            $lean = Get-EnvelopeData -Name 'rebind-applied'
            $keptLists = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            foreach ($change in $lean.changes) {
                $keptLists.Add(@($change.kept))
                $change.kept = $keptLists.Count - 1
            }
            $lean | Add-Member -NotePropertyName 'keptLists' -NotePropertyValue $keptLists.ToArray()
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRunData $lean -ApplyData $lean)
            $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm:$false -WarningAction SilentlyContinue)
        }

        It 'Should give each change the kept list it refers to, as its own list of strings' {
            $result | Should -HaveCount @($plain.changes).Count
            for ($i = 0; $i -lt $result.Count; $i++) {
                $result[$i].Kept.GetType().FullName | Should -Be 'CertRebind.StringList'
                @($result[$i].Kept) | Should -Be @($plain.changes[$i].kept)
            }
            @($result | Where-Object -FilterScript { $_.Kept.Count -gt 0 }) | Should -Not -BeNullOrEmpty
        }
    }

    Context 'When the exe knows no store name of a change' {
        BeforeAll {
            # The contract lets each store name be null (docs/schema/rebind.schema.json, storeName.from and .to); the
            # demo host names a store everywhere, so the canned run is given nulls.
            $applied = Get-EnvelopeData -Name 'rebind-applied'
            $applied.changes[-1].storeName.from = $null
            $applied.changes[-1].storeName.to = $null
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRunData $applied -ApplyData $applied)
            $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm:$false -WarningAction SilentlyContinue)
        }

        It 'Should leave StoreFrom and StoreTo $null on that change only' {
            $result[-1].StoreFrom | Should -BeNullOrEmpty
            $result[-1].StoreTo | Should -BeNullOrEmpty
            $result[-2].StoreFrom | Should -BeExactly 'My'
        }
    }

    Context 'When every change is approved at the confirmation prompts' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-dry-run' -Apply 'rebind-applied')
            Mock -CommandName Confirm-CertRebindPlan -MockWith { [PSCustomObject] @{ WhatIf = $false; Approved = @($Change); Declined = @() } }

            $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -HostRoot 'demo-host' -Confirm -WarningVariable warnings -WarningAction SilentlyContinue)
        }

        It 'Should call the exe twice: the dry run first, then the run that applies the confirmed plan' {
            $exeCalls | Should -HaveCount 2
            ($exeCalls[0].Arguments -join '|') | Should -Be "--old|$oldThumbprint|--new|$newThumbprint|--kept-once|--dry-run"
            ($exeCalls[1].Arguments -join '|') | Should -Be "--old|$oldThumbprint|--new|$newThumbprint|--kept-once|--plan|-"
        }

        It 'Should give the run that applies it the plan that was confirmed: every planned change, approved, with its certificates' {
            $confirmed = $exeCalls[1].InputText | ConvertFrom-Json
            @($confirmed.changes | ForEach-Object -Process { '{0} {1} {2}->{3} {4}' -f $_.kind, $_.endpoint, $_.from, $_.to, $_.approved }) | Should -Be @(
                "ipport 10.0.0.10:443 $oldThumbprint->$newThumbprint True"
                "hostnameport www.contoso.com:443 $oldThumbprint->$newThumbprint True"
                "ftp *:21: $oldThumbprint->$newThumbprint True"
                "ftp siteDefaults $oldThumbprint->$newThumbprint True"
            )
            $exeCalls[1].InputText | Should -BeLike '*"endpoint":"`*:21:","sites":`["Contoso FTP"`],*'
            $exeCalls[0].InputText | Should -BeNullOrEmpty
        }

        It 'Should give both runs one set of reported messages, so a refusal is reported once' {
            $null -ne $exeCalls[0].ReportedMessages | Should -BeTrue
            [System.Object]::ReferenceEquals($exeCalls[0].ReportedMessages, $exeCalls[1].ReportedMessages) | Should -BeTrue
        }

        It 'Should emit one object per change of the run that applied them, with its run id' {
            @($result.Status) | Should -Be @('refused', 'applied', 'applied', 'applied', 'applied')
            @($result.RunId | Sort-Object -Unique) | Should -Be @('20261127T000000Z-000004')
        }

        It 'Should write each note once, from the dry run' {
            $warnings | Should -HaveCount 1
        }
    }

    Context 'When $ConfirmPreference is None' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-dry-run' -Apply 'rebind-applied')

            # A module's functions see the global preference, not the caller's local one.
            $savedConfirmPreference = $global:ConfirmPreference
            $global:ConfirmPreference = 'None'
            try {
                $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -WarningAction SilentlyContinue)
            }
            finally {
                $global:ConfirmPreference = $savedConfirmPreference
            }
        }

        It 'Should apply without asking, in one run' {
            $exeCalls | Should -HaveCount 1
            $exeCalls[0].Arguments | Should -Not -Contain '--dry-run'
            $result | Should -HaveCount 5
        }
    }

    Context 'When -RestartService is given' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-dry-run' -Apply 'rebind-applied')

            $null = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -RestartService -Confirm:$false -WarningAction SilentlyContinue)
        }

        It 'Should pass --restart-services to the one run that applies (nothing is asked with -Confirm:$false)' {
            $exeCalls | Should -HaveCount 1
            ($exeCalls[0].Arguments -join '|') | Should -Be "--old|$oldThumbprint|--new|$newThumbprint|--restart-services|--kept-once"
        }
    }

    Context 'When -RestartService is not given' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-dry-run' -Apply 'rebind-applied')

            $null = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm:$false -WarningAction SilentlyContinue)
        }

        It 'Should not ask the exe to restart any service' {
            $exeCalls | Should -HaveCount 1
            $exeCalls | ForEach-Object -Process { $_.Arguments | Should -Not -Contain '--restart-services' }
        }
    }

    Context 'When -AllowNameMismatch is given' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-forced-dry-run' -Apply 'rebind-forced')

            $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -AllowNameMismatch -Confirm:$false -WarningAction SilentlyContinue)
        }

        It 'Should pass --allow-name-mismatch to the run' {
            $exeCalls | Should -HaveCount 1
            ($exeCalls[0].Arguments -join '|') | Should -Be "--old|$oldThumbprint|--new|$newThumbprint|--allow-name-mismatch|--kept-once"
        }

        It 'Should emit the target the host-name check would have refused as applied' {
            ($result | Where-Object -Property Endpoint -EQ -Value '0.0.0.0:443').Status | Should -Be 'applied'
            @($result.Status | Sort-Object -Unique) | Should -Be @('applied')
        }
    }

    Context 'When -Force is given' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-dry-run' -Apply 'rebind-applied')

            $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Force -WarningAction SilentlyContinue)
        }

        It 'Should only stop the questions: it overrides no check of the exe' {
            @($exeCalls | ForEach-Object -Process { $_.Arguments -join '|' }) | Should -Be @("--old|$oldThumbprint|--new|$newThumbprint|--kept-once")
            ($result | Where-Object -Property Endpoint -EQ -Value '0.0.0.0:443').Status | Should -Be 'refused'
        }
    }

    Context 'When -WaitSeconds is given' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-forced-dry-run' -Apply 'rebind-forced')

            $null = Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -WaitSeconds 5 -Confirm:$false -WarningAction SilentlyContinue
        }

        It 'Should pass it as --wait' {
            ($exeCalls[0].Arguments -join '|') | Should -Be "--old|$oldThumbprint|--new|$newThumbprint|--wait|5|--kept-once"
        }
    }

    Context 'When -WaitSeconds is negative' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
        }

        It 'Should fail parameter validation without calling the exe' {
            { Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -WaitSeconds -1 -Confirm:$false } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,Invoke-CertRebind'
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 0 -Scope Context
        }
    }

    Context 'When a thumbprint is empty' {
        BeforeAll {
            Mock -CommandName Invoke-CertRebindExe
        }

        It 'Should fail parameter validation without calling the exe' {
            { Invoke-CertRebind -OldThumbprint '' -NewThumbprint $newThumbprint -Confirm:$false } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,Invoke-CertRebind'
            Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 0 -Scope Context
        }
    }

    Context 'When one change is declined at the confirmation prompt' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-dry-run' -Apply 'rebind-applied')
            Mock -CommandName Confirm-CertRebindPlan -MockWith {
                [PSCustomObject] @{ WhatIf = $false; Approved = @($Change | Where-Object -Property endpoint -NE -Value 'www.contoso.com:443'); Declined = @($Change | Where-Object -Property endpoint -EQ -Value 'www.contoso.com:443') }
            }

            $null = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm -WarningAction SilentlyContinue)
        }

        It 'Should apply the plan with the declined change marked as not approved, and the others approved' {
            $exeCalls | Should -HaveCount 2
            $confirmed = $exeCalls[1].InputText | ConvertFrom-Json
            @($confirmed.changes | Where-Object -Property approved -EQ -Value $false).endpoint | Should -Be 'www.contoso.com:443'
            @($confirmed.changes | Where-Object -Property approved -EQ -Value $true).endpoint | Should -Be @('10.0.0.10:443', '*:21:', 'siteDefaults')
        }
    }

    Context 'When every change is declined at the confirmation prompt' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-dry-run' -Apply 'rebind-applied')
            Mock -CommandName Confirm-CertRebindPlan -MockWith { [PSCustomObject] @{ WhatIf = $false; Approved = @(); Declined = @($Change) } }

            $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm -WarningVariable warnings -WarningAction SilentlyContinue)
        }

        It 'Should ask about the planned changes of the dry run only, through its own ShouldProcess' {
            Should -Invoke -CommandName Confirm-CertRebindPlan -Exactly -Times 1 -Scope Context -ParameterFilter {
                (@($Change.endpoint) -join '|') -eq '10.0.0.10:443|www.contoso.com:443|*:21:|siteDefaults' -and
                $CallerCmdlet -is [System.Management.Automation.PSCmdlet]
            }
        }

        It 'Should not run the exe to apply anything' {
            $exeCalls | Should -HaveCount 1
            $exeCalls[0].Arguments | Should -Contain '--dry-run'
        }

        It 'Should warn that nothing was changed because nothing was approved' {
            $warnings[-1].Message | Should -Be "Nothing was changed: no change of the rebind from certificate $oldThumbprint to $newThumbprint was approved. Review the plan with -WhatIf."
        }

        It 'Should emit nothing' {
            $result | Should -HaveCount 0
        }
    }

    Context 'When the plan has no change to make' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            # A second identical run: four targets already on the new certificate, one refused.
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-unchanged' -Apply 'rebind-applied')
            Mock -CommandName Confirm-CertRebindPlan

            $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -WarningAction SilentlyContinue)
        }

        It 'Should call the exe once, for the dry run' {
            $exeCalls | Should -HaveCount 1
            $exeCalls[0].Arguments | Should -Contain '--dry-run'
        }

        It 'Should not ask for confirmation' {
            Should -Invoke -CommandName Confirm-CertRebindPlan -Exactly -Times 0 -Scope Context
        }

        It 'Should emit the changes of the plan: the unchanged targets and the refused one' {
            @($result.Endpoint) | Should -Be @('0.0.0.0:443', '10.0.0.10:443', 'www.contoso.com:443', '*:21:', 'siteDefaults')
            @($result.Status) | Should -Be @('refused', 'unchanged', 'unchanged', 'unchanged', 'unchanged')
            $result[0].PSObject.TypeNames[0] | Should -Be 'CertRebind.Change'
        }

        It 'Should give them the run id of the dry run' {
            @($result.RunId | Sort-Object -Unique) | Should -Be @('20261127T000000Z-000005')
        }
    }

    Context 'When pairs come from the pipeline with the properties <OldName> and <NewName>' -ForEach $pipelinePropertyCases {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-forced-dry-run' -Apply 'rebind-forced')

            $pairs = @(
                [PSCustomObject] @{ $OldName = 'AAAA'; $NewName = 'BBBB'; Id = 1001 }
                [PSCustomObject] @{ $OldName = 'CCCC'; $NewName = 'DDDD'; Id = 1001 }
            )
            $result = @($pairs | Invoke-CertRebind -Confirm:$false -WarningAction SilentlyContinue)
        }

        It 'Should rebind each pair on its own, one run each' {
            @($exeCalls | ForEach-Object -Process { $_.Arguments -join '|' }) | Should -Be @(
                '--old|AAAA|--new|BBBB|--kept-once'
                '--old|CCCC|--new|DDDD|--kept-once'
            )
        }

        It 'Should report the messages of each pair on their own' {
            [System.Object]::ReferenceEquals($exeCalls[0].ReportedMessages, $exeCalls[1].ReportedMessages) | Should -BeFalse
        }

        It 'Should emit the changes of every pair, in pipeline order' {
            $result | Should -HaveCount 10
        }
    }

    Context 'When the run of the first pair returns no data (a malformed thumbprint)' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            $applyData = Get-EnvelopeData -Name 'rebind-forced'
            Mock -CommandName Invoke-CertRebindExe -MockWith {
                $exeCalls.Add([PSCustomObject] @{ Arguments = @($Arguments); ReportedMessages = $ReportedMessages })
                if ($Arguments -contains 'zz') {
                    return $null
                }
                if ($Arguments -contains '--dry-run') {
                    Get-EnvelopeData -Name 'rebind-forced-dry-run'
                }
                else {
                    $applyData
                }
            }

            $pairs = @(
                [PSCustomObject] @{ OldThumbprint = 'zz'; NewThumbprint = $newThumbprint }
                [PSCustomObject] @{ OldThumbprint = $oldThumbprint; NewThumbprint = $newThumbprint }
            )
            $result = @($pairs | Invoke-CertRebind -Confirm:$false -WarningAction SilentlyContinue)
        }

        It 'Should skip that pair and go on with the next one' {
            @($exeCalls | ForEach-Object -Process { $_.Arguments[1] + ' ' + ($_.Arguments -contains '--dry-run') }) | Should -Be @(
                'zz False'
                "$oldThumbprint False"
            )
            $result | Should -HaveCount 5
        }
    }

    Context 'When the rebind fails and is rolled back' {
        BeforeAll {
            $exeCalls = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            Mock -CommandName Invoke-CertRebindExe -MockWith (New-RecordingExeMock -Calls $exeCalls -DryRun 'rebind-dry-run' -Apply 'rebind-rolled-back')

            $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm:$false -WarningAction SilentlyContinue)
        }

        It 'Should emit the failed targets with their code and reason, and the rolled-back ones' {
            # The write of applicationHost.config failed: both of its FTP certificates failed, the records were restored.
            @($result.Status) | Should -Be @('refused', 'rolled-back', 'rolled-back', 'failed', 'failed')
            $result[-1].Code | Should -Be 'CR1001'
            $result[-1].Reason | Should -BeLike 'The change failed: *applicationHost.config.'
            $result[1].Code | Should -Be 'CR1001'
            $result[1].Reason | Should -BeLike '*a run is all or nothing*'
        }
    }
}

Describe 'Invoke-CertRebind with the fake exe' -Tag 'Unit' -Skip:$onWindows {
    BeforeAll {
        $savedEnvironment = Save-FakeExeEnvironment
        # The user's answers with -Confirm: every planned change approved.
        $approveEveryChange = { [PSCustomObject] @{ WhatIf = $false; Approved = @($Change); Declined = @() } }
    }

    AfterAll {
        Restore-TestEnvironment -Saved $savedEnvironment
    }

    Context 'When a target is refused (exit 3) in a rebind that asks nothing' {
        BeforeAll {
            Set-FakeExeOutput -Folder $TestDrive -DryRun (Get-EnvelopePath -Name 'rebind-dry-run') -DryRunExit 3 -Apply (Get-EnvelopePath -Name 'rebind-applied') -ApplyExit 3
            $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm:$false -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $calls = @(Get-FakeCall)
        }

        It 'Should run the exe once: rebind, with --json last' {
            $calls | Should -HaveCount 1
            $calls[0][0] | Should -Be 'rebind'
            $calls[0] | Should -Not -Contain '--dry-run'
            $calls[0][-1] | Should -Be '--json'
        }

        It 'Should emit the changes of the run and write the refusal once, as CR3005,Invoke-CertRebind' {
            @($result | Where-Object -Property Status -EQ -Value 'applied') | Should -HaveCount 4
            @($written.FullyQualifiedErrorId) | Should -Be @('CR3005,Invoke-CertRebind')
        }
    }

    Context 'When a target is refused (exit 3) in the dry run and in the run that applies the confirmed plan' {
        BeforeAll {
            Mock -CommandName Confirm-CertRebindPlan -MockWith $approveEveryChange
            Set-FakeExeOutput -Folder $TestDrive -DryRun (Get-EnvelopePath -Name 'rebind-dry-run') -DryRunExit 3 -Apply (Get-EnvelopePath -Name 'rebind-applied') -ApplyExit 3
            $thrown = $null
            try {
                $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            }
            catch {
                $thrown = $_
            }
            $calls = @(Get-FakeCall)
        }

        It 'Should run the exe twice: rebind --dry-run, then rebind, each with --json last' {
            $calls | Should -HaveCount 2
            $calls[0][0] | Should -Be 'rebind'
            $calls[0] | Should -Contain '--dry-run'
            $calls[1] | Should -Not -Contain '--dry-run'
            $calls[1][-1] | Should -Be '--json'
        }

        It 'Should not end the pipeline' {
            $thrown | Should -BeNullOrEmpty
        }

        It 'Should emit the changes of the run that applied them' {
            $result | Should -HaveCount 5
            @($result | Where-Object -Property Status -EQ -Value 'applied') | Should -HaveCount 4
        }

        It 'Should write the refusal once, as the non-terminating error CR3005,Invoke-CertRebind' {
            $written | Should -HaveCount 1
            $written[0].FullyQualifiedErrorId | Should -Be 'CR3005,Invoke-CertRebind'
            $written[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $written[0].TargetObject | Should -Be '0.0.0.0:443'
            $written[0].Exception.Message | Should -BeLike '*legacy.contoso.com*'
        }

        It 'Should name -AllowNameMismatch, not the exe''s option, in the error, its recommended action and the change''s reason' {
            $written[0].Exception.Message | Should -BeLike '*would get a name mismatch. Use -AllowNameMismatch to rebind anyway.'
            $written[0].ErrorDetails.RecommendedAction | Should -Be 'Use -AllowNameMismatch to rebind anyway.'
            $refused = $result | Where-Object -Property Status -EQ -Value 'refused'
            $refused.Reason | Should -BeLike '*Use -AllowNameMismatch to rebind anyway.'
            "$($written[0]) $($refused.Reason)" | Should -Not -Match '--'
        }
    }

    Context 'When the rebind is previewed with -WhatIf and a target would be refused' {
        BeforeAll {
            Set-FakeExeOutput -Folder $TestDrive -DryRun (Get-EnvelopePath -Name 'rebind-dry-run') -DryRunExit 3 -Apply (Get-EnvelopePath -Name 'rebind-applied') -ApplyExit 3
            $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -WhatIf -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $calls = @(Get-FakeCall)
        }

        It 'Should run the exe once, for the dry run' {
            $calls | Should -HaveCount 1
            $calls[0] | Should -Contain '--dry-run'
        }

        It 'Should report the refusal as the error CR3005,Invoke-CertRebind and emit nothing' {
            $written | Should -HaveCount 1
            $written[0].FullyQualifiedErrorId | Should -Be 'CR3005,Invoke-CertRebind'
            $result | Should -HaveCount 0
        }
    }

    Context 'When the run that applies it fails and is rolled back (exit 1)' {
        BeforeAll {
            Set-FakeExeOutput -Folder $TestDrive -DryRun (Get-EnvelopePath -Name 'rebind-dry-run') -DryRunExit 3 -Apply (Get-EnvelopePath -Name 'rebind-rolled-back') -ApplyExit 1
            $thrown = $null
            try {
                $result = @(Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm:$false -ErrorVariable written -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            }
            catch {
                $thrown = $_
            }
        }

        It 'Should not end the pipeline' {
            $thrown | Should -BeNullOrEmpty
        }

        It 'Should write the refusal once and the failures as the non-terminating errors CR1001,Invoke-CertRebind' {
            # One per failed target, then the run's: it was restored.
            @($written.FullyQualifiedErrorId) | Should -Be @('CR3005,Invoke-CertRebind', 'CR1001,Invoke-CertRebind', 'CR1001,Invoke-CertRebind', 'CR1001,Invoke-CertRebind')
            $written[1].CategoryInfo.Category | Should -Be 'InvalidOperation'
            @($written[1..2].TargetObject) | Should -Be @('*:21:', 'siteDefaults')
            $written[3].Exception.Message | Should -BeLike '*everything it had changed was restored*'
        }

        It 'Should emit the failed and rolled-back targets' {
            @($result.Status) | Should -Be @('refused', 'rolled-back', 'rolled-back', 'failed', 'failed')
        }
    }

    Context 'When the exe reports <Code> (exit <ExitCode>) in the <Run>' -ForEach $terminatingCases {
        BeforeAll {
            Mock -CommandName Confirm-CertRebindPlan -MockWith $approveEveryChange
            $errorEnvelope = New-EnvelopeFile -Folder $TestDrive -Name "error-$Code" -Command 'rebind' -Code $Code -Target $Target -Scope $Scope
            if ($Run -eq 'dry run') {
                Set-FakeExeOutput -Folder $TestDrive -DryRun $errorEnvelope -DryRunExit $ExitCode
            }
            else {
                Set-FakeExeOutput -Folder $TestDrive -DryRun (Get-EnvelopePath -Name 'rebind-forced-dry-run') -Apply $errorEnvelope -ApplyExit $ExitCode
            }

            $thrown = $null
            try {
                $null = Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm -WarningAction SilentlyContinue
            }
            catch {
                $thrown = $_
            }
            $calls = @(Get-FakeCall)
        }

        It 'Should end the command with <Code>,Invoke-CertRebind' {
            $thrown | Should -Not -BeNullOrEmpty
            $thrown.FullyQualifiedErrorId | Should -Be "$Code,Invoke-CertRebind"
            $thrown.TargetObject | Should -Be $Target
        }

        It 'Should have run the exe <Runs> time(s)' {
            $calls | Should -HaveCount $Runs
        }
    }

    Context 'When the exe reports <Code> for a pair in the dry run' -ForEach $perPairCases {
        BeforeAll {
            Mock -CommandName Confirm-CertRebindPlan -MockWith $approveEveryChange
            $errorEnvelope = New-EnvelopeFile -Folder $TestDrive -Name "error-$Code" -Command 'rebind' -Code $Code -Target $Target -Scope $Scope
            Set-FakeExeOutput -Folder $TestDrive -DryRun $errorEnvelope -DryRunExit 2
            $pairs = @(
                [PSCustomObject] @{ OldThumbprint = $oldThumbprint; NewThumbprint = $newThumbprint }
                [PSCustomObject] @{ OldThumbprint = $oldThumbprint; NewThumbprint = $newThumbprint }
            )
            $thrown = $null
            try {
                $result = @($pairs | Invoke-CertRebind -Confirm -ErrorVariable written -ErrorAction Continue 2>$null)
            }
            catch {
                $thrown = $_
            }
            $calls = @(Get-FakeCall)
        }

        It 'Should write <Code>,Invoke-CertRebind for each pair without ending the command' {
            $thrown | Should -BeNullOrEmpty
            @($written.FullyQualifiedErrorId) | Should -Be @("$Code,Invoke-CertRebind", "$Code,Invoke-CertRebind")
            @($written.TargetObject) | Should -Be @($Target, $Target)
        }

        It 'Should run only the dry run of each pair, never an apply' {
            $calls | Should -HaveCount 2
            $result | Should -HaveCount 0
        }
    }

    Context 'When the thumbprints of every piped pair are malformed (CR2001)' {
        BeforeAll {
            Mock -CommandName Confirm-CertRebindPlan -MockWith $approveEveryChange
            $errorEnvelope = New-EnvelopeFile -Folder $TestDrive -Name 'error-CR2001' -Command 'rebind' -Code 'CR2001' -Target 'zz' -Scope 'item'
            Set-FakeExeOutput -Folder $TestDrive -DryRun $errorEnvelope -DryRunExit 2
            $pairs = @(
                [PSCustomObject] @{ OldThumbprint = 'zz'; NewThumbprint = $newThumbprint }
                [PSCustomObject] @{ OldThumbprint = 'zz'; NewThumbprint = $newThumbprint }
            )
            $result = @($pairs | Invoke-CertRebind -Confirm -ErrorVariable written -ErrorAction SilentlyContinue)
            $calls = @(Get-FakeCall)
        }

        It 'Should write one CR2001 error per pair and go on with the next pair' {
            @($written.FullyQualifiedErrorId) | Should -Be @('CR2001,Invoke-CertRebind', 'CR2001,Invoke-CertRebind')
            $calls | Should -HaveCount 2
            $result | Should -HaveCount 0
        }
    }

    Context 'When both runs print the same warning' {
        BeforeAll {
            Mock -CommandName Confirm-CertRebindPlan -MockWith $approveEveryChange
            $warningText = 'redirection.config names a shared configuration that is not in the snapshot.'
            $dryRunEnvelope = New-EnvelopeFile -Folder $TestDrive -Name 'warned-dry-run' -From 'rebind-forced-dry-run' -Warnings $warningText
            $applyEnvelope = New-EnvelopeFile -Folder $TestDrive -Name 'warned' -From 'rebind-forced' -Warnings $warningText, 'Only in the run that applies.'
            Set-FakeExeOutput -Folder $TestDrive -DryRun $dryRunEnvelope -Apply $applyEnvelope
            $null = Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -Confirm -WarningVariable warnings -WarningAction SilentlyContinue
        }

        It 'Should write it once, and the other warnings of each run too' {
            @($warnings.Message | Where-Object -FilterScript { $_ -eq $warningText }) | Should -HaveCount 1
            $warnings.Message | Should -Contain 'Only in the run that applies.'
        }
    }

    Context 'When the host cannot ask for confirmation' {
        BeforeAll {
            Set-FakeExeOutput -Folder $TestDrive -DryRun (Get-EnvelopePath -Name 'rebind-forced-dry-run') -Apply (Get-EnvelopePath -Name 'rebind-forced')
            $manifestPath = Join-Path -Path (Get-CertRebindRepositoryRoot) -ChildPath 'CertRebind.psd1'

            # A runspace without a user interface: a confirmation prompt fails there instead of waiting.
            function Invoke-WithoutHost {
                param ([System.String] $Switches)

                $powerShell = [System.Management.Automation.PowerShell]::Create()
                try {
                    $script = "Import-Module -Name '$manifestPath'; Invoke-CertRebind -OldThumbprint $oldThumbprint -NewThumbprint $newThumbprint -WarningAction SilentlyContinue $Switches"
                    $output = @($powerShell.AddScript($script).Invoke())
                    [PSCustomObject] @{
                        Output = $output
                        Errors = @($powerShell.Streams.Error)
                        Failed = $powerShell.HadErrors
                    }
                }
                catch {
                    [PSCustomObject] @{ Output = @(); Errors = @($_); Failed = $true }
                }
                finally {
                    $powerShell.Dispose()
                }
            }
        }

        It 'Should apply without asking when -Force is given, in one run' {
            $run = Invoke-WithoutHost -Switches '-Force'
            $run.Errors | Should -HaveCount 0
            $run.Output | Should -HaveCount 5
            @(Get-FakeCall) | Should -HaveCount 1
        }

        It 'Should ask (and here fail) when neither -Force nor -Confirm:$false is given, as ConfirmImpact is High' {
            Remove-Item -LiteralPath $env:FAKE_ARGV_LOG -ErrorAction SilentlyContinue
            $run = Invoke-WithoutHost -Switches ''
            $run.Failed | Should -BeTrue
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'HostException*'
            @(Get-FakeCall) | Should -HaveCount 1
        }
    }
}
