<#
    Small files, one concept each: no file of module/ over 300 lines (its comment-based help aside) and no function
    (or class method) over 60 lines of code. A line of code holds a token that is not a comment, so comment-based
    help, other comments and blank lines do not count, and a here-string counts as its first line. The list of
    exceptions is empty; an exception added must stay over its limit: one that is not fails until it is taken off.
#>

BeforeAll {
    $script:ModuleRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../../../module')).ProviderPath
    $script:MaximumFileLines = 300
    $script:MaximumFunctionLines = 60

    # 'path/of/file' for a file, 'path/of/file FunctionName' for a function, paths relative to module/ with '/'.
    # None today; one added must stay over its limit.
    $script:Exceptions = @()

    # The lines of code of each function and class method of a file, and the file's lines: one object each.
    function Measure-SourceSize {
        param ([System.String] $Path, [System.String] $Name)

        $tokens = $null
        $parseErrors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $parseErrors)
        $codeTokens = @($tokens | Where-Object -FilterScript { $_.Kind -notin 'Comment', 'NewLine', 'LineContinuation', 'EndOfInput' })
        $helpLines = 0
        foreach ($help in $tokens | Where-Object -FilterScript { $_.Kind -eq 'Comment' -and $_.Text -match '^<#[\s\S]*\.SYNOPSIS' }) {
            $helpLines += $help.Extent.EndLineNumber - $help.Extent.StartLineNumber + 1
        }
        $fileLines = [System.IO.File]::ReadAllLines($Path).Count - $helpLines
        [PSCustomObject] @{ Name = $Name; Lines = $fileLines; Limit = $script:MaximumFileLines }
        $isFunction = {
            param ($node)
            $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -or $node -is [System.Management.Automation.Language.FunctionMemberAst]
        }
        foreach ($function in $ast.FindAll($isFunction, $true)) {
            $start = $function.Extent.StartOffset
            $end = $function.Extent.EndOffset
            $lines = @(
                $codeTokens |
                    Where-Object -FilterScript { $_.Extent.StartOffset -ge $start -and $_.Extent.EndOffset -le $end } |
                    ForEach-Object -Process { $_.Extent.StartLineNumber } |
                    Sort-Object -Unique
            )
            [PSCustomObject] @{ Name = '{0} {1}' -f $Name, $function.Name; Lines = $lines.Count; Limit = $script:MaximumFunctionLines }
        }
    }

    function Get-SourceSize {
        param ([System.String] $Root)

        foreach ($file in Get-ChildItem -LiteralPath $Root -Recurse -File -Include '*.ps1', '*.psm1') {
            $relative = $file.FullName.Substring($Root.Length + 1) -replace '\\', '/'
            Measure-SourceSize -Path $file.FullName -Name $relative
        }
    }

    # The files and functions below Root over their limit that are not exceptions, as 'name: N lines'.
    function Find-SourceOverLimit {
        param ([System.String] $Root, [System.String[]] $Exception)

        Get-SourceSize -Root $Root |
            Where-Object -FilterScript { $_.Lines -gt $_.Limit -and $_.Name -notin $Exception } |
            ForEach-Object -Process { '{0}: {1} lines' -f $_.Name, $_.Lines }
    }

    # The exceptions that are not over their limit below Root (or no longer there), as they are listed.
    function Find-StaleException {
        param ([System.String] $Root, [System.String[]] $Exception)

        $sizes = @(Get-SourceSize -Root $Root)
        foreach ($name in $Exception) {
            $size = $sizes | Where-Object -FilterScript { $_.Name -eq $name }
            if (-not $size -or $size.Lines -le $size.Limit) {
                $name
            }
        }
    }

    # A function of the given lines of code, each a statement, after a help block and with a here-string.
    function New-SyntheticFunction {
        param ([System.Int32] $CodeLines)

        $help = "    <#`n    .SYNOPSIS`n        Help text does not count.`n`n    .DESCRIPTION`n" + ("        More help.`n" * 80) + "    #>`n"
        $hereString = "    `$text = @'`n" + ("not code`n" * 20) + "'@`n"
        $statements = (1..($CodeLines - 3) | ForEach-Object -Process { "    `$value$_ = $_" }) -join "`n"
        "function Test-Synthetic {`n$help$hereString`n    # a comment`n`n$statements`n}`n"
    }
}

Describe 'The size of the module''s sources' -Tag 'Unit' {
    It 'Should keep every file to 300 lines and every function to 60 lines of code, but the listed exceptions' {
        @(Find-SourceOverLimit -Root $script:ModuleRoot -Exception $script:Exceptions) -join '; ' | Should -BeNullOrEmpty
    }

    It 'Should list only exceptions that are still over their limit' {
        @(Find-StaleException -Root $script:ModuleRoot -Exception $script:Exceptions) -join '; ' | Should -BeNullOrEmpty
    }
}

Describe 'The measure of a source''s size' -Tag 'Unit' {
    It 'Should count <CodeLines> lines of code in a function with help, a comment and a here-string' -ForEach @(
        @{ CodeLines = 60 }
        @{ CodeLines = 61 }
    ) {
        $root = Join-Path -Path $TestDrive -ChildPath ('Synthetic{0}' -f $CodeLines)
        $null = New-Item -ItemType Directory -Path $root
        [System.IO.File]::WriteAllText((Join-Path -Path $root -ChildPath 'Synthetic.ps1'), (New-SyntheticFunction -CodeLines $CodeLines))
        $size = Get-SourceSize -Root $root | Where-Object -FilterScript { $_.Name -eq 'Synthetic.ps1 Test-Synthetic' }
        $size.Lines | Should -Be $CodeLines
    }

    It 'Should fail the check on a synthetic function of 61 lines of code, unless it is an exception' {
        $root = Join-Path -Path $TestDrive -ChildPath 'Oversized'
        $null = New-Item -ItemType Directory -Path $root
        [System.IO.File]::WriteAllText((Join-Path -Path $root -ChildPath 'Synthetic.ps1'), (New-SyntheticFunction -CodeLines 61))
        @(Find-SourceOverLimit -Root $root -Exception @()) | Should -Be @('Synthetic.ps1 Test-Synthetic: 61 lines')
        @(Find-SourceOverLimit -Root $root -Exception 'Synthetic.ps1 Test-Synthetic') | Should -HaveCount 0
    }

    It 'Should report an exception within its limit or gone as stale, and one over its limit as not' {
        $root = Join-Path -Path $TestDrive -ChildPath 'Exceptions'
        $null = New-Item -ItemType Directory -Path $root
        [System.IO.File]::WriteAllText((Join-Path -Path $root -ChildPath 'Small.ps1'), (New-SyntheticFunction -CodeLines 60))
        [System.IO.File]::WriteAllText((Join-Path -Path $root -ChildPath 'Large.ps1'), (New-SyntheticFunction -CodeLines 61))
        $listed = 'Small.ps1 Test-Synthetic', 'Large.ps1 Test-Synthetic', 'Gone.ps1'
        @(Find-StaleException -Root $root -Exception $listed) | Should -Be @('Small.ps1 Test-Synthetic', 'Gone.ps1')
    }

    It 'Should find a file of 301 lines over the limit, and one of 300 within it, its help aside' {
        $path = Join-Path -Path $TestDrive -ChildPath 'Long.ps1'
        $help = "<#`n    .SYNOPSIS`n        Help.`n#>"
        [System.IO.File]::WriteAllLines($path, [System.String[]] @(@($help) + @(1..301 | ForEach-Object -Process { '# line' })))
        (Measure-SourceSize -Path $path -Name 'Long.ps1')[0].Lines | Should -Be 301
        [System.IO.File]::WriteAllLines($path, [System.String[]] @(@($help) + @(1..300 | ForEach-Object -Process { '# line' })))
        (Measure-SourceSize -Path $path -Name 'Long.ps1')[0].Lines | Should -Be 300
    }
}
