<#
    What a user of the installed module reads never sends them to a file of the source repository
    (docs/..., the README, examples/, build.sh): the installed module has none of them. Concepts are in
    the help topic about_CertRebind instead, which these tests also check. The commands are taken from
    module/Public, so a new cmdlet is checked without a change here.
#>

BeforeDiscovery {
    $repositoryRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../../..')).ProviderPath
    $commands = @(Get-ChildItem -Path (Join-Path -Path $repositoryRoot -ChildPath 'module/Public') -Filter '*.ps1' -File |
            ForEach-Object { @{ CommandName = $_.BaseName } })
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults
    $repositoryRoot = Get-CertRebindRepositoryRoot
    $aboutPath = [System.IO.Path]::Combine($repositoryRoot, 'module', 'en-US', 'about_CertRebind.help.txt')

    # A path into the source repository, or a pointer to one.
    $repositoryPathPattern = '(?i)\bdocs[/\\]|\breadme\b|\bexamples[/\\]|\.md\b|\bbuild\.(sh|ps1)\b|\bts-src\b|\btests[/\\]|\bscripts[/\\]|\bbench[/\\]|\brepository root\b'

    function Get-RepositoryPathMention {
        param ([Parameter(Mandatory)] [AllowEmptyString()] [string] $Text)
        foreach ($line in $Text -split '\r?\n') {
            if ($line -match $repositoryPathPattern) { $line.Trim() }
        }
    }
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'The pattern of repository paths' -Tag 'Unit' {
    It 'Should find the pointers the help used to have' -ForEach @(
        @{ Text = '(see docs/snapshot-host.md). Relative paths' }
        @{ Text = "records.json (see the project's README)." }
        @{ Text = 'Get-CertBinding -HostRoot .\examples\demo-host' }
        @{ Text = "Build it from the repository root with './build.sh Build'" }
    ) {
        Get-RepositoryPathMention -Text $Text | Should -Not -BeNullOrEmpty
    }

    It 'Should let snapshot host paths and help topics through' {
        Get-RepositoryPathMention -Text "state\audit.jsonl, inetsrv\applicationHost.config, bin\win-x64\certrebind.exe (see about_CertRebind)" | Should -BeNullOrEmpty
    }
}

Describe 'The help of <CommandName>' -Tag 'Unit' -ForEach $commands {
    It 'Should name no file of the source repository' {
        $help = Get-Help -Name $CommandName -Full | Out-String -Width 1000
        $help | Should -Not -BeNullOrEmpty
        Get-RepositoryPathMention -Text $help | Should -BeNullOrEmpty
    }
}

Describe 'The messages of the module' -Tag 'Unit' {
    It 'Should name no file of the source repository' {
        $messages = InModuleScope -ScriptBlock { $script:LocalizedData }
        $messages.Count | Should -BeGreaterThan 10
        $mentions = foreach ($name in $messages.Keys) {
            Get-RepositoryPathMention -Text $messages[$name] | ForEach-Object { "$name`: $_" }
        }
        $mentions | Should -BeNullOrEmpty
    }

    It 'Should tell how to get a missing exe back in PowerShell terms' {
        $messages = InModuleScope -ScriptBlock { $script:LocalizedData }
        $messages.ExeNotFound | Should -BeLike '*Install-PSResource CertRebind -Reinstall*'
    }
}

Describe 'The help topic about_CertRebind' -Tag 'Unit' {
    BeforeAll {
        $about = Get-Content -LiteralPath $aboutPath -Raw
    }

    It 'Should be a help topic named about_CertRebind' {
        $about | Should -Match '^TOPIC\r?\n\s+about_CertRebind\r?\n'
        $about | Should -Match '\r?\nSHORT DESCRIPTION\r?\n'
        $about | Should -Match '\r?\nLONG DESCRIPTION\r?\n'
    }

    It 'Should name no file of the source repository' {
        Get-RepositoryPathMention -Text $about | Should -BeNullOrEmpty
    }

    It 'Should explain <Concept>' -ForEach @(
        @{ Concept = 'snapshot hosts'; Heading = 'SNAPSHOT HOSTS (-HostRoot)'; Terms = 'CR2006', 'applicationHost.config', 'sslcert' }
        @{ Concept = 'dry runs and all or nothing'; Heading = 'DRY RUN, CONFIRMATION, ALL OR NOTHING'; Terms = '-WhatIf', 'nothing is changed' }
        @{ Concept = 'rollback and the audit'; Heading = 'APPLY, ROLLBACK AND THE AUDIT'; Terms = 'audit.jsonl', 'CR1001', 'backups' }
        @{ Concept = 'the successor scan'; Heading = 'THE SUCCESSOR SCAN (Invoke-CertRebind -Auto)'; Terms = 'CR3008', '-Days' }
        @{ Concept = 'the scheduled task'; Heading = 'THE SCHEDULED TASK (Enable-IISCertAutoRebind)'; Terms = '1001', '1006', 'SYSTEM', 'CR4010', 'IIS-AutoCertRebind' }
        @{ Concept = 'errors'; Heading = 'ERRORS'; Terms = 'FullyQualifiedErrorId', 'CRPS0001', 'CR4003' }
        @{ Concept = 'exit codes'; Heading = 'EXIT CODES'; Terms = '0 ', '1 ', '2 ', '3 ', '4 ' }
        @{ Concept = 'the executable'; Heading = 'THE CERTREBIND EXECUTABLE'; Terms = 'CERTREBIND_EXE', 'bin' }
        @{ Concept = 'what is moved'; Heading = 'LONG DESCRIPTION'; Terms = 'HTTP.sys records', 'IIS FTP sites', 'SQL Server', 'Remote Desktop (RDP)', 'RD Gateway', 'WinRM' }
        @{ Concept = 'the services'' bindings'; Heading = 'SERVICES: SQL SERVER, RDP, RD GATEWAY AND WINRM'; Terms = 'sqlserver', 'rdp', 'rdgateway', 'winrm', 'Service', 'Selection', 'self-selecting', 'RestartRequired', 'KeyAccess', 'Needs', '-RestartService', 'CR4013', 'CR3012', 'CR3017' }
        @{ Concept = 'the services'' codes'; Heading = 'ERRORS'; Terms = 'CR3012', 'CR3013-CR3016', 'CR3017', 'CR4013' }
        @{ Concept = 'the services'' snapshot files'; Heading = 'SNAPSHOT HOSTS (-HostRoot)'; Terms = 'sqlserver\instances.json', 'rdp\listeners.json', 'rdgateway\settings.json', 'winrm\listeners.json', 'services\services.json' }
    ) {
        $section = [regex]::Match($about, "(?ms)^$([regex]::Escape($Heading))\r?\n(.*?)(?=^\S|\z)").Groups[1].Value
        $section | Should -Not -BeNullOrEmpty -Because "about_CertRebind needs a section '$Heading'"
        foreach ($term in $Terms) {
            $section | Should -BeLike "*$term*"
        }
    }

    It 'Should list every exported cmdlet' {
        foreach ($name in (Get-Module -Name 'CertRebind').ExportedCommands.Keys) {
            $about | Should -BeLike "*$name*"
        }
    }

    It 'Should list every error code of the module''s messages' {
        $codes = [regex]::Matches((Get-Content -LiteralPath ([System.IO.Path]::Combine($repositoryRoot, 'module', 'en-US', 'CertRebind.strings.psd1')) -Raw), 'CRPS\d{4}') |
            ForEach-Object { $_.Value } | Sort-Object -Unique
        $codes | Should -Not -BeNullOrEmpty
        $missing = $codes | Where-Object { $about -notlike "*$_*" }
        # CRPS0004 (no error reported) and CRPS0006 (a DSC Set) are not met at the prompt.
        @($missing | Where-Object { $_ -notin 'CRPS0004', 'CRPS0006' }) | Should -BeNullOrEmpty
    }

    It 'Should keep its lines within 80 characters, as help topics are shown in a console (a URL cannot be wrapped)' {
        $long = ($about -split '\r?\n') | Where-Object { $_.Length -gt 80 -and $_.Trim() -notmatch '^https://\S+$' }
        $long | Should -BeNullOrEmpty
    }
}
