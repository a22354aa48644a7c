<#
    Does an IIS 6 metabase entry (<customMetadata> key LM/W3SVC/<siteId>, property 5506 SSLCertHash as base64 of the
    hash, 5511 SSLStoreName) put an old certificate back on a site's HTTP.sys record after an iisreset, or when the
    metabase compatibility layer (ABO mapper) starts? Microsoft says the mapper deletes the record and re-adds it from
    5506 when a component using it starts (KB 2025598,
    https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-administration-management/https-connections-fail-ssl-bindings-deleted),
    "possibly correlated with a machine or IIS restart" (IIS support blog,
    https://techcommunity.microsoft.com/t5/iis-support-blog/ssl-certificate-occasionally-disappears-from-https-binding/ba-p/1094102).

    Installs IIS 6 Metabase Compatibility (Web-Metabase) and the IIS 6 scripting tools (Web-Lgcy-Scripting), makes
    a site with an https binding on port 44396 on an 'old' certificate and a 5506/5511 entry for it, then:
      A. changes only the HTTP.sys record to a 'new' certificate (what a rebind of HTTP.sys alone does);
      B. puts everything back on 'old' and runs certrebind.exe rebind (-ExePath), which moves 5506 with the record;
    and after each: iisreset, then the mapper started through ADSI (IIS://localhost/W3SVC/<id>) and adsutil.vbs.
    After every step: the record (netsh, registry), the site's <customMetadata> key, and HTTP events 15300.
    applicationHost.config is put back from its copy at the end.
#>
param (
    [Parameter(Mandatory = $true)] [System.String] $OutputDirectory,
    [System.String] $ExePath
)

Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'ProbeHelpers.psm1') -Force
$iisAppId = Get-IisAppId
$configPath = [System.IO.Path]::Combine($env:SystemRoot, 'System32', 'inetsrv', 'config', 'applicationHost.config')
$configCopy = Join-Path -Path $OutputDirectory -ChildPath 'applicationHost.config.before'
Copy-Item -LiteralPath $configPath -Destination $configCopy
$since = [System.DateTime]::Now
$record = 'ipport=0.0.0.0:44396'
$siteName = 'CertRebind Probe Metabase'
$iisreset = [System.IO.Path]::Combine($env:SystemRoot, 'System32', 'iisreset.exe')

$install = Install-WindowsFeature -Name 'Web-Metabase', 'Web-Lgcy-Scripting'
Save-ProbeJson -Name '0-install' -InputObject ([ordered] @{ Success = $install.Success; RestartNeeded = "$($install.RestartNeeded)"; Features = @($install.FeatureResult | ForEach-Object -Process { $_.Name }) }) -OutputDirectory $OutputDirectory
Import-Module -Name 'WebAdministration'

function Set-MetabaseEntry {
    <# The site's <customMetadata> key with 5511 MY and 5506 = base64 of the thumbprint's bytes, in the form of the sources above. #>
    param ([System.String] $SiteId, [System.String] $Thumbprint)

    $document = New-Object -TypeName 'System.Xml.XmlDocument'
    $document.PreserveWhitespace = $true
    $document.Load($configPath)
    $section = $document.SelectSingleNode('/configuration/system.applicationHost/customMetadata')
    if ($null -eq $section) {
        $section = $document.SelectSingleNode('/configuration/system.applicationHost').AppendChild($document.CreateElement('customMetadata'))
    }
    foreach ($old in @($section.SelectNodes("key[@path='LM/W3SVC/$SiteId']"))) { $null = $section.RemoveChild($old) }
    $key = $document.CreateElement('key')
    $key.SetAttribute('path', "LM/W3SVC/$SiteId")
    $bytes = New-Object -TypeName 'System.Byte[]' -ArgumentList 20
    for ($i = 0; $i -lt 20; $i++) { $bytes[$i] = [System.Convert]::ToByte($Thumbprint.Substring($i * 2, 2), 16) }
    foreach ($property in @(@('5511', 'String', 'MY'), @('5506', 'Binary', [System.Convert]::ToBase64String($bytes)))) {
        $element = $document.CreateElement('property')
        $element.SetAttribute('id', $property[0])
        $element.SetAttribute('dataType', $property[1])
        $element.SetAttribute('userType', '1')
        $element.SetAttribute('attributes', 'Inherit')
        $element.SetAttribute('value', $property[2])
        $null = $key.AppendChild($element)
    }
    $null = $section.AppendChild($key)
    $document.Save($configPath)
}

function Save-Step {
    <# The record as netsh shows it, the registry, and the site's <customMetadata> key as the file has it now. #>
    param ([System.String] $Name, [System.String] $SiteId)

    $null = Invoke-Netsh -Name "$Name-show" -ArgumentList 'http', 'show', 'sslcert', $record -OutputDirectory $OutputDirectory
    Save-RegistryTree -Name "$Name-registry" -OutputDirectory $OutputDirectory
    $document = New-Object -TypeName 'System.Xml.XmlDocument'
    $document.Load($configPath)
    $key = $document.SelectSingleNode("/configuration/system.applicationHost/customMetadata/key[@path='LM/W3SVC/$SiteId']")
    Set-Content -LiteralPath (Join-Path -Path $OutputDirectory -ChildPath "$Name-customMetadata.xml") -Value $(if ($key) { $key.OuterXml } else { '(no key)' }) -Encoding 'UTF8'
}

function Start-MetabaseMapper {
    <# Starts the ABO mapper as Microsoft's article says an application does: ADSI, then adsutil.vbs ENUM. #>
    param ([System.String] $Name, [System.String] $SiteId)

    $adsi = try {
        $entry = [ADSI] "IIS://localhost/W3SVC/$SiteId"
        [ordered] @{ Path = $entry.Path; SSLCertHash = "$($entry.Properties['SSLCertHash'].Value)"; SSLStoreName = "$($entry.Properties['SSLStoreName'].Value)" }
    }
    catch { [ordered] @{ Error = $_.Exception.Message } }
    Save-ProbeJson -Name "$Name-adsi" -InputObject $adsi -OutputDirectory $OutputDirectory
    $adsutil = 'C:\inetpub\AdminScripts\adsutil.vbs'
    if (Test-Path -LiteralPath $adsutil) {
        $null = Invoke-Recorded -Name "$Name-adsutil" -FilePath ([System.IO.Path]::Combine($env:SystemRoot, 'System32', 'cscript.exe')) -ArgumentList '//nologo', $adsutil, 'ENUM', "W3SVC/$SiteId" -OutputDirectory $OutputDirectory
    }
    Start-Sleep -Seconds 5
}

$old = New-ProbeCertificate -Role 'metabase old' -DnsName 'metabase.certrebind.test'
$new = New-ProbeCertificate -Role 'metabase new' -DnsName 'metabase.certrebind.test'
Save-ProbeJson -Name '0-certificates' -InputObject ([ordered] @{ Old = $old; New = $new }) -OutputDirectory $OutputDirectory
try {
    $null = New-Item -ItemType Directory -Force -Path 'C:\CertRebindProbe\www'
    $null = New-Website -Name $siteName -PhysicalPath 'C:\CertRebindProbe\www' -Port 8082 -HostHeader 'metabase-http.certrebind.test'
    New-WebBinding -Name $siteName -Protocol 'https' -IPAddress '*' -Port 44396 -SslFlags 0
    $siteId = "$((Get-Website -Name $siteName).id)"

    # A: the HTTP.sys record alone moves; 5506 keeps the old hash.
    $null = Invoke-Netsh -Name 'A0-add' -ArgumentList 'http', 'add', 'sslcert', $record, "certhash=$old", "appid=$iisAppId", 'certstorename=MY' -OutputDirectory $OutputDirectory
    Set-MetabaseEntry -SiteId $siteId -Thumbprint $old
    Save-Step -Name 'A0-before' -SiteId $siteId
    $updated = Invoke-Netsh -Name 'A1-update' -ArgumentList 'http', 'update', 'sslcert', $record, "certhash=$new", "appid=$iisAppId", 'certstorename=MY' -OutputDirectory $OutputDirectory
    if ($updated.ExitCode -ne 0) {
        $null = Invoke-Netsh -Name 'A1-delete' -ArgumentList 'http', 'delete', 'sslcert', $record -OutputDirectory $OutputDirectory
        $null = Invoke-Netsh -Name 'A1-add' -ArgumentList 'http', 'add', 'sslcert', $record, "certhash=$new", "appid=$iisAppId", 'certstorename=MY' -OutputDirectory $OutputDirectory
    }
    Save-Step -Name 'A1-after-httpsys-only' -SiteId $siteId
    $null = Invoke-Recorded -Name 'A2-iisreset' -FilePath $iisreset -OutputDirectory $OutputDirectory
    Save-Step -Name 'A2-after-iisreset' -SiteId $siteId
    Start-MetabaseMapper -Name 'A3' -SiteId $siteId
    Save-Step -Name 'A3-after-mapper' -SiteId $siteId

    # B: everything back on the old certificate, then certrebind.
    $null = Invoke-Netsh -Name 'B0-delete' -ArgumentList 'http', 'delete', 'sslcert', $record -OutputDirectory $OutputDirectory
    $null = Invoke-Netsh -Name 'B0-add' -ArgumentList 'http', 'add', 'sslcert', $record, "certhash=$old", "appid=$iisAppId", 'certstorename=MY' -OutputDirectory $OutputDirectory
    Set-MetabaseEntry -SiteId $siteId -Thumbprint $old
    Save-Step -Name 'B0-before' -SiteId $siteId
    if ($ExePath -and (Test-Path -LiteralPath $ExePath)) {
        $null = Invoke-Recorded -Name 'B1-certrebind-rebind' -FilePath $ExePath -ArgumentList 'rebind', '--json', '--old', $old, '--new', $new -OutputDirectory $OutputDirectory
        Save-Step -Name 'B1-after-certrebind' -SiteId $siteId
        $null = Invoke-Recorded -Name 'B2-iisreset' -FilePath $iisreset -OutputDirectory $OutputDirectory
        Save-Step -Name 'B2-after-iisreset' -SiteId $siteId
        Start-MetabaseMapper -Name 'B3' -SiteId $siteId
        Save-Step -Name 'B3-after-mapper' -SiteId $siteId
    }
}
finally {
    $events = @(Get-WinEvent -FilterHashtable @{ LogName = 'System'; ProviderName = 'Microsoft-Windows-HttpEvent'; StartTime = $since } -ErrorAction SilentlyContinue |
            ForEach-Object -Process { [ordered] @{ Time = $_.TimeCreated.ToUniversalTime().ToString('o'); Id = $_.Id; Message = $_.Message } })
    Save-ProbeJson -Name '9-http-events' -InputObject $events -OutputDirectory $OutputDirectory
    Copy-Item -LiteralPath $configCopy -Destination $configPath -Force
    $null = Invoke-Netsh -Name '9-cleanup-delete' -ArgumentList 'http', 'delete', 'sslcert', $record -OutputDirectory $OutputDirectory
    Remove-ProbeCertificate
}
