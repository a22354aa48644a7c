<#
    Authenticode signing of the package with osslsigncode (2.8 or later: PowerShell script signing arrived in
    2.8, https://github.com/mtrojnara/osslsigncode/blob/master/NEWS.md). It signs the Windows exe (PE) and
    every .ps1, .psm1, .psd1 and .ps1xml file in place. The PFX password reaches osslsigncode on its standard
    input (-readpass -), never on a command line.

    No catalog (.cat) is made: New-FileCatalog exists only in PowerShell on Windows, and osslsigncode can sign
    a catalog but not create one. PowerShell checks the signature of each script file; a catalog is only read
    by Install-PSResource -AuthenticodeCheck on Windows.
#>
Set-StrictMode -Version Latest

$script:CodeSigningOid = '1.3.6.1.5.5.7.3.3'
$script:ScriptExtensions = @('.ps1', '.psm1', '.psd1', '.ps1xml')
$script:MinimumOsslsigncode = [version] '2.8'

function Get-CertRebindSigningCertificate {
    <# Opens the PFX and checks that it can sign code now: a private key, valid today, code signing allowed. #>
    param ([Parameter(Mandatory)] [string] $PfxPath, [string] $Password)

    if (-not (Test-Path -LiteralPath $PfxPath -PathType Leaf)) {
        throw "The signing certificate '$PfxPath' (CERTREBIND_SIGN_PFX) does not exist. Point CERTREBIND_SIGN_PFX at a PFX file, or unset it to build an unsigned package."
    }
    try {
        $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Resolve-Path -LiteralPath $PfxPath).ProviderPath, $Password)
    }
    catch {
        throw "The signing certificate '$PfxPath' could not be opened: $($_.Exception.InnerException.Message ?? $_.Exception.Message) Check CERTREBIND_SIGN_PASSWORD."
    }
    if (-not $certificate.HasPrivateKey) { throw "'$PfxPath' holds no private key: export the certificate with its private key." }
    $now = [datetime]::Now
    if ($now -lt $certificate.NotBefore -or $now -gt $certificate.NotAfter) {
        throw "The signing certificate $($certificate.Subject) is valid from $($certificate.NotBefore) to $($certificate.NotAfter), not now."
    }
    $usages = @($certificate.Extensions | Where-Object { $_ -is [System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension] })
    if ($usages.Count -gt 0 -and -not ($usages.EnhancedKeyUsages.Value -contains $script:CodeSigningOid)) {
        throw "The certificate $($certificate.Subject) does not allow code signing (extended key usage $script:CodeSigningOid)."
    }
    $certificate
}

function Get-CertRebindSignatureStatement {
    <# The line the release notes and the Package output carry about signing. #>
    param ([System.Security.Cryptography.X509Certificates.X509Certificate2] $Signer)

    if (-not $Signer) {
        return 'This package is NOT signed: its exe and scripts carry no Authenticode signature. Under the AllSigned execution policy, or where application control requires signed code, it will not load.'
    }
    "Signed with Authenticode by $($Signer.Subject) (certificate thumbprint $($Signer.Thumbprint)): bin/win-x64/certrebind.exe, the module's types (bin/lib/*/CertRebind.Types.dll) and every .ps1, .psm1, .psd1 and .ps1xml file. There is no signed catalog (.cat): the packaging tools do not create one."
}

function Assert-Osslsigncode {
    $command = Get-Command -Name 'osslsigncode' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $command) { throw "osslsigncode is not installed: install it (Debian: apt-get install osslsigncode, 2.8 or later) or run ./build.sh Package, which installs it." }
    $banner = (& $command.Source --version 2>&1 | Select-Object -First 1) -join ''
    if ($banner -notmatch 'osslsigncode (\d+\.\d+)' -or [version] $Matches[1] -lt $script:MinimumOsslsigncode) {
        throw "osslsigncode $script:MinimumOsslsigncode or later is needed to sign PowerShell files; this one says '$banner'."
    }
    $command.Source
}

function Invoke-CertRebindPackageSigning {
    <# Signs, in place, every PE file under bin/ and every script and data file of the module folder; returns their relative paths. #>
    param (
        [Parameter(Mandatory)] [string] $ModuleFolder,
        [Parameter(Mandatory)] [string] $PfxPath,
        [string] $Password,
        [string] $TimestampUrl
    )

    $osslsigncode = Assert-Osslsigncode
    $files = @(Get-ChildItem -LiteralPath $ModuleFolder -Recurse -File | Where-Object {
            $_.Extension -in $script:ScriptExtensions -or $_.Extension -in '.exe', '.dll'
        } | Sort-Object -Property FullName)
    foreach ($file in $files) {
        $signedPath = "$($file.FullName).signed"
        $arguments = @('sign', '-pkcs12', (Resolve-Path -LiteralPath $PfxPath).ProviderPath, '-readpass', '-', '-h', 'sha256', '-n', 'CertRebind')
        if ($TimestampUrl) { $arguments += @('-ts', $TimestampUrl) }
        $arguments += @('-in', $file.FullName, '-out', $signedPath)
        $output = "$Password" | & $osslsigncode @arguments 2>&1
        if ($LASTEXITCODE -ne 0) {
            Remove-Item -LiteralPath $signedPath -Force -ErrorAction SilentlyContinue
            throw "osslsigncode could not sign $($file.FullName) (exit code $LASTEXITCODE): $($output -join ' ')"
        }
        Move-Item -LiteralPath $signedPath -Destination $file.FullName -Force
        [System.IO.Path]::GetRelativePath($ModuleFolder, $file.FullName).Replace('\', '/')
    }
}

Export-ModuleMember -Function Get-CertRebindSigningCertificate, Get-CertRebindSignatureStatement, Invoke-CertRebindPackageSigning
