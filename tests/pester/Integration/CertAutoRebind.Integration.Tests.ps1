using module ../../../CertRebind.psd1

<#
    Integration tests of the class-based DSC resource CertAutoRebind: its Get, Test and Set, called
    directly after 'using module', run the real certrebind exe ('certrebind dsc') on fresh copies of
    the demo snapshot host in TestDrive, whose tasks/ folder stands for Task Scheduler and
    programfiles/ for Program Files (docs/snapshot-host.md). Skipped, with a warning, until the exe has
    been built.
#>

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $exeMissing = -not (Test-CertRebindTestExe -Suite 'CertAutoRebind')
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    # The classes came with 'using module' when this file was parsed; the cmdlets the tests compare with
    # are imported again here, as other test files remove the module when they end.
    Import-CertRebindModule
    $savedEnvironment = Set-DemoHostEnvironment
    # The status warns about a missing or disabled task; the methods of a class take no -WarningAction.
    $savedWarningPreference = $global:WarningPreference
    $global:WarningPreference = 'SilentlyContinue'
    $exePath = Get-CertRebindTestExe

    function New-Resource {
        param (
            [System.String] $HostRoot,
            [System.String] $Ensure = 'Present',
            [System.String] $DailyAt,
            [System.Boolean] $ReplaceBuiltIn = $false
        )

        $resource = [CertAutoRebind]::new()
        $resource.IsSingleInstance = 'Yes'
        $resource.Ensure = $Ensure
        if ($DailyAt) {
            $resource.DailyAt = $DailyAt
        }
        $resource.ReplaceBuiltIn = $ReplaceBuiltIn
        $resource.HostRoot = $HostRoot
        $resource
    }

    function Get-TaskFile {
        param ([System.String] $HostRoot, [System.String] $Path = 'CertRebind/AutoRebind.xml')

        [System.IO.Path]::Combine($HostRoot, 'tasks', $Path)
    }

    # Task Scheduler's Settings/Enabled of a registered task (UTF-16 with a BOM, as the exe writes it).
    function Set-TaskEnabled {
        param ([System.String] $HostRoot, [System.Boolean] $Enabled)

        $taskFile = Get-TaskFile -HostRoot $HostRoot
        $text = [System.IO.File]::ReadAllText($taskFile)
        $value = $Enabled.ToString().ToLowerInvariant()
        $changed = [System.Text.RegularExpressions.Regex]::Replace($text, '(<Settings>[\s\S]*?<Enabled>)(true|false)(</Enabled>)', ('${1}' + $value + '${3}'))
        [System.IO.File]::WriteAllText($taskFile, $changed, [System.Text.Encoding]::Unicode)
    }

    function Get-ReasonCode {
        param ([System.Object] $State)

        @($State.Reasons | ForEach-Object -Process { $_.Code.Split(':')[-1] })
    }
}

AfterAll {
    Restore-TestEnvironment -Saved $savedEnvironment
    $global:WarningPreference = $savedWarningPreference
    Remove-CertRebindModule
}

Describe 'The DSC resource CertAutoRebind' -Tag 'Integration' -Skip:$exeMissing {
    Context 'When automatic rebinding is not enabled and should be' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'not-enabled'
            $resource = New-Resource -HostRoot $hostRoot
            $testBefore = $resource.Test()
            $getBefore = $resource.Get()
            $resource.Set()
            $testAfter = $resource.Test()
            $getAfter = $resource.Get()
            $status = Get-IISCertAutoRebind -HostRoot $hostRoot

            $filesBeforeAgain = Get-HostFileHash -HostRoot $hostRoot
            $resource.Set()
            $filesAfterAgain = Get-HostFileHash -HostRoot $hostRoot
        }

        It 'Should answer Test with false and Get Ensure Absent, because the task is missing' {
            $testBefore | Should -BeFalse
            $getBefore | Should -BeOfType ([CertAutoRebind])
            $getBefore.Ensure | Should -Be 'Absent'
            $getBefore.Enabled | Should -BeFalse
            Get-ReasonCode -State $getBefore | Should -Be @('TaskMissing')
            $getBefore.Reasons[0].Phrase | Should -Be 'The task \CertRebind\AutoRebind is not registered: renewed certificates are not re-bound automatically.'
        }

        It 'Should register the task and install the module''s exe with Set' {
            Test-Path -LiteralPath (Get-TaskFile -HostRoot $hostRoot) | Should -BeTrue
            $installed = [System.IO.Path]::Combine($hostRoot, 'programfiles', 'CertRebind', 'certrebind.exe')
            (Get-FileHash -LiteralPath $installed).Hash | Should -Be (Get-FileHash -LiteralPath $exePath).Hash
        }

        It 'Should answer Test with true after Set, and Get the task as Get-IISCertAutoRebind reads it' {
            $testAfter | Should -BeTrue
            $getAfter.Ensure | Should -Be 'Present'
            $getAfter.Enabled | Should -BeTrue
            $getAfter.Current | Should -BeTrue
            $getAfter.ExeCurrent | Should -BeTrue
            $getAfter.DailyAt | Should -Be '03:30'
            $getAfter.TaskPath | Should -Be '\CertRebind\AutoRebind'
            $getAfter.ExePath | Should -Be 'C:\Program Files\CertRebind\certrebind.exe'
            $getAfter.Reasons | Should -HaveCount 0
            $status.Exists | Should -BeTrue
            $status.Enabled | Should -BeTrue
            $status.DailyAt | Should -Be $getAfter.DailyAt
        }

        It 'Should change nothing when Set runs again' {
            @($filesAfterAgain.Keys | Sort-Object) | Should -Be @($filesBeforeAgain.Keys | Sort-Object)
            foreach ($path in $filesBeforeAgain.Keys) {
                $filesAfterAgain[$path] | Should -Be $filesBeforeAgain[$path] -Because "$path must not change"
            }
        }
    }

    Context 'When it is enabled at another time, and IIS''s own task is enabled beside it' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'other-time' -WithIisTask
            (New-Resource -HostRoot $hostRoot).Set()
            $resource = New-Resource -HostRoot $hostRoot -DailyAt '4:15' -ReplaceBuiltIn $true
            $testBefore = $resource.Test()
            $getBefore = $resource.Get()
            $resource.Set()
            $testAfter = $resource.Test()
            $getAfter = $resource.Get()
            $builtInText = [System.IO.File]::ReadAllText((Get-TaskFile -HostRoot $hostRoot -Path 'Microsoft/Windows/CertificateServicesClient/IIS-AutoCertRebind.xml'))
        }

        It 'Should answer Test with false, for the daily time and for IIS''s task' {
            $testBefore | Should -BeFalse
            Get-ReasonCode -State $getBefore | Should -Be @('DailyAt', 'BuiltInTaskEnabled')
            $getBefore.DailyAt | Should -Be '03:30'
            $getBefore.ReplaceBuiltIn | Should -BeFalse
            $getBefore.BuiltInTaskEnabled | Should -BeTrue
        }

        It 'Should move the daily scan and disable IIS''s task with Set, and then answer Test with true' {
            $testAfter | Should -BeTrue
            $getAfter.DailyAt | Should -Be '04:15'
            $getAfter.ReplaceBuiltIn | Should -BeTrue
            $getAfter.BuiltInTaskEnabled | Should -BeFalse
            $builtInText | Should -BeLike '*<Enabled>false</Enabled>*'
        }

        It 'Should accept any daily time when DailyAt is left out' {
            (New-Resource -HostRoot $hostRoot).Test() | Should -BeTrue
        }
    }

    Context 'When the task is disabled' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'disabled'
            $resource = New-Resource -HostRoot $hostRoot
            $resource.Set()
            Set-TaskEnabled -HostRoot $hostRoot -Enabled $false
            $getBefore = $resource.Get()
            $testBefore = $resource.Test()
            $resource.Set()
            $getAfter = $resource.Get()
        }

        It 'Should answer Test with false: a disabled task rebinds nothing' {
            $testBefore | Should -BeFalse
            $getBefore.Ensure | Should -Be 'Present'
            $getBefore.Enabled | Should -BeFalse
            Get-ReasonCode -State $getBefore | Should -Be @('TaskDisabled')
        }

        It 'Should enable it with Set' {
            $getAfter.Enabled | Should -BeTrue
            $getAfter.Reasons | Should -HaveCount 0
        }
    }

    Context 'When automatic rebinding is enabled and Ensure is Absent' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'absent'
            (New-Resource -HostRoot $hostRoot).Set()
            $resource = New-Resource -HostRoot $hostRoot -Ensure 'Absent'
            $testBefore = $resource.Test()
            $getBefore = $resource.Get()
            $resource.Set()
            $testAfter = $resource.Test()
            $getAfter = $resource.Get()
        }

        It 'Should answer Test with false, because the task is registered' {
            $testBefore | Should -BeFalse
            Get-ReasonCode -State $getBefore | Should -Be @('TaskPresent')
        }

        It 'Should delete the task with Set, keep the exe, and then answer Test with true' {
            Test-Path -LiteralPath (Get-TaskFile -HostRoot $hostRoot) | Should -BeFalse
            Test-Path -LiteralPath ([System.IO.Path]::Combine($hostRoot, 'programfiles', 'CertRebind', 'certrebind.exe')) | Should -BeTrue
            $testAfter | Should -BeTrue
            $getAfter.Ensure | Should -Be 'Absent'
        }

        It 'Should have audited the enabling and the disabling' {
            $records = @(Get-Content -LiteralPath ([System.IO.Path]::Combine($hostRoot, 'state', 'audit.jsonl')) | ConvertFrom-Json)
            @($records.command) | Should -Be @('task enable', 'task disable')
        }
    }

    Context 'When Set cannot finish' {
        BeforeAll {
            $hostRoot = New-DemoHost -Folder $TestDrive -Name 'writable'
            $folder = [System.IO.Path]::Combine($hostRoot, 'programfiles', 'CertRebind')
            $null = New-Item -ItemType Directory -Path $folder -Force
            $skipModes = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
            if (-not $skipModes) {
                & chmod 0755 (Join-Path -Path $hostRoot -ChildPath 'programfiles')
                & chmod 0777 $folder
            }
            $filesBefore = Get-HostFileHash -HostRoot $hostRoot
            $thrown = $null
            try {
                (New-Resource -HostRoot $hostRoot).Set()
            }
            catch {
                $thrown = $_
            }
            $filesAfter = Get-HostFileHash -HostRoot $hostRoot
        }

        It 'Should throw the exe''s refusal (CR4010) and change nothing' -Skip:($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) {
            $thrown | Should -Not -BeNullOrEmpty
            ([System.String] $thrown.FullyQualifiedErrorId) | Should -BeLike 'CR4010*'
            $thrown.Exception.Message | Should -BeLike '*can be changed by users other than its owner*'
            @($filesAfter.Keys | Sort-Object) | Should -Be @($filesBefore.Keys | Sort-Object)
        }
    }

    Context 'When its properties are set' {
        It 'Should be a single instance: IsSingleInstance is the key, and only Yes' {
            ([CertAutoRebind]::new()).IsSingleInstance | Should -Be 'Yes'
            { ([CertAutoRebind]::new()).IsSingleInstance = 'No' } | Should -Throw
        }

        It 'Should accept Ensure <_>' -ForEach 'Present', 'Absent' {
            { ([CertAutoRebind]::new()).Ensure = $_ } | Should -Not -Throw
        }

        It 'Should refuse Ensure Enabled' {
            { ([CertAutoRebind]::new()).Ensure = 'Enabled' } | Should -Throw
        }

        It 'Should refuse DailyAt <_>' -ForEach '24:00', '3:30:00', 'noon' {
            $value = $_
            { ([CertAutoRebind]::new()).DailyAt = $value } | Should -Throw
        }

        It 'Should default to Ensure Present, without replacing IIS''s task' {
            $resource = [CertAutoRebind]::new()
            $resource.Ensure | Should -Be 'Present'
            $resource.ReplaceBuiltIn | Should -BeFalse
        }
    }
}
