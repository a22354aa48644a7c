<#
    Tests of the release package (scripts/package/), as a user gets it: assembled from the built exes and
    whatever module/ holds, signed with a throwaway code-signing certificate (openssl) and checked with
    osslsigncode, measured against the Gallery's and Azure Automation's size limits, then published to a
    local file repository, installed with Install-PSResource into an empty module path, imported by name in a
    fresh 'pwsh -NoProfile' that runs every exported cmdlet on a copy of the demo host, and updated with
    Update-PSResource to a second version. HOME points at TestDrive for every PowerShell started here, so
    the repository registration never reaches the real user's profile.

    Skipped, with a warning, until both exes are built (./build.sh Build); the signing tests also need
    osslsigncode 2.8 or later and openssl (scripts/bootstrap.sh --with-signing installs osslsigncode).
#>

BeforeDiscovery {
    $repositoryRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../../..')).ProviderPath
    $exesBuilt = (Test-Path -LiteralPath (Join-Path $repositoryRoot 'dist/linux-x64/certrebind')) -and (Test-Path -LiteralPath (Join-Path $repositoryRoot 'dist/win-x64/certrebind.exe'))
    if (-not $exesBuilt) { Write-Warning -Message "Skipping the package tests: build both exes first with './build.sh Build'." }
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
    $canSign = $exesBuilt -and [bool] (Get-Command -Name 'osslsigncode' -CommandType Application -ErrorAction SilentlyContinue) -and [bool] (Get-Command -Name 'openssl' -CommandType Application -ErrorAction SilentlyContinue)
    if ($exesBuilt -and -not $canSign) { Write-Warning -Message 'Skipping the signing tests: osslsigncode or openssl is missing (scripts/bootstrap.sh --with-signing).' }
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $repositoryRoot = Get-CertRebindRepositoryRoot
    Import-Module (Join-Path -Path $repositoryRoot -ChildPath 'scripts/package/CertRebindPackage.psm1') -Force
    $pwsh = Join-Path -Path $PSHOME -ChildPath 'pwsh'
    $canSign = [bool] (Get-Command -Name 'osslsigncode' -CommandType Application -ErrorAction SilentlyContinue) -and [bool] (Get-Command -Name 'openssl' -CommandType Application -ErrorAction SilentlyContinue)
    $timer = [System.Diagnostics.Stopwatch]::StartNew()

    # A throwaway code-signing certificate, and one that may not sign code.
    function New-TestCertificate {
        param ([string] $Name, [string] $Usage, [string] $Password)
        $key = Join-Path -Path $TestDrive -ChildPath "$Name.key"
        $pem = Join-Path -Path $TestDrive -ChildPath "$Name.pem"
        $pfx = Join-Path -Path $TestDrive -ChildPath "$Name.pfx"
        $null = & openssl req -x509 -newkey rsa:2048 -nodes -keyout $key -out $pem -days 2 -subj "/CN=CertRebind $Name" -addext "extendedKeyUsage=$Usage" -addext 'keyUsage=digitalSignature' 2>&1
        if ($LASTEXITCODE -ne 0) { throw "openssl req failed for $Name" }
        $null = & openssl pkcs12 -export -inkey $key -in $pem -out $pfx -passout "pass:$Password" 2>&1
        if ($LASTEXITCODE -ne 0) { throw "openssl pkcs12 failed for $Name" }
        [pscustomobject] @{ Pem = $pem; Pfx = $pfx; Password = $Password }
    }

    function Invoke-Osslsigncode {
        param ([string[]] $Arguments)
        $output = & osslsigncode @Arguments 2>&1
        [pscustomobject] @{ ExitCode = $LASTEXITCODE; Output = ($output -join "`n") }
    }

    # Runs a script in a fresh 'pwsh -NoProfile' whose HOME (so its CurrentUser module path and
    # PSResourceGet's repository list) is -TestHome; returns what the script wrote to the file -ResultPath.
    function Invoke-FreshPwsh {
        param ([string] $TestHome, [string] $Script, [string[]] $Arguments = @())
        $resultPath = Join-Path -Path $TestDrive -ChildPath ('result-{0}.txt' -f [System.Guid]::NewGuid())
        $saved = @{}
        foreach ($name in 'HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'PSModulePath', 'CERTREBIND_EXE', 'CERTREBIND_HOST_ROOT', 'CERTREBIND_NOW') {
            $saved[$name] = [System.Environment]::GetEnvironmentVariable($name)
        }
        try {
            $env:HOME = $TestHome
            $env:XDG_DATA_HOME = $null; $env:XDG_CONFIG_HOME = $null; $env:XDG_CACHE_HOME = $null
            $env:PSModulePath = $null; $env:CERTREBIND_EXE = $null; $env:CERTREBIND_HOST_ROOT = $null
            $env:CERTREBIND_NOW = '2026-11-27T00:00:00Z'
            $output = & $pwsh -NoLogo -NoProfile -NonInteractive -File $Script -ResultPath $resultPath @Arguments 2>&1
            if ($LASTEXITCODE -ne 0) { throw "pwsh $Script failed (exit code $LASTEXITCODE): $($output -join "`n")" }
            Get-Content -LiteralPath $resultPath -Raw
        }
        finally { Restore-TestEnvironment -Saved $saved }
    }

    $sourceManifest = Import-PowerShellDataFile -LiteralPath (Join-Path -Path $repositoryRoot -ChildPath 'CertRebind.psd1')
    $version = "$($sourceManifest.ModuleVersion)"
    $nextVersion = '{0}.{1}.{2}' -f ([version] $version).Major, ([version] $version).Minor, (([version] $version).Build + 1)
    $thisRuntime = if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) { 'win-x64' } else { 'linux-x64' }

    $signing = @{}
    if ($canSign) {
        $signer = New-TestCertificate -Name 'Code Signing' -Usage 'codeSigning' -Password 'throwaway-password'
        $signing = @{ SigningPfxPath = $signer.Pfx; SigningPassword = $signer.Password }
    }
    $full = New-CertRebindPackage -RepositoryRoot $repositoryRoot -OutputPath (Join-Path $TestDrive 'full') @signing
    $windowsOnly = New-CertRebindPackage -RepositoryRoot $repositoryRoot -OutputPath (Join-Path $TestDrive 'windows') -Runtime 'win-x64'
    $nextChangelog = Join-Path -Path $TestDrive -ChildPath 'CHANGELOG.md'
    "# Changelog`n`n## $nextVersion`n`n- The next release, made by the package tests.`n`n" + ((Get-Content -LiteralPath (Join-Path $repositoryRoot 'CHANGELOG.md') -Raw) -replace '^# Changelog\s*', '') |
        Set-Content -LiteralPath $nextChangelog
    $next = New-CertRebindPackage -RepositoryRoot $repositoryRoot -OutputPath (Join-Path $TestDrive 'next') -Version $nextVersion -ChangelogPath $nextChangelog -Runtime $thisRuntime
    Write-Host ('package tests: three packages made in {0:N1} s' -f $timer.Elapsed.TotalSeconds)
}

Describe 'The package folder' -Tag 'Integration', 'Package' -Skip:(-not $exesBuilt) {
    It 'Should hold every file of module/ at the same place, the manifest at the top' {
        $moduleFiles = @(Get-ChildItem -LiteralPath (Join-Path $repositoryRoot 'module') -Recurse -File | ForEach-Object {
                [System.IO.Path]::GetRelativePath((Join-Path $repositoryRoot 'module'), $_.FullName).Replace('\', '/')
            })
        $moduleFiles | Should -Contain 'CertRebind.psm1'
        $moduleFiles | Should -Contain 'en-US/about_CertRebind.help.txt'
        foreach ($file in $moduleFiles) {
            Join-Path -Path $windowsOnly.ModuleFolder -ChildPath $file | Should -Exist -Because "$file is part of the module"
        }
        Join-Path -Path $full.ModuleFolder -ChildPath 'CertRebind.psd1' | Should -Exist
    }

    It 'Should ship the exes under bin/<runtime>/, byte for byte as built, with the DSC v3 manifests beside them' {
        (Get-FileHash -LiteralPath (Join-Path $full.ModuleFolder 'bin/linux-x64/certrebind')).Hash |
            Should -Be (Get-FileHash -LiteralPath (Join-Path $repositoryRoot 'dist/linux-x64/certrebind')).Hash
        (Get-FileHash -LiteralPath (Join-Path $windowsOnly.ModuleFolder 'bin/win-x64/certrebind.exe')).Hash |
            Should -Be (Get-FileHash -LiteralPath (Join-Path $repositoryRoot 'dist/win-x64/certrebind.exe')).Hash
        foreach ($manifest in Get-ChildItem -Path (Join-Path $repositoryRoot 'dsc/*.dsc.resource.json')) {
            foreach ($runtime in 'linux-x64', 'win-x64') {
                Join-Path -Path $full.ModuleFolder -ChildPath "bin/$runtime/$($manifest.Name)" | Should -Exist
            }
        }
        Join-Path -Path $windowsOnly.ModuleFolder -ChildPath 'bin/linux-x64' | Should -Not -Exist
    }

    It 'Should ship the module types under bin/lib/<framework>/ in every package, byte for byte as built' {
        foreach ($framework in 'net462', 'netstandard2.0') {
            $built = (Get-FileHash -LiteralPath (Join-Path $repositoryRoot "dist/lib/$framework/CertRebind.Types.dll")).Hash
            (Get-FileHash -LiteralPath (Join-Path $windowsOnly.ModuleFolder "bin/lib/$framework/CertRebind.Types.dll")).Hash | Should -Be $built
            Join-Path -Path $full.ModuleFolder -ChildPath "bin/lib/$framework/CertRebind.Types.dll" | Should -Exist
            # PowerShell brings its own System.Management.Automation: the one compiled against is not shipped.
            @(Get-ChildItem -LiteralPath (Join-Path $windowsOnly.ModuleFolder "bin/lib/$framework") -File).Name | Should -Be @('CertRebind.Types.dll')
        }
    }

    It 'Should carry the MIT licence and the changelog' {
        Get-Content -LiteralPath (Join-Path $full.ModuleFolder 'LICENSE') -Raw | Should -BeLike 'MIT License*'
        Get-Content -LiteralPath (Join-Path $full.ModuleFolder 'CHANGELOG.md') -Raw | Should -BeLike "*## $version*"
    }

    It 'Should have a manifest that loads the flat layout and says where the project and its licence are' {
        $manifest = Test-ModuleManifest -Path $windowsOnly.ManifestPath -ErrorAction Stop
        $data = Import-PowerShellDataFile -LiteralPath $windowsOnly.ManifestPath
        $data.RootModule | Should -Be 'CertRebind.psm1'
        $data.FormatsToProcess | Should -Be @('CertRebind.Format.ps1xml')
        "$($manifest.Version)" | Should -Be $version
        $data.PrivateData.PSData.ProjectUri | Should -Match '^https://'
        $data.PrivateData.PSData.LicenseUri | Should -Match '^https://.*LICENSE'
        $changelogSection = Get-CertRebindReleaseNotes -ChangelogPath (Join-Path $repositoryRoot 'CHANGELOG.md') -Version $version
        $data.PrivateData.PSData.ReleaseNotes.Contains($changelogSection) | Should -BeTrue
    }

    It 'Should list in FileList exactly the files of the folder' {
        $data = Import-PowerShellDataFile -LiteralPath $full.ManifestPath
        $files = @(Get-ChildItem -LiteralPath $full.ModuleFolder -Recurse -File | ForEach-Object {
                [System.IO.Path]::GetRelativePath($full.ModuleFolder, $_.FullName).Replace('\', '/')
            })
        @($data.FileList | Sort-Object) | Should -Be @($files | Sort-Object)
    }

    It 'Should export one function per file of Public/, as the tree holds them' {
        $data = Import-PowerShellDataFile -LiteralPath $full.ManifestPath
        $publicFiles = Get-ChildItem -LiteralPath (Join-Path $full.ModuleFolder 'Public') -Filter '*.ps1' -File
        @($data.FunctionsToExport | Sort-Object) | Should -Be @($publicFiles.BaseName | Sort-Object)
    }

    It 'Should pack every file of FileList, and nothing else but the NuGet parts, into the .nupkg' {
        Add-Type -AssemblyName 'System.IO.Compression.FileSystem'
        $zip = [System.IO.Compression.ZipFile]::OpenRead($full.NupkgPath)
        try { $entries = @($zip.Entries | ForEach-Object { [System.Uri]::UnescapeDataString($_.FullName) }) }
        finally { $zip.Dispose() }
        $data = Import-PowerShellDataFile -LiteralPath $full.ManifestPath
        $nugetParts = @($entries | Where-Object { $_ -match '^(_rels/|package/|\[Content_Types\]\.xml$|CertRebind\.nuspec$)' })
        @($entries | Where-Object { $_ -notin $nugetParts } | Sort-Object) | Should -Be @($data.FileList | Sort-Object)
    }

    It 'Should stay under 250 MB with both exes (Gallery) and under 100 MB with the Windows exe only (Azure Automation)' {
        $sizes = @(Measure-CertRebindPackage -Package $full, $windowsOnly)
        $sizes | Format-Table -AutoSize Variant, NupkgMB, UnpackedMB, LimitMB, LimitName, WithinLimit | Out-String -Width 200 | Write-Host
        $sizes[0].LimitMB | Should -Be 250
        $sizes[1].LimitMB | Should -Be 100
        $full.NupkgBytes | Should -BeLessThan 250MB
        $windowsOnly.NupkgBytes | Should -BeLessThan 100MB
        $sizes.WithinLimit | Should -Be @($true, $true)
    }
}

Describe 'Signing the package' -Tag 'Integration', 'Package' -Skip:(-not $canSign) {
    It 'Should sign the Windows exe, the module types and every .ps1, .psm1, .psd1 and .ps1xml file, each verifying against the certificate' {
        $expected = @(Get-ChildItem -LiteralPath $full.ModuleFolder -Recurse -File | Where-Object { $_.Extension -in '.ps1', '.psm1', '.psd1', '.ps1xml', '.exe', '.dll' } | ForEach-Object {
                [System.IO.Path]::GetRelativePath($full.ModuleFolder, $_.FullName).Replace('\', '/')
            })
        $expected | Should -Contain 'bin/win-x64/certrebind.exe'
        $expected | Should -Contain 'bin/lib/net462/CertRebind.Types.dll'
        $expected | Should -Contain 'bin/lib/netstandard2.0/CertRebind.Types.dll'
        $expected | Should -Contain 'CertRebind.psd1'
        $expected | Should -Contain 'en-US/CertRebind.strings.psd1'
        @($full.SignedFiles | Sort-Object) | Should -Be @($expected | Sort-Object)
        $failures = foreach ($file in $expected) {
            $result = Invoke-Osslsigncode -Arguments @('verify', '-CAfile', $signer.Pem, '-in', (Join-Path $full.ModuleFolder $file))
            if ($result.ExitCode -ne 0 -or $result.Output -notmatch 'Signature verification: ok') { "$file`: $($result.Output)" }
        }
        $failures | Should -BeNullOrEmpty
    }

    It 'Should fail verification on a tampered copy of a signed <Kind>' -ForEach @(
        @{ Kind = 'script'; File = 'CertRebind.psm1' }
        @{ Kind = 'exe'; File = 'bin/win-x64/certrebind.exe' }
        @{ Kind = 'assembly'; File = 'bin/lib/net462/CertRebind.Types.dll' }
    ) {
        $copy = Join-Path -Path $TestDrive -ChildPath ("tampered-" + (Split-Path -Leaf $File))
        $bytes = [System.IO.File]::ReadAllBytes((Join-Path $full.ModuleFolder $File))
        $bytes[4096] = $bytes[4096] -bxor 0x01
        [System.IO.File]::WriteAllBytes($copy, $bytes)
        $result = Invoke-Osslsigncode -Arguments @('verify', '-CAfile', $signer.Pem, '-in', $copy)
        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match 'MISMATCH|failed'
    }

    It 'Should name the signer in the release notes' {
        (Import-PowerShellDataFile -LiteralPath $full.ManifestPath).PrivateData.PSData.ReleaseNotes | Should -BeLike '*Signed with Authenticode by CN=CertRebind Code Signing*no signed catalog*'
    }

    It 'Should refuse a certificate that may not sign code, before packaging anything' {
        $serverOnly = New-TestCertificate -Name 'Server Only' -Usage 'serverAuth' -Password 'other-password'
        $output = Join-Path -Path $TestDrive -ChildPath 'refused'
        { New-CertRebindPackage -RepositoryRoot $repositoryRoot -OutputPath $output -Runtime 'win-x64' -SigningPfxPath $serverOnly.Pfx -SigningPassword $serverOnly.Password } |
            Should -Throw -ExpectedMessage '*does not allow code signing*'
        Join-Path -Path $output -ChildPath "CertRebind.$version.nupkg" | Should -Not -Exist
    }

    It 'Should refuse a wrong password with a message that names the variable to check' {
        { New-CertRebindPackage -RepositoryRoot $repositoryRoot -OutputPath (Join-Path $TestDrive 'wrong') -Runtime 'win-x64' -SigningPfxPath $signer.Pfx -SigningPassword 'wrong' } |
            Should -Throw -ExpectedMessage '*could not be opened*CERTREBIND_SIGN_PASSWORD*'
    }
}

Describe 'A package made without a certificate' -Tag 'Integration', 'Package' -Skip:(-not $exesBuilt) {
    It 'Should say in its release notes that it is not signed' {
        (Import-PowerShellDataFile -LiteralPath $windowsOnly.ManifestPath).PrivateData.PSData.ReleaseNotes | Should -BeLike '*This package is NOT signed*'
    }

    It 'Should carry no signature block in any script' {
        $signed = Get-ChildItem -LiteralPath $windowsOnly.ModuleFolder -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1', '*.ps1xml' |
            Where-Object { (Get-Content -LiteralPath $_.FullName -Raw) -match '# SIG # Begin signature block' }
        $signed | Should -BeNullOrEmpty
    }
}

Describe 'Installed from a local repository like any module' -Tag 'Integration', 'Package' -Skip:(-not $exesBuilt) {
    BeforeAll {
        $installTimer = [System.Diagnostics.Stopwatch]::StartNew()
        $testHome = Join-Path -Path $TestDrive -ChildPath 'home'
        $feed = Join-Path -Path $TestDrive -ChildPath 'feed'
        $null = New-Item -ItemType Directory -Path $testHome, $feed -Force
        Copy-Item -LiteralPath $full.NupkgPath -Destination $feed
        $realRepositoryList = [System.IO.Path]::Combine([System.Environment]::GetFolderPath('LocalApplicationData'), 'PSResourceGet', 'PSResourceRepository.xml')
        $realListBefore = if (Test-Path -LiteralPath $realRepositoryList) { (Get-FileHash -LiteralPath $realRepositoryList).Hash } else { 'absent' }

        $installScript = Join-Path -Path $TestDrive -ChildPath 'install.ps1'
        @'
param ($ResultPath, $Feed)
$ErrorActionPreference = 'Stop'
if (@(Get-Module -ListAvailable -Name CertRebind).Count -ne 0) { throw 'The module path is not empty.' }
Register-PSResourceRepository -Name CertRebindLocal -Uri $Feed -Trusted
Install-PSResource -Name CertRebind -Repository CertRebindLocal -Scope CurrentUser
(Get-InstalledPSResource -Name CertRebind -Scope CurrentUser).InstalledLocation | Set-Content -LiteralPath $ResultPath
'@ | Set-Content -LiteralPath $installScript
        $installedLocation = (Invoke-FreshPwsh -TestHome $testHome -Script $installScript -Arguments $feed).Trim()

        $hostRoot = New-DemoHost -Folder $TestDrive -Name 'demo-host'
        $oldThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2025.cer'
        $newThumbprint = Get-DemoCertificateThumbprint -RelativePath 'My/www-2026.cer'
        $run = Invoke-FreshPwsh -TestHome $testHome -Script (Join-Path $PSScriptRoot 'Invoke-InstalledCmdlets.ps1') -Arguments '-HostRoot', $hostRoot, '-OldThumbprint', $oldThumbprint, '-NewThumbprint', $newThumbprint |
            ConvertFrom-Json
        $installSeconds = $installTimer.Elapsed.TotalSeconds
    }

    AfterAll {
        Write-Host ('package tests: install and cmdlet run {0:N1} s, whole file {1:N1} s' -f $installSeconds, $timer.Elapsed.TotalSeconds)
    }

    It 'Should install into the CurrentUser module path under the test home' {
        $installedLocation | Should -BeLike "$testHome*"
        $run.ModuleBase | Should -Be ([System.IO.Path]::Combine($testHome, '.local', 'share', 'powershell', 'Modules', 'CertRebind', $version))
        $run.Version | Should -Be $version
    }

    It 'Should run every exported cmdlet' {
        @($run.Ran | Sort-Object) | Should -Be @($run.Exported | Sort-Object) -Because 'every cmdlet of the package needs a scenario in Invoke-InstalledCmdlets.ps1'
    }

    It 'Should run the exe from the installed bin folder' {
        $exe = [System.IO.Path]::Combine($run.ModuleBase, 'bin', $thisRuntime, $(if ($thisRuntime -eq 'win-x64') { 'certrebind.exe' } else { 'certrebind' }))
        $run.ExeCommandLines | Where-Object { $_ -like "$exe bindings*" } | Should -Not -BeNullOrEmpty
    }

    It 'Should list the bindings and the lifecycle events of the demo host' {
        $run.BindingsBefore | Should -Contain "ipport 0.0.0.0:443 $oldThumbprint"
        $run.BindingsBefore | Should -Contain "hostnameport www.contoso.com:443 $oldThumbprint"
        @($run.EventIds | Sort-Object -Unique) | Should -Be @(1001, 1003, 1006)
    }

    It 'Should move the renewable bindings and refuse the one whose host names the renewal does not cover' {
        $run.Changes | Should -Contain 'ipport 10.0.0.10:443 applied'
        $run.Changes | Should -Contain 'hostnameport www.contoso.com:443 applied'
        $run.Changes | Should -Contain 'ftp *:21: applied'
        $run.Changes | Should -Contain 'sqlserver MSSQLSERVER applied'
        $run.Changes | Should -Contain 'rdp RDP-Tcp applied'
        $run.Changes | Should -Contain 'winrm Address=*+Transport=HTTPS applied'
        # RD Gateway would move its record 0.0.0.0:443, whose legacy.contoso.com the renewal does not cover.
        $run.Changes | Should -Contain 'rdgateway TSGateway refused'
        $run.RefusalIds | Should -Contain 'CR3005,Invoke-CertRebind'
        $run.BindingsAfter | Should -Contain 'hostnameport www.contoso.com:443'
        $run.BindingsAfter | Should -Contain 'sqlserver MSSQLSERVER'
        $run.BindingsAfter | Should -Contain 'ipport 0.0.0.0:5986'
        $run.BindingsAfter | Should -Not -Contain 'ipport 0.0.0.0:443'
        $run.BindingsAfter | Should -Not -Contain 'rdgateway TSGateway'
    }

    It 'Should enable, report and disable the scheduled task with the exe of the installed module' {
        $run.Enabled.Exists | Should -BeTrue
        $run.Enabled.DailyAt | Should -Be '04:15'
        $run.Status.Enabled | Should -BeTrue
        $run.Status.ExeIsModuleExe | Should -BeTrue
        $run.Disabled.Exists | Should -BeFalse
    }

    It 'Should capture the demo host into a snapshot host that lists the same bindings, with no private key' {
        $run.Snapshot.Parts | Should -Contain 'certs'
        $run.Snapshot.KeyFiles | Should -Be 0
        @($run.SnapshotBindings | Sort-Object) | Should -Be @($run.BindingsAfterAll | Sort-Object)
    }

    It 'Should show about_CertRebind' {
        $run.AboutTopic | Should -BeLike '*SNAPSHOT HOSTS (-HostRoot)*'
        $run.AboutTopic | Should -BeLike '*EXIT CODES*'
    }

    It 'Should leave the real user''s repository list as it was' {
        $realListAfter = if (Test-Path -LiteralPath $realRepositoryList) { (Get-FileHash -LiteralPath $realRepositoryList).Hash } else { 'absent' }
        $realListAfter | Should -Be $realListBefore
        [System.IO.Path]::Combine($testHome, '.local', 'share', 'PSResourceGet', 'PSResourceRepository.xml') | Should -FileContentMatch 'CertRebindLocal'
    }

    Context 'When a newer version is published' {
        BeforeAll {
            Copy-Item -LiteralPath $next.NupkgPath -Destination $feed
            $updateScript = Join-Path -Path $TestDrive -ChildPath 'update.ps1'
            @'
param ($ResultPath)
$ErrorActionPreference = 'Stop'
Update-PSResource -Name CertRebind -Repository CertRebindLocal -Scope CurrentUser
'updated' | Set-Content -LiteralPath $ResultPath
'@ | Set-Content -LiteralPath $updateScript
            $null = Invoke-FreshPwsh -TestHome $testHome -Script $updateScript
            $checkScript = Join-Path -Path $TestDrive -ChildPath 'check.ps1'
            @'
param ($ResultPath, $HostRoot)
$ErrorActionPreference = 'Stop'
Import-Module -Name CertRebind
$module = Get-Module -Name CertRebind
[pscustomobject] @{
    Version = "$($module.Version)"
    ModuleBase = $module.ModuleBase
    Available = @(Get-Module -ListAvailable -Name CertRebind | ForEach-Object { "$($_.Version)" })
    Endpoints = @(Get-CertBinding -HostRoot $HostRoot | ForEach-Object { $_.Endpoint })
    ReleaseNotes = $module.ReleaseNotes
} | ConvertTo-Json | Set-Content -LiteralPath $ResultPath
'@ | Set-Content -LiteralPath $checkScript
            $updated = Invoke-FreshPwsh -TestHome $testHome -Script $checkScript -Arguments (New-DemoHost -Folder $TestDrive -Name 'demo-host-2') | ConvertFrom-Json
        }

        It 'Should load the new version by name, from its own folder' {
            $updated.Version | Should -Be $nextVersion
            $updated.ModuleBase | Should -BeLike "*CertRebind*$nextVersion"
            $updated.Available | Should -Contain $version
            $updated.ReleaseNotes | Should -BeLike '*The next release, made by the package tests.*'
        }

        It 'Should work with the new version''s exe' {
            $updated.Endpoints | Should -Contain 'www.contoso.com:443'
        }
    }
}
