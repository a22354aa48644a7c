<#
    Unit tests of the module's compiled steps of a rebind's questions (cs-src/CertRebind.Types): what
    CertRebind.RebindQuestions asks about each planned change and how it reads ShouldProcess's answer, and what
    CertRebind.PlannedChanges selects and warns about. Each change is given both as PowerShell 7 holds it (a
    hashtable of the compiled reader) and as Windows PowerShell 5.1 does (a PSCustomObject of ConvertFrom-Json).
#>

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults
    $texts = & (Get-Module -Name 'CertRebind') { $script:LocalizedData }
    $old = '0F70C94C6482E61B0A43B9816E830ED7B30B8C44'
    $new = 'FAC2BE397B0EF579E4C64AE777717B344007BA2C'

    # A change of the envelope as a hashtable (PowerShell 7) or a PSCustomObject (Windows PowerShell 5.1).
    function New-Change {
        param ([System.Collections.IDictionary] $Fields, [switch] $AsCustomObject)
        $change = [ordered] @{ kind = 'hostnameport'; endpoint = 'www.contoso.com:443'; sites = @('Contoso WWW'); from = $old; to = $new; status = 'planned'; notes = @() }
        foreach ($name in $Fields.Keys) { $change[$name] = $Fields[$name] }
        if ($AsCustomObject) { ($change | ConvertTo-Json -Depth 5 | ConvertFrom-Json) } else { [System.Collections.Hashtable] $change }
    }

    # Asks through a cmdlet of its own, with the common parameters given; its decision.
    function Invoke-Asking {
        [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
        param ([System.Object[]] $Change, [System.Collections.IDictionary] $SuccessorReason)
        [CertRebind.RebindQuestions]::new($texts, $SuccessorReason).Ask($PSCmdlet, $Change)
    }

    function Invoke-Selecting {
        [CmdletBinding()]
        param ([System.Object[]] $Change)
        [CertRebind.PlannedChanges]::Select($PSCmdlet, $Change, $texts.RebindChangeNote)
    }
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'CertRebind.RebindQuestions' -Tag 'Unit' {
    Context 'The question about a change, <Shape>' -ForEach @(
        @{ Shape = 'a hashtable'; AsCustomObject = $false }
        @{ Shape = 'a PSCustomObject'; AsCustomObject = $true }
    ) {
        It 'Should name <Case>' -ForEach @(
            @{ Case = 'the binding, its sites and both thumbprints'; Fields = @{ sites = @('Contoso WWW', 'Shop') }; Description = 'Re-binding hostnameport www.contoso.com:443 (Contoso WWW, Shop) from certificate {0} to {1}.' }
            @{ Case = 'no site when the sites are missing'; Fields = @{ sites = $null }; Description = 'Re-binding hostnameport www.contoso.com:443 (no site) from certificate {0} to {1}.' }
            @{ Case = 'no site when the sites are only nulls'; Fields = @{ sites = @($null) }; Description = 'Re-binding hostnameport www.contoso.com:443 (no site) from certificate {0} to {1}.' }
            @{ Case = 'the grant and the restart a change needs'; Fields = @{ kind = 'sqlserver'; endpoint = 'MSSQLSERVER'; sites = @(); service = 'MSSQLSERVER'; restartRequired = $true; keyAccess = @(@{ status = 'grant'; account = 'NT Service\MSSQLSERVER' }, @{ status = 'Has'; account = 'NT AUTHORITY\SYSTEM' }) }; Description = 'Re-binding sqlserver MSSQLSERVER (no site) from certificate {0} to {1}. Needs: key read: grant NT Service\MSSQLSERVER; restart MSSQLSERVER.' }
            @{ Case = 'its service when the restart names none'; Fields = @{ restartRequired = $true }; Description = 'Re-binding hostnameport www.contoso.com:443 (Contoso WWW) from certificate {0} to {1}. Needs: restart its service.' }
            @{ Case = 'no need when the key is readable and no restart is required'; Fields = @{ restartRequired = $false; keyAccess = @(@{ status = 'has'; account = 'NT Service\MSSQLSERVER' }) }; Description = 'Re-binding hostnameport www.contoso.com:443 (Contoso WWW) from certificate {0} to {1}.' }
        ) {
            $question = [CertRebind.RebindQuestions]::new($texts, $null).QuestionOf((New-Change -Fields $Fields -AsCustomObject:$AsCustomObject))
            $question[0] | Should -BeExactly ($Description -f $old, $new)
            $question[1] | Should -BeLike ('Re-bind *? Declining leaves this binding as it is; the changes you approve are applied.*')
            if ($Description -like '*Needs:*') {
                $question[1] | Should -BeLike ('* Needs: {0}' -f ($Description -replace '^.* Needs: ', ''))
            }
        }

        It 'Should name the successor and why it was chosen, its thumbprint matched as PowerShell does, in any case' {
            $reason = @{ $old.ToLowerInvariant() = 'Windows links the two.' }
            $question = [CertRebind.RebindQuestions]::new($texts, $reason).QuestionOf((New-Change -AsCustomObject:$AsCustomObject))
            $question[0] | Should -BeExactly ('Re-binding hostnameport www.contoso.com:443 (Contoso WWW) from certificate {0} to its successor {1}: Windows links the two.' -f $old, $new)
        }
    }

    It 'Should say which localized text is missing' {
        { [CertRebind.RebindQuestions]::new(@{ RebindChangeDescription = 'x' }, $null) } | Should -Throw -ExpectedMessage '*no RebindChangeConfirmation*'
    }

    It 'Should approve nothing and write one What if line per change under -WhatIf' {
        $changes = @((New-Change), (New-Change -Fields @{ endpoint = 'api.contoso.com:443' } -AsCustomObject))
        $capturePath = Start-HostCapture -Folder $TestDrive
        try {
            $decision = Invoke-Asking -Change $changes -WhatIf
        }
        finally {
            $whatIfLines = Stop-HostCapture -Path $capturePath
        }
        $whatIfLines | Should -Be @(
            ('What if: Re-binding hostnameport www.contoso.com:443 (Contoso WWW) from certificate {0} to {1}.' -f $old, $new)
            ('What if: Re-binding hostnameport api.contoso.com:443 (Contoso WWW) from certificate {0} to {1}.' -f $old, $new)
        )
        $decision.WhatIf | Should -BeTrue
        $decision.Approved | Should -HaveCount 0
        $decision.Declined | Should -HaveCount 0
    }

    It 'Should approve every change, in order, when nothing is to be asked' {
        $changes = @((New-Change), (New-Change -Fields @{ endpoint = 'api.contoso.com:443' }))
        $decision = Invoke-Asking -Change $changes -Confirm:$false
        $decision.WhatIf | Should -BeFalse
        @($decision.Approved | ForEach-Object -Process { $_.endpoint }) | Should -Be @('www.contoso.com:443', 'api.contoso.com:443')
        $decision.Declined | Should -HaveCount 0
    }
}

Describe 'CertRebind.PlannedChanges' -Tag 'Unit' {
    It 'Should return the planned changes in order and write each note as a warning that names its binding (<Shape>)' -ForEach @(
        @{ Shape = 'hashtables'; AsCustomObject = $false }
        @{ Shape = 'PSCustomObjects'; AsCustomObject = $true }
    ) {
        $changes = @(
            (New-Change -Fields @{ endpoint = 'a.contoso.com:443'; notes = @('first note', 'second note') } -AsCustomObject:$AsCustomObject)
            (New-Change -Fields @{ endpoint = 'b.contoso.com:443'; status = 'skipped'; notes = @('a skipped change''s note') } -AsCustomObject:$AsCustomObject)
            (New-Change -Fields @{ endpoint = 'c.contoso.com:443'; status = 'Planned' } -AsCustomObject:$AsCustomObject)
        )
        $selected = @(Invoke-Selecting -Change $changes -WarningVariable warnings -WarningAction SilentlyContinue)
        @($selected | ForEach-Object -Process { $_.endpoint }) | Should -Be @('a.contoso.com:443', 'c.contoso.com:443')
        @($warnings | ForEach-Object -Process { $_.Message }) | Should -Be @(
            'hostnameport a.contoso.com:443: first note'
            'hostnameport a.contoso.com:443: second note'
            'hostnameport b.contoso.com:443: a skipped change''s note'
        )
    }

    It 'Should return nothing for a plan without changes' {
        @(Invoke-Selecting -Change $null) | Should -HaveCount 0
    }
}
