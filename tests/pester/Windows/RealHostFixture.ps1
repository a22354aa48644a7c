<#
    .SYNOPSIS
        Creates or removes the IIS and HTTP.sys fixture of the real-host tests on a disposable Windows Server.

    .DESCRIPTION
        Run by .github/workflows/windows.yml and by RealHost.Tests.ps1, in Windows PowerShell 5.1 (the
        WebAdministration and pki cmdlets it uses are Windows PowerShell modules), elevated, on a server with
        IIS, IIS FTP, Central Certificate Store and the IIS scripting tools. The names, ports and ids are in
        RealHost.psd1.

        -Action Create (after removing what an earlier run left):
        - enables the certificate lifecycle channel (event 1001 is logged only when it is enabled);
        - makes two self-signed certificates, 'old' and 'new', in Cert:\LocalMachine\My, with every DNS
          name of the fixture;
        - the Central Certificate Store: a local folder with ccs.certrebind.test.pfx (the old certificate),
          read by IIS as a local account made for it;
        - a web site with three https bindings: *:4431: (IP record 0.0.0.0:4431), *:443:sni.certrebind.test
          with SNI (record hostnameport=sni.certrebind.test:443) and *:443:ccs.certrebind.test with SNI and
          CCS (record ccs=443, which has no certificate hash); the IP and SNI records on the old certificate;
        - an FTP site on port 21 whose serverCertHash is the old certificate;
        - a non-IIS HTTP.sys record, 0.0.0.0:8443, on the old certificate, with a made-up application id;
        and writes { OldThumbprint, NewThumbprint } as JSON to -OutputPath.

        -Action NewRenewal: makes a third certificate and raises a real event 1001 ("a certificate has
        been replaced") from -OldThumbprint to it with Switch-Certificate -NotifyOnly, which announces the
        replacement without changing either certificate; writes { RenewalThumbprint } to -OutputPath.

        -Action Remove: removes all of it (the records only when they are on a certificate of the fixture).

        It refuses to run unless CERTREBIND_REAL_HOST_TESTS is 1, and Create refuses when one of the
        fixture's HTTP.sys endpoints is already used by something else.

    .PARAMETER Action
        Create, NewRenewal or Remove.

    .PARAMETER OutputPath
        Where Create and NewRenewal write their JSON.

    .PARAMETER OldThumbprint
        NewRenewal: the certificate that the event says was replaced.
#>
[CmdletBinding()]
param (
    [Parameter(Mandatory = $true)]
    [ValidateSet('Create', 'NewRenewal', 'Remove')]
    [System.String]
    $Action,

    [Parameter()]
    [System.String]
    $OutputPath,

    [Parameter()]
    [System.String]
    $OldThumbprint
)

$ErrorActionPreference = 'Stop'
Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'RealHostHelpers.psm1') -Force
$fixture = Get-RealHostFixture

if ($env:CERTREBIND_REAL_HOST_TESTS -ne '1') {
    throw 'RealHostFixture.ps1 changes IIS, HTTP.sys, the certificate store and the local accounts of this machine: set CERTREBIND_REAL_HOST_TESTS=1 on a disposable Windows Server.'
}

function Invoke-Netsh {
    <# Runs netsh with these arguments; a non-zero exit code is an error unless -AllowFailure. #>
    param (
        [Parameter(Mandatory = $true)] [System.String[]] $Arguments,
        [System.Management.Automation.SwitchParameter] $AllowFailure
    )

    $ErrorActionPreference = 'Continue'
    $output = & netsh.exe @Arguments 2>&1
    if ($LASTEXITCODE -ne 0 -and -not $AllowFailure) {
        throw "netsh $($Arguments -join ' ') failed with exit code ${LASTEXITCODE}: $($output -join ' ')"
    }
}

function Get-FixtureCertificate {
    <# The certificates of the fixture in Cert:\LocalMachine\My, by their friendly name. #>
    Get-ChildItem -Path 'Cert:\LocalMachine\My' | Where-Object -FilterScript { $_.FriendlyName -like "$($fixture.FriendlyNamePrefix)*" }
}

function New-FixtureCertificate {
    <#
        A self-signed server certificate in Cert:\LocalMachine\My with every DNS name of the fixture, valid
        for -Years years. The key is made by a legacy CryptoAPI provider, as a key-exchange key (a guess: the
        IIS FTP service and the Central Certificate Store may not take CNG keys), and is exportable, for the
        CCS PFX.
        New-SelfSignedCertificate: https://learn.microsoft.com/powershell/module/pki/new-selfsignedcertificate
    #>
    param (
        [Parameter(Mandatory = $true)] [System.String] $Role,
        [Parameter(Mandatory = $true)] [System.Int32] $Years
    )

    New-SelfSignedCertificate -CertStoreLocation 'Cert:\LocalMachine\My' -DnsName $fixture.DnsNames -Type 'SSLServerAuthentication' `
        -FriendlyName "$($fixture.FriendlyNamePrefix) $Role" -NotAfter (Get-Date).AddYears($Years) `
        -KeyAlgorithm 'RSA' -KeyLength 2048 -KeySpec 'KeyExchange' -KeyExportPolicy 'Exportable' `
        -Provider 'Microsoft Enhanced RSA and AES Cryptographic Provider'
}

function New-RandomPassword {
    <# A password for the CCS account and the PFX files that meets the default complexity rules. #>
    'Cr!' + [System.Guid]::NewGuid().ToString('N').Substring(0, 20) + 'x9Q'
}

function Get-FixtureRecord {
    <# The HTTP.sys records of the fixture: the ones with a certificate hash, then the CCS record. #>
    @($fixture.IpBinding.Record, $fixture.SniBinding.Record, $fixture.NonIisRecord.Record, $fixture.CcsBinding.Record)
}

function Test-CcsProviderOurs {
    <# Whether the Central Certificate Store is enabled on the fixture's folder (Get-WebCentralCertProvider prints 'Name=Value' text). #>
    try {
        $location = "$(Get-WebCentralCertProvider -CertStoreLocation)"
    }
    catch {
        return $false
    }
    $location -like "*$($fixture.Ccs.Folder)*"
}

function Remove-Fixture {
    Import-Module -Name 'WebAdministration'
    $ours = @(Get-FixtureCertificate | ForEach-Object -Process { $_.Thumbprint.ToUpperInvariant() })

    foreach ($siteName in $fixture.Site.Name, $fixture.FtpSite.Name) {
        if (Test-Path -LiteralPath "IIS:\Sites\$siteName") {
            Write-Host "Removing the site '$siteName'."
            Remove-Website -Name $siteName
        }
    }

    foreach ($record in Get-FixtureRecord) {
        $current = Get-SslCertRecord -Record $record
        $isOurs = $current.Exists -and ($ours -contains $current.Thumbprint -or ($null -eq $current.Thumbprint -and $ours.Count -gt 0))
        if ($isOurs) {
            Write-Host "Removing the HTTP.sys record $record."
            Invoke-Netsh -Arguments 'http', 'delete', 'sslcert', $record -AllowFailure
        }
    }

    if (Test-CcsProviderOurs) {
        Write-Host 'Disabling the Central Certificate Store.'
        Disable-WebCentralCertProvider
    }
    if (Get-LocalUser -Name $fixture.Ccs.UserName -ErrorAction SilentlyContinue) {
        Write-Host "Removing the local account $($fixture.Ccs.UserName)."
        Remove-LocalUser -Name $fixture.Ccs.UserName
    }
    $root = Split-Path -Path $fixture.Site.PhysicalPath -Parent
    if (Test-Path -LiteralPath $root) {
        Remove-Item -LiteralPath $root -Recurse -Force
    }
    foreach ($certificate in Get-FixtureCertificate) {
        Write-Host "Removing the certificate $($certificate.Thumbprint) ($($certificate.FriendlyName))."
        Remove-Item -LiteralPath "Cert:\LocalMachine\My\$($certificate.Thumbprint)" -DeleteKey
    }
}

function New-Fixture {
    Import-Module -Name 'WebAdministration'

    # Refuse to take over endpoints that something else uses.
    foreach ($record in Get-FixtureRecord) {
        if ((Get-SslCertRecord -Record $record).Exists) {
            throw "The HTTP.sys record $record exists already: the fixture needs it free (use a disposable server)."
        }
    }
    $ccsEnabled = try { "$(Get-WebCentralCertProvider -Enabled)" -match 'True' } catch { $false }
    if ($ccsEnabled -and -not (Test-CcsProviderOurs)) {
        throw 'The Central Certificate Store is enabled on another folder: the fixture needs it (use a disposable server).'
    }

    # Event 1001 is logged only when the channel is enabled (wevtutil "set-log", /e:true).
    & wevtutil.exe sl $fixture.LifecycleChannel /e:true
    if ($LASTEXITCODE -ne 0) {
        throw "wevtutil sl $($fixture.LifecycleChannel) /e:true failed with exit code $LASTEXITCODE."
    }

    $old = New-FixtureCertificate -Role 'old' -Years 1
    $new = New-FixtureCertificate -Role 'new' -Years 2
    Write-Host "Old certificate $($old.Thumbprint), new certificate $($new.Thumbprint)."
    foreach ($folder in $fixture.Site.PhysicalPath, $fixture.FtpSite.PhysicalPath, $fixture.Ccs.Folder) {
        $null = New-Item -ItemType Directory -Path $folder -Force
    }
    Set-Content -LiteralPath (Join-Path -Path $fixture.Site.PhysicalPath -ChildPath 'index.html') -Value '<p>CertRebind real-host test</p>'

    # Central Certificate Store: <host name>.pfx files, one private-key password for all, and an account
    # that can read the folder. Enable-WebCentralCertProvider -CertStoreLocation -UserName -Password
    # [-PrivateKeyPassword]: https://learn.microsoft.com/powershell/module/webadministration/enable-webcentralcertprovider
    # The COMPUTER\account form of -UserName for a local account is a guess (the documentation's example
    # gives a bare name, for a share).
    $pfxPassword = New-RandomPassword
    $accountPassword = New-RandomPassword
    $pfxPath = Join-Path -Path $fixture.Ccs.Folder -ChildPath "$($fixture.CcsBinding.HostName).pfx"
    $null = Export-PfxCertificate -Cert "Cert:\LocalMachine\My\$($old.Thumbprint)" -FilePath $pfxPath -Password (ConvertTo-SecureString -String $pfxPassword -AsPlainText -Force)
    $null = New-LocalUser -Name $fixture.Ccs.UserName -Password (ConvertTo-SecureString -String $accountPassword -AsPlainText -Force) `
        -PasswordNeverExpires -AccountNeverExpires -Description 'CertRebind real-host tests: reads the Central Certificate Store folder'
    & icacls.exe $fixture.Ccs.Folder /grant "$($fixture.Ccs.UserName):(OI)(CI)R" | Out-Null
    if ($LASTEXITCODE -ne 0) {
        throw "icacls failed with exit code $LASTEXITCODE."
    }
    Enable-WebCentralCertProvider -CertStoreLocation $fixture.Ccs.Folder -UserName "$env:COMPUTERNAME\$($fixture.Ccs.UserName)" `
        -Password $accountPassword -PrivateKeyPassword $pfxPassword

    # The web site and its https bindings. New-WebBinding -SslFlags (1 SNI, 3 SNI + CCS) as in the IIS
    # support blog post on CCS and IIS bindings (RealHost.psd1 cites it).
    $siteName = $fixture.Site.Name
    $null = New-Website -Name $siteName -PhysicalPath $fixture.Site.PhysicalPath -Port $fixture.Site.HttpPort -HostHeader 'www.certrebind.test'
    New-WebBinding -Name $siteName -Protocol 'https' -IPAddress '*' -Port $fixture.IpBinding.Port -SslFlags 0
    New-WebBinding -Name $siteName -Protocol 'https' -IPAddress '*' -Port $fixture.SniBinding.Port -HostHeader $fixture.SniBinding.HostName -SslFlags 1
    New-WebBinding -Name $siteName -Protocol 'https' -IPAddress '*' -Port $fixture.CcsBinding.Port -HostHeader $fixture.CcsBinding.HostName -SslFlags 3

    # The HTTP.sys records, as IIS Manager would make them. netsh http add sslcert ipport= | hostnameport=
    # ... appid= certhash= certstorename=: https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http
    # (the appid in quotes: PowerShell would read {...} as a script block).
    Invoke-Netsh -Arguments 'http', 'add', 'sslcert', $fixture.IpBinding.Record, "certhash=$($old.Thumbprint)", "appid=$($fixture.IisAppId)", 'certstorename=MY'
    Invoke-Netsh -Arguments 'http', 'add', 'sslcert', $fixture.SniBinding.Record, "certhash=$($old.Thumbprint)", "appid=$($fixture.IisAppId)", 'certstorename=MY'
    # The CCS record through the IIS provider, as the IIS support blog post does (that netsh then shows it
    # as ccs=443 is a guess); netsh's ccs=<port> form, from its usage text, only if that made none.
    try {
        $null = New-Item -Path "IIS:\SslBindings\!$($fixture.CcsBinding.Port)!$($fixture.CcsBinding.HostName)" -SslFlags 3
    }
    catch {
        Write-Warning -Message "IIS:\SslBindings did not make the CCS record ($($_.Exception.Message)); trying netsh."
    }
    if (-not (Get-SslCertRecord -Record $fixture.CcsBinding.Record).Exists) {
        Invoke-Netsh -Arguments 'http', 'add', 'sslcert', $fixture.CcsBinding.Record, "appid=$($fixture.IisAppId)"
    }
    # A record of no IIS site: another application's (made-up id).
    Invoke-Netsh -Arguments (@('http', 'add', 'sslcert', $fixture.NonIisRecord.Record, "certhash=$($old.Thumbprint)", "appid=$($fixture.NonIisRecord.AppId)", 'certstorename=MY') + $fixture.NonIisRecord.Settings)
    Start-Website -Name $siteName

    # The FTP site, FTPS allowed on both channels, on the old certificate. The ssl attributes:
    # https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/ftpserver/security/ssl
    $ftpName = $fixture.FtpSite.Name
    $null = New-WebFtpSite -Name $ftpName -Port $fixture.FtpSite.Port -IPAddress '*' -PhysicalPath $fixture.FtpSite.PhysicalPath
    $ftpPath = "IIS:\Sites\$ftpName"
    Set-ItemProperty -Path $ftpPath -Name 'ftpServer.security.ssl.serverCertHash' -Value $old.Thumbprint
    Set-ItemProperty -Path $ftpPath -Name 'ftpServer.security.ssl.serverCertStoreName' -Value 'My'
    Set-ItemProperty -Path $ftpPath -Name 'ftpServer.security.ssl.controlChannelPolicy' -Value 'SslAllow'
    Set-ItemProperty -Path $ftpPath -Name 'ftpServer.security.ssl.dataChannelPolicy' -Value 'SslAllow'
    Set-Service -Name 'ftpsvc' -StartupType 'Automatic'
    Restart-Service -Name 'ftpsvc'

    foreach ($record in Get-FixtureRecord) {
        Write-Host (Get-SslCertRecord -Record $record).Text
    }

    if ($OutputPath) {
        $manifest = [ordered] @{
            OldThumbprint = $old.Thumbprint.ToUpperInvariant()
            NewThumbprint = $new.Thumbprint.ToUpperInvariant()
            CreatedAt     = [System.DateTime]::UtcNow.ToString('o')
        }
        Set-Content -LiteralPath $OutputPath -Value (ConvertTo-Json -InputObject $manifest) -Encoding 'UTF8'
    }
}

function New-Renewal {
    if ([System.String]::IsNullOrEmpty($OldThumbprint)) {
        throw '-Action NewRenewal needs -OldThumbprint.'
    }

    $renewal = New-FixtureCertificate -Role 'renewal' -Years 3
    Write-Host "Renewal certificate $($renewal.Thumbprint); raising event 1001 from $OldThumbprint to it."
    # Switch-Certificate [-NotifyOnly] -NewCert -OldCert raises the "certificate replaced" notification
    # (event 1001); -NotifyOnly leaves the renewal property of the old certificate alone.
    # https://learn.microsoft.com/powershell/module/pki/switch-certificate
    Switch-Certificate -OldCert "Cert:\LocalMachine\My\$OldThumbprint" -NewCert "Cert:\LocalMachine\My\$($renewal.Thumbprint)" -NotifyOnly

    if ($OutputPath) {
        $result = [ordered] @{
            RenewalThumbprint = $renewal.Thumbprint.ToUpperInvariant()
            RaisedAt          = [System.DateTime]::UtcNow.ToString('o')
        }
        Set-Content -LiteralPath $OutputPath -Value (ConvertTo-Json -InputObject $result) -Encoding 'UTF8'
    }
}

switch ($Action) {
    'Create' {
        if (@(Get-FixtureCertificate).Count -gt 0) {
            Write-Host 'Removing what an earlier run left.'
            Remove-Fixture
        }
        New-Fixture
    }
    'NewRenewal' {
        New-Renewal
    }
    'Remove' {
        Remove-Fixture
    }
}
