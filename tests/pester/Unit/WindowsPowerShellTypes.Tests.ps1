<#
    Unit test of the module's code against the types Windows PowerShell 5.1 does not have: System.Text.Json and the
    readers built on it, which only the PowerShell 7 build of the module's types holds (cs-src/CertRebind.Types). A
    type literal of one of them fails where 5.1 evaluates it, so only the functions that run on PowerShell 7 alone may
    name them; the others name a reader as text (ConvertFrom-CertRebindTypedJson). Read from the sources' syntax
    trees, since this machine has no Windows PowerShell to run them on.
#>

BeforeAll {
    $moduleRoot = Join-Path -Path $PSScriptRoot -ChildPath '../../../module'

    # The files of module/ that name a type of PowerShell 7 alone in a type literal, a cast or a parameter's type.
    function Find-PowerShell7TypeUse {
        param ([System.String] $Root)
        foreach ($file in Get-ChildItem -LiteralPath $Root -Recurse -File -Include '*.ps1', '*.psm1') {
            $tokens = $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref] $tokens, [ref] $errors)
            $typeNames = $ast.FindAll({
                    param ($node)
                    $node -is [System.Management.Automation.Language.TypeExpressionAst] -or $node -is [System.Management.Automation.Language.TypeConstraintAst]
                }, $true) | ForEach-Object -Process { $_.TypeName.FullName }
            if (@($typeNames | Where-Object -FilterScript { $_ -in 'CertRebind.BindingReader', 'CertRebind.JsonHashtable' -or $_ -like 'System.Text.Json*' }).Count -gt 0) {
                $file.Name
            }
        }
    }
}

Describe 'The module''s code on Windows PowerShell 5.1' -Tag 'Unit' {
    It 'Should name the types of PowerShell 7 alone only in the functions that run on PowerShell 7 alone' {
        @(Find-PowerShell7TypeUse -Root $moduleRoot | Sort-Object) |
            Should -Be @('ConvertFrom-CertRebindTypedJson.ps1', 'Initialize-CertRebindBindingReading.ps1')
    }

    It 'Should find such a type given to a function that runs everywhere' {
        $copy = Join-Path -Path $TestDrive -ChildPath 'module'
        Copy-Item -LiteralPath $moduleRoot -Destination $copy -Recurse
        $hostBinding = Join-Path -Path $copy -ChildPath 'Private/Get-CertRebindHostBinding.ps1'
        $source = Get-Content -Raw -LiteralPath $hostBinding
        Set-Content -LiteralPath $hostBinding -Value $source.Replace("'CertRebind.BindingReader'", '[CertRebind.BindingReader]') -NoNewline
        Find-PowerShell7TypeUse -Root $copy | Should -Contain 'Get-CertRebindHostBinding.ps1'
    }
}
