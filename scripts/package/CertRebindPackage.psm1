<#
    Assembles the installable CertRebind module the way the PowerShell Gallery expects it, and its .nupkg.

    <OutputPath>/CertRebind/<version>/ holds the manifest (RootModule and FormatsToProcess rewritten for the
    flat layout, a FileList of every file, ReleaseNotes from CHANGELOG.md), everything under module/ (psm1,
    Public/, Private/, Classes/ when there is one, en-US/ with the strings and about_CertRebind, the format
    file), bin/<runtime>/ with the exe and the DSC v3 resource manifests beside it (DSC finds them on PATH),
    bin/lib/<framework>/ with the module's compiled data types (CertRebind.Types.dll),
    LICENSE and CHANGELOG.md. Nothing is listed by hand: whatever module/ holds is packaged.
    <OutputPath>/CertRebind.<version>.nupkg is made from that folder by PSResourceGet's Compress-PSResource.
#>
Set-StrictMode -Version Latest

$script:ModuleName = 'CertRebind'
$script:ExeNames = [ordered] @{ 'linux-x64' = 'certrebind'; 'win-x64' = 'certrebind.exe' }

# Package size limits, in bytes of the .nupkg. The PowerShell Gallery (like nuget.org) refuses packages over
# 250 MB (https://github.com/NuGet/NuGetGallery/issues/6143); Azure Automation refuses modules over 100 MB
# (https://github.com/microsoftgraph/msgraph-sdk-powershell/issues/2475), which matters for the Windows exe only.
$script:GalleryLimitBytes = 250MB
$script:AutomationLimitBytes = 100MB

Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'CertRebindSigning.psm1') -Force

function Get-CertRebindReleaseNotes {
    <# The section of the changelog for one version: the lines after '## <version>' up to the next '## '. #>
    param ([Parameter(Mandatory)] [string] $ChangelogPath, [Parameter(Mandatory)] [string] $Version)

    $lines = Get-Content -LiteralPath $ChangelogPath
    $start = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($line) $line -match "^## \[?$([regex]::Escape($Version))\]?(\s|$)" })
    if ($start -lt 0) {
        throw "$ChangelogPath has no entry for version $Version. Add a '## $Version' section that says what changed."
    }
    $section = for ($index = $start + 1; $index -lt $lines.Count -and $lines[$index] -notmatch '^## '; $index++) { $lines[$index] }
    $notes = ($section -join "`n").Trim()
    if (-not $notes) { throw "The '## $Version' section of $ChangelogPath is empty: say what changed." }
    $notes
}

function ConvertTo-PowerShellStringLiteral {
    param ([Parameter(Mandatory)] [AllowEmptyString()] [string] $Text)
    "'" + $Text.Replace("'", "''") + "'"
}

function Write-CertRebindPackageManifest {
    <#
        Writes the package's manifest from the repository's: paths under module/ become paths in the module
        folder, ModuleVersion is the package's, and PrivateData.PSData gets ReleaseNotes; FileList lists every
        file of the folder. The result is checked with Test-ModuleManifest.
    #>
    param (
        [Parameter(Mandatory)] [string] $SourceManifestPath,
        [Parameter(Mandatory)] [string] $ModuleFolder,
        [Parameter(Mandatory)] [string] $Version,
        [Parameter(Mandatory)] [string] $ReleaseNotes
    )

    $manifestPath = Join-Path -Path $ModuleFolder -ChildPath "$script:ModuleName.psd1"
    $text = (Get-Content -LiteralPath $SourceManifestPath -Raw) -replace "'module/", "'"
    $versionPattern = "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'"
    if ($text -notmatch $versionPattern) { throw "$SourceManifestPath has no ModuleVersion." }
    $text = $text -replace $versionPattern, "`${1}'$Version'"
    $psDataPattern = '(?m)^(\s*)PSData\s*=\s*@\{\s*$'
    if ($text -notmatch $psDataPattern) { throw "$SourceManifestPath has no 'PSData = @{' line in PrivateData." }
    $indent = $Matches[1] + '    '
    $notesLine = "`n${indent}ReleaseNotes = $(ConvertTo-PowerShellStringLiteral -Text $ReleaseNotes)"
    $text = ([regex] $psDataPattern).Replace($text, { param($match) $match.Value + $notesLine }, 1)

    # FileList: every file of the folder, the manifest included, relative, with '/' (valid on Windows too).
    $files = @(Get-ChildItem -LiteralPath $ModuleFolder -Recurse -File | ForEach-Object {
            [System.IO.Path]::GetRelativePath($ModuleFolder, $_.FullName).Replace('\', '/')
        }) + "$script:ModuleName.psd1" | Sort-Object -Unique
    $fileList = ($files | ForEach-Object { "        '$_'" }) -join "`n"
    $text = $text -replace '(?m)^(\s*)PrivateData(\s*)=', "    FileList             = @(`n$fileList`n    )`n`$1PrivateData`$2="
    Set-Content -LiteralPath $manifestPath -Value $text -NoNewline -Encoding utf8NoBOM

    $manifest = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
    if ("$($manifest.Version)" -ne $Version) { throw "The package manifest says version $($manifest.Version), not $Version." }
    $manifestPath
}

function New-CertRebindPackage {
    <#
        Assembles <OutputPath>/CertRebind/<version>/ and <OutputPath>/CertRebind.<version>.nupkg. Returns the
        folder, the nupkg, their sizes and whether the files are signed. -Runtime chooses the exes to ship.
        With -SigningPfxPath the exe and every script and data file are signed before the FileList-bearing
        manifest is packed; without it the release notes say that the package is not signed.
    #>
    param (
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [Parameter(Mandatory)] [string] $OutputPath,
        [string] $Version,
        [ValidateSet('linux-x64', 'win-x64')] [string[]] $Runtime = @('linux-x64', 'win-x64'),
        [string] $ChangelogPath,
        [string] $SigningPfxPath,
        [string] $SigningPassword,
        [string] $TimestampUrl
    )

    $sourceManifestPath = Join-Path -Path $RepositoryRoot -ChildPath "$script:ModuleName.psd1"
    if (-not $Version) { $Version = "$((Import-PowerShellDataFile -LiteralPath $sourceManifestPath).ModuleVersion)" }
    if (-not $ChangelogPath) { $ChangelogPath = Join-Path -Path $RepositoryRoot -ChildPath 'CHANGELOG.md' }
    $releaseNotes = Get-CertRebindReleaseNotes -ChangelogPath $ChangelogPath -Version $Version

    $exes = foreach ($runtimeId in $Runtime) {
        $exe = [System.IO.Path]::Combine($RepositoryRoot, 'dist', $runtimeId, $script:ExeNames[$runtimeId])
        if (-not (Test-Path -LiteralPath $exe -PathType Leaf)) { throw "$exe does not exist: build it first with './build.sh Build'." }
        [pscustomobject] @{ Runtime = $runtimeId; Path = $exe }
    }

    $null = New-Item -ItemType Directory -Path $OutputPath -Force
    $moduleFolder = [System.IO.Path]::Combine((Resolve-Path -LiteralPath $OutputPath).ProviderPath, $script:ModuleName, $Version)
    Remove-Item -LiteralPath $moduleFolder -Recurse -Force -ErrorAction SilentlyContinue
    $null = New-Item -ItemType Directory -Path $moduleFolder -Force

    Copy-Item -Path (Join-Path -Path $RepositoryRoot -ChildPath 'module/*') -Destination $moduleFolder -Recurse
    foreach ($exe in $exes) {
        $binFolder = [System.IO.Path]::Combine($moduleFolder, 'bin', $exe.Runtime)
        $null = New-Item -ItemType Directory -Path $binFolder -Force
        Copy-Item -LiteralPath $exe.Path -Destination $binFolder
        Copy-Item -Path ([System.IO.Path]::Combine($RepositoryRoot, 'dsc', '*.dsc.resource.json')) -Destination $binFolder
    }
    # The assembly of each framework and nothing else that a build left beside it.
    foreach ($framework in 'net462', 'netstandard2.0') {
        $types = [System.IO.Path]::Combine($RepositoryRoot, 'dist', 'lib', $framework, 'CertRebind.Types.dll')
        if (-not (Test-Path -LiteralPath $types -PathType Leaf)) { throw "$types does not exist: build it first with './build.sh Build'." }
        $typesFolder = [System.IO.Path]::Combine($moduleFolder, 'bin', 'lib', $framework)
        $null = New-Item -ItemType Directory -Path $typesFolder -Force
        Copy-Item -LiteralPath $types -Destination $typesFolder
    }
    Copy-Item -LiteralPath (Join-Path -Path $RepositoryRoot -ChildPath 'LICENSE'), $ChangelogPath -Destination $moduleFolder
    if ((Split-Path -Leaf $ChangelogPath) -ne 'CHANGELOG.md') {
        Rename-Item -LiteralPath (Join-Path -Path $moduleFolder -ChildPath (Split-Path -Leaf $ChangelogPath)) -NewName 'CHANGELOG.md'
    }

    $signer = $null
    if ($SigningPfxPath) {
        $signer = Get-CertRebindSigningCertificate -PfxPath $SigningPfxPath -Password $SigningPassword
        $releaseNotes += "`n`n" + (Get-CertRebindSignatureStatement -Signer $signer)
    }
    else {
        $releaseNotes += "`n`n" + (Get-CertRebindSignatureStatement)
    }
    $manifestPath = Write-CertRebindPackageManifest -SourceManifestPath $sourceManifestPath -ModuleFolder $moduleFolder -Version $Version -ReleaseNotes $releaseNotes

    $signedFiles = @()
    if ($signer) {
        $signedFiles = @(Invoke-CertRebindPackageSigning -ModuleFolder $moduleFolder -PfxPath $SigningPfxPath -Password $SigningPassword -TimestampUrl $TimestampUrl)
    }

    $nupkgPath = Join-Path -Path (Split-Path -Parent (Split-Path -Parent $moduleFolder)) -ChildPath "$script:ModuleName.$Version.nupkg"
    Remove-Item -LiteralPath $nupkgPath -Force -ErrorAction SilentlyContinue
    Compress-PSResource -Path $moduleFolder -DestinationPath (Split-Path -Parent $nupkgPath)
    if (-not (Test-Path -LiteralPath $nupkgPath -PathType Leaf)) { throw "Compress-PSResource did not write $nupkgPath." }

    [pscustomobject] @{
        Version       = $Version
        Runtime       = $Runtime
        ModuleFolder  = $moduleFolder
        ManifestPath  = $manifestPath
        NupkgPath     = $nupkgPath
        UnpackedBytes = (Get-ChildItem -LiteralPath $moduleFolder -Recurse -File | Measure-Object -Property Length -Sum).Sum
        NupkgBytes    = (Get-Item -LiteralPath $nupkgPath).Length
        Signer        = $(if ($signer) { $signer.Subject } else { $null })
        SignedFiles   = $signedFiles
    }
}

function Measure-CertRebindPackage {
    <#
        One row per package: its size packed and unpacked and the limit it must stay under: the Gallery's
        250 MB for every package, and Azure Automation's 100 MB for a package without the Linux exe (the one
        to import into Automation).
    #>
    param ([Parameter(Mandatory)] [object[]] $Package)

    foreach ($item in $Package) {
        $windowsOnly = -not ($item.Runtime -contains 'linux-x64')
        $limit = if ($windowsOnly) { $script:AutomationLimitBytes } else { $script:GalleryLimitBytes }
        [pscustomobject] @{
            Variant    = ($item.Runtime -join ' + ')
            NupkgMB    = [math]::Round($item.NupkgBytes / 1MB, 1)
            UnpackedMB = [math]::Round($item.UnpackedBytes / 1MB, 1)
            LimitMB    = $limit / 1MB
            LimitName  = $(if ($windowsOnly) { 'Azure Automation' } else { 'PowerShell Gallery' })
            WithinLimit = $item.NupkgBytes -lt $limit
            NupkgPath  = $item.NupkgPath
        }
    }
}

Export-ModuleMember -Function New-CertRebindPackage, Measure-CertRebindPackage, Get-CertRebindReleaseNotes
