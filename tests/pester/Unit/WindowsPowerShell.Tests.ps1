<#
    Unit tests of the module's code against what Windows PowerShell 5.1 does not have, read from the sources' syntax
    trees, since this machine has no Windows PowerShell to run them on:
    - the operators PowerShell 7 added (?:, ??, ??=, ?. and ?[], && and ||): 5.1 cannot parse a file that has one,
      and the module would not import
      (https://learn.microsoft.com/powershell/scripting/whats-new/differences-from-windows-powershell);
    - System.Text.Json, which .NET Framework does not have: a type literal of it fails where 5.1 evaluates it. The
      module's own readers of the exe's envelope (cs-src/CertRebind.Types) are built for both editions and need none.
#>

BeforeAll {
    $moduleRoot = Join-Path -Path $PSScriptRoot -ChildPath '../../../module'

    # Each use of an operator of PowerShell 7 alone in the files below Root (and in the -Also files), as
    # 'file:line: text'.
    function Find-PowerShell7Syntax {
        param ([System.String] $Root, [System.String[]] $Also = @())
        $operatorTokens = 'AndAnd', 'OrOr', 'QuestionDot', 'QuestionLBracket', 'QuestionQuestion', 'QuestionQuestionEquals', 'QuestionMark'
        $files = @(Get-ChildItem -LiteralPath $Root -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1') + @($Also | ForEach-Object -Process { Get-Item -LiteralPath $_ })
        foreach ($file in $files) {
            $tokens = $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref] $tokens, [ref] $errors)
            foreach ($token in $tokens | Where-Object -FilterScript { $_.Kind -in $operatorTokens }) {
                '{0}:{1}: {2}' -f $file.Name, $token.Extent.StartLineNumber, $token.Text
            }
        }
    }

    # The files of module/ that name a type of System.Text.Json in a type literal, a cast or a parameter's type.
    function Find-PowerShell7TypeUse {
        param ([System.String] $Root)
        foreach ($file in Get-ChildItem -LiteralPath $Root -Recurse -File -Include '*.ps1', '*.psm1') {
            $tokens = $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref] $tokens, [ref] $errors)
            $typeNames = $ast.FindAll({
                    param ($node)
                    $node -is [System.Management.Automation.Language.TypeExpressionAst] -or $node -is [System.Management.Automation.Language.TypeConstraintAst]
                }, $true) | ForEach-Object -Process { $_.TypeName.FullName }
            if (@($typeNames | Where-Object -FilterScript { $_ -like 'System.Text.Json*' }).Count -gt 0) {
                $file.Name
            }
        }
    }
}

Describe 'The module''s code on Windows PowerShell 5.1' -Tag 'Unit' {
    It 'Should use none of the operators that PowerShell 7 added' {
        @(Find-PowerShell7Syntax -Root $moduleRoot -Also (Join-Path -Path $moduleRoot -ChildPath '../CertRebind.psd1')) | Should -Be @()
    }

    It 'Should find each of those operators in a file that has it' {
        $sample = Join-Path -Path $TestDrive -ChildPath 'syntax/Sample.ps1'
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $sample) -Force
        Set-Content -LiteralPath $sample -Value @(
            '$a = $b ? 1 : 2', '$c = $d ?? 3', '$e ??= 4', '${f}?.Name', '${g}?[0]', 'Get-Item . && Get-Item .', 'Get-Item . || Get-Item .'
        )
        @(Find-PowerShell7Syntax -Root (Split-Path -Parent $sample)) | Should -HaveCount 7
    }

    It 'Should name no type of System.Text.Json' {
        @(Find-PowerShell7TypeUse -Root $moduleRoot) | Should -Be @()
    }

    It 'Should find such a type in a file that has one' {
        $copy = Join-Path -Path $TestDrive -ChildPath 'module'
        Copy-Item -LiteralPath $moduleRoot -Destination $copy -Recurse
        $hostBinding = Join-Path -Path $copy -ChildPath 'Private/Get-CertRebindHostBinding.ps1'
        $source = Get-Content -Raw -LiteralPath $hostBinding
        Set-Content -LiteralPath $hostBinding -Value $source.Replace("'CertRebind.BindingReader'", '[System.Text.Json.JsonDocument]::Parse(''[]'')') -NoNewline
        Find-PowerShell7TypeUse -Root $copy | Should -Contain 'Get-CertRebindHostBinding.ps1'
    }
}
