<#
    Every example in the help either runs on the demo host (its code names -HostRoot) and shows something
    there, on the demo's date, or says that it needs a Windows server: no example silently returns nothing
    (a date filter in the past of the demo's events, a host the example cannot reach). Each demo example runs
    in a fresh PowerShell, in a folder holding fresh copies of the demo host under the names the examples use
    (.\demo-host, .\demo-host-copy); what it prints, warnings aside, must
    not be empty. Skipped, with a warning, until the exe has been built (./build.sh Build).
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exeMissing = -not (Test-CertRebindTestExe -Suite 'HelpExamples')
    Import-CertRebindModule
    $examples = @(
        foreach ($command in Get-Command -Module 'CertRebind' -CommandType Function) {
            $number = 0
            foreach ($example in (Get-Help -Name $command.Name -Full).Examples.Example) {
                $number++
                @{ CommandName = $command.Name; Number = $number; Code = [System.String] $example.Code; Remarks = ($example.Remarks.Text -join ' ').Trim() }
            }
        }
    )
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $manifest = Join-Path -Path (Get-CertRebindRepositoryRoot) -ChildPath 'CertRebind.psd1'
    $pwsh = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
}

Describe 'Example <Number> of <CommandName>' -Tag 'Integration' -Skip:$exeMissing -ForEach $examples {
    It 'Should show something on the demo host, or say that it needs a Windows server' {
        if ($Code -notmatch '-HostRoot') {
            $Remarks | Should -BeLike 'On a Windows server:*' -Because "'$Code' does not run on the demo host"
            return
        }
        $folder = Join-Path -Path $TestDrive -ChildPath ('{0}-{1}' -f $CommandName, $Number)
        $null = New-Item -ItemType Directory -Path $folder
        foreach ($name in 'demo-host', 'demo-host-copy') {
            $null = New-DemoHost -Folder $folder -Name $name
        }
        $script = "`$env:CERTREBIND_NOW = '2026-11-27T00:00:00Z'; Import-Module -Name '$manifest'; Set-Location -LiteralPath '$folder'; $Code | Out-String -Width 300"
        $printed = & $pwsh -NoProfile -NonInteractive -Command $script 2>&1
        # Errors (an example may show a refusal) and warnings do not count as showing something.
        $shown = @($printed | Where-Object -FilterScript { $_ -isnot [System.Management.Automation.ErrorRecord] } | ForEach-Object -Process { [System.String] $_ } | Where-Object -FilterScript { $_.Trim() -and $_ -notmatch '^(WARNING|VERBOSE): ' })
        $shown | Should -Not -BeNullOrEmpty -Because "'$Code' runs on the demo host"
    }
}
