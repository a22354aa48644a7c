<#
    Unit tests of Get-CertBinding's two ways of reading the exe's bindings: on PowerShell 7 the module's compiled
    reader reads them into its compiled class CertRebind.Binding (ConvertFrom-CertRebindTypedJson,
    Complete-CertRebindBinding), on Windows PowerShell 5.1 ConvertFrom-Json and ConvertTo-CertRebindBinding do; the
    switch is chosen at import ($script:ReadsTypedJson) and turned off here to take the 5.1 way. Invoke-CertRebindExe
    is mocked with the data each way parses from the same canned envelope.
#>

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults

    # The data of an envelope as Get-CertBinding has Invoke-CertRebindExe parse it: the bindings deserialized into the
    # module's class on PowerShell 7, or (-AsOnWindowsPowerShell: the switch chosen at import off) by ConvertFrom-Json.
    function ConvertFrom-TypedEnvelopeData {
        param ([System.String] $Text, [System.Management.Automation.SwitchParameter] $AsOnWindowsPowerShell)
        InModuleScope -Parameters @{ Text = $Text; Off = $AsOnWindowsPowerShell.IsPresent } -ScriptBlock {
            param ($Text, $Off)
            $saved = $script:ReadsTypedJson
            if ($Off) {
                $script:ReadsTypedJson = $false
            }
            try {
                (ConvertFrom-CertRebindJson -Text $Text -AsHashtable -TypedData @{ bindings = 'CertRebind.BindingReader' }).data
            }
            finally {
                $script:ReadsTypedJson = $saved
            }
        }
    }
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'Get-CertBinding reading the exe''s bindings' -Tag 'Unit' {
    Context 'When PowerShell 7 reads the bindings into the module''s class (CertRebind.BindingReader), envelope <_>' -ForEach @(
        'bindings-certificates-once', 'bindings-services'
    ) {
        BeforeAll {
            $envelopeText = Get-Content -Raw -LiteralPath (Get-EnvelopePath -Name $_)
            Mock -CommandName Invoke-CertRebindExe -MockWith { (ConvertFrom-Json -InputObject $envelopeText).data }
            $parsedByConvertFromJson = @(Get-CertBinding -WarningAction SilentlyContinue)
            $envelopeData = ConvertFrom-TypedEnvelopeData -Text $envelopeText
            $typedBindings = $envelopeData.bindings
            Mock -CommandName Invoke-CertRebindExe -MockWith { $envelopeData }
            $typed = @(Get-CertBinding -WarningAction SilentlyContinue)
        }

        It 'Should deserialize the bindings into CertRebind.Binding objects and the rest of the data into hashtables' {
            $typedBindings.GetType().FullName | Should -Be 'CertRebind.Binding[]'
            $typedBindings.Count | Should -BeGreaterThan 0
            $envelopeData.Contains('missingRecords') | Should -BeTrue
        }

        It 'Should return the same objects as ConvertFrom-Json gives (properties, values, $null as $null, type names)' {
            $typed.Count | Should -Be $parsedByConvertFromJson.Count
            ($typed | ConvertTo-Json -Depth 4) | Should -BeExactly ($parsedByConvertFromJson | ConvertTo-Json -Depth 4)
            ($typed | ConvertTo-Csv -NoTypeInformation) -join "`n" | Should -BeExactly (($parsedByConvertFromJson | ConvertTo-Csv -NoTypeInformation) -join "`n")
            foreach ($binding in $typed) {
                $binding.PSObject.TypeNames[0] | Should -Be 'CertRebind.Binding'
                $binding.Sites.GetType().FullName | Should -Be 'CertRebind.StringList'
            }
        }

        It 'Should leave a field the exe writes as null $null, not an empty string' {
            $withoutService = @($typed | Where-Object -FilterScript { $null -eq $_.Service })
            $withoutService.Count | Should -Be @($parsedByConvertFromJson | Where-Object -FilterScript { $null -eq $_.Service }).Count
            $withoutService.Count | Should -BeGreaterThan 0
        }
    }

    Context 'When PowerShell 7 deserializes a list that holds $null items' {
        BeforeAll {
            $envelope = Get-Content -Raw -LiteralPath (Get-EnvelopePath -Name 'bindings-certificates-once') | ConvertFrom-Json
            $envelope.data.bindings[0].sites = @('Default Web Site', $null, '', 'Legacy')
            $envelope.data.bindings[0].hostnames = @($null)
            $envelope.data.bindings[1].PSObject.Properties.Remove('sites')
            $envelopeText = ConvertTo-Json -InputObject $envelope -Depth 10
            $envelopeData = ConvertFrom-TypedEnvelopeData -Text $envelopeText
            Mock -CommandName Invoke-CertRebindExe -MockWith { $envelopeData }
            $result = @(Get-CertBinding -WarningAction SilentlyContinue)
        }

        It 'Should leave out the $null items, keep the empty ones and make a missing list an empty one' {
            @($result[0].Sites) | Should -Be @('Default Web Site', '', 'Legacy')
            $result[0].Hostnames.Count | Should -Be 0
            $result[0].Hostnames.GetType().FullName | Should -Be 'CertRebind.StringList'
            $result[1].Sites.GetType().FullName | Should -Be 'CertRebind.StringList'
            $result[1].Sites.Count | Should -Be 0
        }
    }

    Context 'When the module runs on Windows PowerShell 5.1 (no ConvertFrom-Json -AsHashtable: the switch chosen at import is off)' {
        BeforeAll {
            $envelopeText = Get-Content -Raw -LiteralPath (Get-EnvelopePath -Name 'bindings-certificates-once')
            $withoutTyping = ConvertFrom-TypedEnvelopeData -Text $envelopeText -AsOnWindowsPowerShell
            Mock -CommandName Invoke-CertRebindExe -MockWith { $withoutTyping }
            $result = @(Get-CertBinding -WarningAction SilentlyContinue)
        }

        It 'Should parse the data with ConvertFrom-Json and convert it with ConvertTo-CertRebindBinding' {
            $withoutTyping.bindings[0] | Should -BeOfType ([System.Collections.IDictionary])
            $result[0].PSObject.TypeNames[0] | Should -Be 'CertRebind.Binding'
        }

        It 'Should leave a field the exe writes as null $null, not an empty string' {
            $ccs = $result | Where-Object -Property Kind -EQ -Value 'ccs'
            $null -eq $ccs.Thumbprint | Should -BeTrue
            $null -eq $result[0].Service | Should -BeTrue
        }
    }
}
