<#
    Messages in the caller's words: what the exe says with its own options and commands
    (--allow-name-mismatch, --wait, certrebind task enable) comes out of the cmdlets with theirs.
    Walks the two lists the exe's code is checked against (tests/ts/cli/remedies.test.ts): every
    remedy the exe gives (one Remedy<Kind> sentence of the module each), and every option the exe's
    usage errors name (fixtures/exe-usage-options.json: how the module keeps each out).
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $repositoryRoot = Get-CertRebindRepositoryRoot
    $stringsText = Get-Content -Raw -LiteralPath (Join-Path -Path $repositoryRoot -ChildPath 'module/en-US/CertRebind.strings.psd1')
    $remedyCases = @(
        foreach ($match in [System.Text.RegularExpressions.Regex]::Matches($stringsText, '(?m)^Remedy(\w+) = (.*)$')) {
            $pascal = $match.Groups[1].Value
            @{ Kind = $pascal.Substring(0, 1).ToLowerInvariant() + $pascal.Substring(1); Sentence = $match.Groups[2].Value.TrimEnd() }
        }
    )

    $usageOptions = Get-Content -Raw -LiteralPath (Join-Path -Path $repositoryRoot -ChildPath 'tests/pester/fixtures/exe-usage-options.json') | ConvertFrom-Json
    $rejectedCases = @(
        foreach ($property in $usageOptions.PSObject.Properties) {
            if ($null -ne $property.Value.rejectedBy) {
                $parameters = @{}
                foreach ($parameter in $property.Value.rejectedBy.parameters.PSObject.Properties) {
                    $parameters[$parameter.Name] = $parameter.Value
                }
                @{ Option = $property.Name; Cmdlet = $property.Value.rejectedBy.cmdlet; Parameters = $parameters }
            }
        }
    )
    $passedOnlyCases = @(
        foreach ($property in $usageOptions.PSObject.Properties) {
            if ($null -ne $property.Value.passedOnlyBy) {
                @{ Option = $property.Name; Files = @($property.Value.passedOnlyBy) }
            }
        }
    )
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults
    $moduleFolder = Join-Path -Path (Get-CertRebindRepositoryRoot) -ChildPath 'module'
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'The remedies of the exe' -Tag 'Unit' {
    It 'Should find the remedies to walk' {
        $stringsText = Get-Content -Raw -LiteralPath (Join-Path -Path $moduleFolder -ChildPath 'en-US/CertRebind.strings.psd1')
        [System.Text.RegularExpressions.Regex]::Matches($stringsText, '(?m)^Remedy\w+ = ').Count | Should -BeGreaterThan 10
    }

    It 'Should say the remedy <Kind> of an error in the module''s words' -ForEach $remedyCases {
        $exeText = "Use --some-option of certrebind ($Kind)."
        $envelopeError = [PSCustomObject] @{
            code    = 'CR3005'
            message = "Something was refused. $exeText"
            target  = 'x'
            scope   = 'target'
            remedy  = [PSCustomObject] @{ kind = $Kind; options = @('--some-option'); command = $null; text = $exeText }
        }
        $record = InModuleScope -ModuleName CertRebind -Parameters @{ EnvelopeError = $envelopeError } {
            param ($EnvelopeError)
            ConvertTo-CertRebindErrorRecord -EnvelopeError $EnvelopeError -ExitCode 3
        }
        $record.Exception.Message | Should -Be "Something was refused. $Sentence"
        $record.ErrorDetails.RecommendedAction | Should -Be $Sentence
        $record.ToString() | Should -Not -Match '(^|\s)--[a-z]|certrebind (task|rebind)'
    }

    It 'Should say the remedy <Kind> of a warning in the module''s words' -ForEach $remedyCases {
        $exeText = "Run 'certrebind something' ($Kind)."
        $remedy = [PSCustomObject] @{ kind = $Kind; options = @(); command = 'something'; text = $exeText }
        $text = InModuleScope -ModuleName CertRebind -Parameters @{ Remedy = $remedy; Message = "Something is off. $exeText" } {
            param ($Remedy, $Message)
            Format-CertRebindExeMessage -Message $Message -Remedy $Remedy
        }
        $text | Should -Be "Something is off. $Sentence"
    }

    It 'Should leave a message as it is when its remedy is of a kind the module does not know, or is not where the message ends' {
        InModuleScope -ModuleName CertRebind {
            $unknown = [PSCustomObject] @{ kind = 'somethingNew'; options = @('--x'); command = $null; text = 'Use --x.' }
            Format-CertRebindExeMessage -Message 'A. Use --x.' -Remedy $unknown | Should -Be 'A. Use --x.'
            $elsewhere = [PSCustomObject] @{ kind = 'waitLonger'; options = @('--wait'); command = $null; text = 'Wait with --wait.' }
            Format-CertRebindExeMessage -Message 'Wait with --wait. Then more.' -Remedy $elsewhere | Should -Be 'Wait with --wait. Then more.'
            Format-CertRebindExeMessage -Message 'No remedy.' -Remedy $null | Should -Be 'No remedy.'
        }
    }
}

Describe 'The options the exe''s usage errors name' -Tag 'Unit' {
    BeforeAll {
        Mock -CommandName Invoke-CertRebindExe
    }

    It 'Should keep <Option> out: <Cmdlet> refuses the value before it runs the exe, naming its own parameter' -ForEach $rejectedCases {
        $thrown = $null
        try {
            & $Cmdlet @Parameters -HostRoot 'demo-host' -Confirm:$false -ErrorAction Stop
        }
        catch {
            $thrown = $_
        }
        $thrown | Should -Not -BeNullOrEmpty
        if ($thrown.Exception -isnot [System.Management.Automation.ParameterBindingException]) {
            # Checked by the cmdlet itself (a value PowerShell's binding cannot judge): a usage error naming its parameter.
            $thrown.FullyQualifiedErrorId | Should -BeLike 'CR2000,*'
            @($Parameters.Keys | Where-Object -FilterScript { $thrown.ToString() -match ('-{0}\b' -f $_) }) | Should -Not -BeNullOrEmpty
        }
        $thrown.ToString() | Should -Not -Match '(^|\s)--[a-z]'
        Should -Invoke -CommandName Invoke-CertRebindExe -Exactly -Times 0
    }

    It 'Should pass <Option> only from <Files>' -ForEach $passedOnlyCases {
        # String tokens of the code: the option in a comment passes nothing.
        $passing = @(
            Get-ChildItem -LiteralPath $moduleFolder -Recurse -Filter '*.ps1' -File |
                Where-Object -FilterScript {
                    $tokens = [System.Management.Automation.PSParser]::Tokenize((Get-Content -Raw -LiteralPath $_.FullName), [ref] $null)
                    @($tokens | Where-Object -FilterScript { $_.Type -eq 'String' -and $_.Content -eq $Option }).Count -gt 0
                } |
                ForEach-Object -Process { $_.FullName.Substring($moduleFolder.Length + 1).Replace('\', '/') } |
                Sort-Object
        )
        $passing | Should -Be @($Files | Sort-Object)
    }
}
