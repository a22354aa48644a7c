<#
    What a release needs before './build.sh Package' can make it: one version everywhere (manifest, package.json,
    the DSC v3 resource manifests), a changelog entry for it (the package's release notes), the licence the
    manifest and package.json name, and the manifest fields the Gallery shows.
#>

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    $repositoryRoot = Get-CertRebindRepositoryRoot
    Import-Module (Join-Path -Path $repositoryRoot -ChildPath 'scripts/package/CertRebindPackage.psm1') -Force
    $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path -Path $repositoryRoot -ChildPath 'CertRebind.psd1')
    $version = "$($manifest.ModuleVersion)"
    $packageJson = Get-Content -LiteralPath (Join-Path -Path $repositoryRoot -ChildPath 'package.json') -Raw | ConvertFrom-Json
}

Describe 'The release metadata' -Tag 'Unit' {
    It 'Should give the same version in the manifest, package.json and every DSC v3 resource manifest' {
        $packageJson.version | Should -Be $version
        foreach ($file in Get-ChildItem -Path (Join-Path -Path $repositoryRoot -ChildPath 'dsc/*.dsc.resource.json')) {
            (Get-Content -LiteralPath $file.FullName -Raw | ConvertFrom-Json).version | Should -Be $version -Because $file.Name
        }
    }

    It 'Should have a changelog entry for the version, which becomes the release notes' {
        Get-CertRebindReleaseNotes -ChangelogPath (Join-Path -Path $repositoryRoot -ChildPath 'CHANGELOG.md') -Version $version |
            Should -BeLike '*Install-PSResource CertRebind*'
    }

    It 'Should refuse to package a version the changelog does not mention' {
        { Get-CertRebindReleaseNotes -ChangelogPath (Join-Path -Path $repositoryRoot -ChildPath 'CHANGELOG.md') -Version '99.0.0' } |
            Should -Throw -ExpectedMessage "*no entry for version 99.0.0*'## 99.0.0'*"
    }

    It 'Should ship the MIT licence that package.json and the manifest name' {
        $packageJson.license | Should -Be 'MIT'
        $manifest.Copyright | Should -BeLike '*MIT*'
        Get-Content -LiteralPath (Join-Path -Path $repositoryRoot -ChildPath 'LICENSE') -TotalCount 1 | Should -Be 'MIT License'
    }

    It 'Should give the Gallery a project and a licence address' {
        $manifest.PrivateData.PSData.ProjectUri | Should -Match '^https://\S+$'
        $manifest.PrivateData.PSData.LicenseUri | Should -Be ($manifest.PrivateData.PSData.ProjectUri + '/blob/main/LICENSE')
    }

    It 'Should keep every script file ASCII or UTF-8 with a BOM, as Windows PowerShell 5.1 and Authenticode read them alike' {
        # Without a BOM, Windows PowerShell 5.1 reads a script in the ANSI code page, so non-ASCII text would
        # differ from what osslsigncode signed (it reads UTF-8) and the signature would not verify.
        $files = @(Get-ChildItem -LiteralPath (Join-Path -Path $repositoryRoot -ChildPath 'module') -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1', '*.ps1xml') +
            (Get-Item -LiteralPath (Join-Path -Path $repositoryRoot -ChildPath 'CertRebind.psd1'))
        $unreadable = foreach ($file in $files) {
            $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
            $hasBom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
            if (-not $hasBom -and [System.Text.Encoding]::Latin1.GetString($bytes) -match '[^\x00-\x7F]') { $file.FullName }
        }
        $unreadable | Should -BeNullOrEmpty
    }
}
