<#
    What can be checked off Windows of the real-host tests and the Windows probes (tests/pester/Windows): every
    script parses, the probe runner runs every probe there is, and the probes quote the arguments of the programs
    they start as the Microsoft C runtime reads them. What the probes record is Windows' business: it is only
    looked at on a real runner (.github/workflows/windows.yml).
#>

BeforeDiscovery {
    $windowsFolder = Join-Path -Path $PSScriptRoot -ChildPath '../Windows'
    $scripts = @(Get-ChildItem -LiteralPath $windowsFolder -Recurse -File -Include '*.ps1', '*.psm1' | ForEach-Object -Process { @{ Name = $_.Name; Path = $_.FullName } })
}

BeforeAll {
    $probesFolder = Join-Path -Path $PSScriptRoot -ChildPath '../Windows/Probes'
    Import-Module (Join-Path -Path $probesFolder -ChildPath 'ProbeHelpers.psm1') -Force
}

AfterAll {
    Remove-Module -Name 'ProbeHelpers' -ErrorAction SilentlyContinue
}

Describe 'The Windows test script <Name>' -Tag 'Unit' -ForEach $scripts {
    It 'Should parse without errors' {
        $tokens = $null
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $errors)
        @($errors | ForEach-Object -Process { "$($_.Extent.StartLineNumber): $($_.Message)" }) | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-WindowsProbes.ps1' -Tag 'Unit' {
    It 'Should run every Probe-*.ps1 of its folder, and only those' {
        $runner = Get-Content -Raw -LiteralPath (Join-Path -Path $probesFolder -ChildPath 'Invoke-WindowsProbes.ps1')
        $listed = @([System.Text.RegularExpressions.Regex]::Matches($runner, "'(Probe-[A-Za-z]+\.ps1)'") | ForEach-Object -Process { $_.Groups[1].Value } | Sort-Object)
        $present = @(Get-ChildItem -LiteralPath $probesFolder -Filter 'Probe-*.ps1' | ForEach-Object -Process { $_.Name } | Sort-Object)
        $listed | Should -Be $present
    }
}

Describe 'ConvertTo-CommandLineArgument' -Tag 'Unit' {
    It 'Should give <Argument> as <Expected>' -ForEach @(
        @{ Argument = 'sddl=D:(A;;GX;;;WD)'; Expected = 'sddl=D:(A;;GX;;;WD)' }
        @{ Argument = 'appid={4dc3e181-e14b-4a21-b022-59fc669b0914}'; Expected = 'appid={4dc3e181-e14b-4a21-b022-59fc669b0914}' }
        @{ Argument = 'Remote Desktop'; Expected = '"Remote Desktop"' }
        @{ Argument = ''; Expected = '""' }
        @{ Argument = 'a "quoted" word'; Expected = '"a \"quoted\" word"' }
        @{ Argument = 'C:\my dir\'; Expected = '"C:\my dir\\"' }
        @{ Argument = 'x\"y z'; Expected = '"x\\\"y z"' }
    ) {
        ConvertTo-CommandLineArgument -Argument $Argument | Should -BeExactly $Expected
    }
}
