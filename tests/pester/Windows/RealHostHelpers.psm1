# Helpers of the real-host tests (RealHost.Tests.ps1) and of their fixture script (RealHostFixture.ps1):
# they read the state of the real Windows server (HTTP.sys records from the registry where HTTP.sys keeps them,
# with netsh only as a cross-check; the IIS configuration file) and do TLS handshakes against it. certrebind
# itself reads and writes HTTP.sys through the HTTP Server API; these helpers use neither its path nor its code. Written for Windows PowerShell 5.1 and PowerShell 7. Only
# Get-RealHostFixture and Get-RealHostSkipReason may run on a host that is not Windows: they touch no
# Windows API there.

# The opt-in: the tests change IIS, HTTP.sys, the certificate store, Task Scheduler and the local accounts of
# the machine they run on, so they run only where this variable is 1 (.github/workflows/windows.yml sets it).
$script:OptInVariable = 'CERTREBIND_REAL_HOST_TESTS'

# A SHA-1 thumbprint in netsh output: 40 hexadecimal characters, not part of a longer run.
$script:ThumbprintPattern = '(?<![0-9A-Fa-f])[0-9A-Fa-f]{40}(?![0-9A-Fa-f])'

function Get-RealHostFixture {
    <# The fixture's names, ports and ids (RealHost.psd1). #>
    Import-PowerShellDataFile -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath 'RealHost.psd1')
}

function Get-RealHostSkipReason {
    <#
        Why the real-host tests cannot run here, or $null when they can: not Windows, not opted in, not
        elevated, or IIS missing. On other systems it returns before touching any Windows API.
    #>
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
    if (-not $onWindows) {
        return 'needs a real Windows Server with IIS; runs in .github/workflows/windows.yml'
    }
    if ([System.Environment]::GetEnvironmentVariable($script:OptInVariable) -ne '1') {
        return "changes IIS, HTTP.sys, the certificate store and Task Scheduler of this machine: set $($script:OptInVariable)=1 on a disposable Windows Server (as .github/workflows/windows.yml does)"
    }
    $principal = New-Object -TypeName 'System.Security.Principal.WindowsPrincipal' -ArgumentList ([System.Security.Principal.WindowsIdentity]::GetCurrent())
    if (-not $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)) {
        return 'needs an elevated session (HTTP.sys records, IIS configuration, Task Scheduler)'
    }
    $configPath = Get-IisConfigurationPath
    if (-not (Test-Path -LiteralPath $configPath -PathType Leaf) -or -not (Get-Service -Name 'ftpsvc' -ErrorAction SilentlyContinue)) {
        return 'needs IIS with FTP, Central Certificate Store and its scripting tools (Install-WindowsFeature Web-Server, Web-Ftp-Server, Web-CertProvider, Web-Scripting-Tools)'
    }
    $null
}

function Get-IisConfigurationPath {
    <# The path of applicationHost.config (Windows only). #>
    [System.IO.Path]::Combine($env:SystemRoot, 'System32', 'inetsrv', 'config', 'applicationHost.config')
}

function Get-SslCertRecord {
    <#
        A cross-check only (the tests read records with Get-HttpSysRegistryRecord; certrebind uses neither):
        one HTTP.sys record as 'netsh http show sslcert <Record>' shows it, for example
        -Record 'ipport=0.0.0.0:443', 'hostnameport=www.contoso.com:443' or 'ccs=443'. Returns Record,
        Exists, Thumbprint (upper case; $null when the record has no certificate hash, as CCS records do)
        and Text. The hash is found as the one 40-hex value of the block, not by its translated label
        (the labels of netsh are in the language of Windows).
    #>
    param ([Parameter(Mandatory = $true)] [System.String] $Record)

    # Windows PowerShell turns a native command's standard error into errors: read it with 'Continue'.
    $ErrorActionPreference = 'Continue'
    $output = & netsh.exe http show sslcert $Record 2>&1
    $exitCode = $LASTEXITCODE
    $text = ($output | ForEach-Object -Process { "$_" }) -join [System.Environment]::NewLine
    $value = ($Record -split '=', 2)[1]
    $exists = $exitCode -eq 0 -and $text.Contains($value)
    $thumbprint = $null
    if ($exists) {
        $found = [System.Text.RegularExpressions.Regex]::Matches($text, $script:ThumbprintPattern)
        if ($found.Count -gt 0) {
            $thumbprint = $found[0].Value.ToUpperInvariant()
        }
    }
    [PSCustomObject] @{ Record = $Record; Exists = $exists; Thumbprint = $thumbprint; Text = $text }
}

# Where HTTP.sys keeps its SSL records, one subkey per record. Not documented by Microsoft: Microsoft's Azure DevOps
# Server (its SslHandler class) reads SslBindingInfo\<ip>:<port> and the SslSniBindingInfo subkey whose HostnamePort
# value is host:port (subkey names not assumed); SslCcsBindingInfo for CCS records, and the names of the other values,
# are guesses that the probes (Probes/Invoke-WindowsProbes.ps1, the registry dump) settle.
$script:HttpParametersKey = 'SYSTEM\CurrentControlSet\Services\HTTP\Parameters'

function ConvertTo-RegistryText {
    <# One registry value as '<kind>:<data>', binary data in hex, so that two reads compare as strings. #>
    param ([Microsoft.Win32.RegistryKey] $Key, [System.String] $Name)

    $kind = $Key.GetValueKind($Name)
    $data = $Key.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
    switch ($kind) {
        'Binary' { $text = ([System.BitConverter]::ToString([System.Byte[]] $data)).Replace('-', '') }
        'MultiString' { $text = ($data -join '|') }
        default { $text = "$data" }
    }
    "${kind}:$text"
}

function Get-HttpSysRegistryRecord {
    <#
        One HTTP.sys SSL record as HTTP.sys keeps it in the registry: -Kind ipport (SslBindingInfo\<Endpoint>),
        hostnameport (the SslSniBindingInfo subkey whose HostnamePort value is <Endpoint>) or ccs (the
        SslCcsBindingInfo subkey named *:<port>: a guess). Returns Exists, Key (the subkey read), Values (name ->
        '<kind>:<data>', every value of the subkey, binary data in hex), Thumbprint (SslCertHash in hex, upper case,
        or $null) and StoreName. Every value is kept, so that a test can compare a record before and after a rebind
        field by field, whatever names this build of Windows uses. That HTTP.sys has written a change to the
        registry by the time the call that made it returns is a guess.
    #>
    param (
        [Parameter(Mandatory = $true)] [ValidateSet('ipport', 'hostnameport', 'ccs')] [System.String] $Kind,
        [Parameter(Mandatory = $true)] [System.String] $Endpoint
    )

    $parent = @{ ipport = 'SslBindingInfo'; hostnameport = 'SslSniBindingInfo'; ccs = 'SslCcsBindingInfo' }[$Kind]
    $root = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey("$($script:HttpParametersKey)\$parent")
    $found = $null
    if ($null -ne $root) {
        try {
            foreach ($name in $root.GetSubKeyNames()) {
                $sub = $root.OpenSubKey($name)
                $isMatch = switch ($Kind) {
                    'ipport' { $name -eq $Endpoint }
                    'hostnameport' { "$($sub.GetValue('HostnamePort'))" -eq $Endpoint }
                    'ccs' { $name -like "*:$Endpoint" -or $name -eq $Endpoint }
                }
                if ($isMatch) {
                    $values = [ordered] @{}
                    foreach ($valueName in ($sub.GetValueNames() | Sort-Object)) {
                        $values[$valueName] = ConvertTo-RegistryText -Key $sub -Name $valueName
                    }
                    $found = [PSCustomObject] @{ Key = "$parent\$name"; Values = $values }
                }
                $sub.Close()
                if ($null -ne $found) { break }
            }
        }
        finally {
            $root.Close()
        }
    }
    if ($null -eq $found) {
        return [PSCustomObject] @{ Kind = $Kind; Endpoint = $Endpoint; Exists = $false; Key = $null; Values = [ordered] @{}; Thumbprint = $null; StoreName = $null }
    }
    $hash = $found.Values['SslCertHash']
    [PSCustomObject] @{
        Kind       = $Kind
        Endpoint   = $Endpoint
        Exists     = $true
        Key        = $found.Key
        Values     = $found.Values
        Thumbprint = if ($hash -and $hash -like 'Binary:*' -and $hash.Length -gt 7) { $hash.Substring(7).ToUpperInvariant() } else { $null }
        StoreName  = if ($found.Values['SslCertStoreName']) { $found.Values['SslCertStoreName'] -replace '^[A-Za-z]+:', '' } else { $null }
    }
}

function Compare-HttpSysRegistryRecord {
    <#
        The values that differ between two reads of a record (Get-HttpSysRegistryRecord), as lines
        '<name>: <before> -> <after>', leaving out the names in -Except. Empty when every other value is identical:
        none added, none removed, none changed.
    #>
    param (
        [Parameter(Mandatory = $true)] $Before,
        [Parameter(Mandatory = $true)] $After,
        [System.String[]] $Except = @()
    )

    $names = @(@($Before.Values.Keys) + @($After.Values.Keys) | Sort-Object -Unique | Where-Object -FilterScript { $Except -notcontains $_ })
    foreach ($name in $names) {
        $was = $Before.Values[$name]
        $is = $After.Values[$name]
        if ($was -cne $is) {
            '{0}: {1} -> {2}' -f $name, $(if ($null -eq $was) { '(none)' } else { $was }), $(if ($null -eq $is) { '(none)' } else { $is })
        }
    }
}

function Enable-ProcessCreationAudit {
    <#
        Turns on the audit of process creation (Security event 4688, with the parent's name), so that a test can
        see which programs certrebind starts. Returns $null, or why it could not. The subcategory GUID of
        "Process Creation" ({0CCE922B-69AE-11D9-BED3-505054503030}) is given instead of its name, which is
        translated; that auditpol accepts the GUID in braces this way is a guess (auditpol /set /subcategory:
        https://learn.microsoft.com/windows-server/administration/windows-commands/auditpol-set).
    #>
    $ErrorActionPreference = 'Continue'
    $output = & auditpol.exe /set '/subcategory:{0CCE922B-69AE-11D9-BED3-505054503030}' /success:enable 2>&1
    if ($LASTEXITCODE -ne 0) {
        return "auditpol /set failed with exit code ${LASTEXITCODE}: $($output -join ' ')"
    }
    $null
}

function Get-ChildProcessCreation {
    <#
        The processes started since -Since by a process whose image is named -ParentImageName (for example
        'certrebind.exe'), from Security event 4688 "A new process has been created"
        (https://learn.microsoft.com/windows/security/threat-protection/auditing/event-4688; ParentProcessName is
        in the event from Windows 10 / Server 2016). Fields are read by their names in the event XML, never by
        position. Returns TimeCreated, NewProcessName, ParentProcessName, CommandLine (empty unless command-line
        auditing is on).
    #>
    param (
        [Parameter(Mandatory = $true)] [System.DateTime] $Since,
        [Parameter(Mandatory = $true)] [System.String] $ParentImageName
    )

    $events = @(Get-WinEvent -FilterHashtable @{ LogName = 'Security'; Id = 4688; StartTime = $Since } -ErrorAction SilentlyContinue)
    foreach ($logged in $events) {
        $data = @{}
        foreach ($field in ([xml] $logged.ToXml()).Event.EventData.Data) {
            $data[$field.Name] = "$($field.'#text')"
        }
        if ([System.IO.Path]::GetFileName($data['ParentProcessName']) -eq $ParentImageName) {
            [PSCustomObject] @{
                TimeCreated       = $logged.TimeCreated.ToUniversalTime().ToString('o')
                NewProcessName    = $data['NewProcessName']
                ParentProcessName = $data['ParentProcessName']
                CommandLine       = $data['CommandLine']
            }
        }
    }
}

function Get-FtpServerCertHash {
    <#
        The serverCertHash of an FTP site in applicationHost.config (upper case; $null when it has none),
        read from the file itself, as certrebind writes it. -SiteDefaults reads the one of siteDefaults.
        The attribute: https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/ftpserver/security/ssl
    #>
    param (
        [System.String] $SiteName,
        [System.Management.Automation.SwitchParameter] $SiteDefaults
    )

    $document = New-Object -TypeName 'System.Xml.XmlDocument'
    $document.Load((Get-IisConfigurationPath))
    if ($SiteDefaults) {
        $xpath = '/configuration/system.applicationHost/sites/siteDefaults/ftpServer/security/ssl/@serverCertHash'
    }
    else {
        $xpath = "/configuration/system.applicationHost/sites/site[@name='$SiteName']/ftpServer/security/ssl/@serverCertHash"
    }
    $attribute = $document.SelectSingleNode($xpath)
    if ($null -eq $attribute -or [System.String]::IsNullOrEmpty($attribute.Value)) {
        return $null
    }
    $attribute.Value.ToUpperInvariant()
}

function Read-FtpReply {
    <# Reads one FTP reply (RFC 959: lines up to the one that starts with the code and a space); returns its lines. #>
    param ([Parameter(Mandatory = $true)] [System.IO.Stream] $Stream)

    $lines = New-Object -TypeName 'System.Collections.Generic.List[System.String]'
    do {
        $bytes = New-Object -TypeName 'System.Collections.Generic.List[System.Byte]'
        while ($true) {
            $next = $Stream.ReadByte()
            if ($next -lt 0) {
                throw "The FTP server closed the connection after: $($lines -join ' | ')"
            }
            if ($next -eq 10) {
                break
            }
            if ($next -ne 13) {
                $bytes.Add([System.Byte] $next)
            }
        }
        $line = [System.Text.Encoding]::ASCII.GetString($bytes.ToArray())
        $lines.Add($line)
    } until ($line -match '^\d{3} ')
    , $lines.ToArray()
}

function Get-ServedCertificateThumbprint {
    <#
        Connects to -ComputerName:-Port, does a TLS handshake with -TargetHost as the server name (SNI) and
        returns the thumbprint of the certificate the server presented (upper case). Any certificate is
        accepted: the test certificates are self-signed, and the point is which one is served. With
        -FtpAuthTls, asks an FTP server for explicit TLS first (AUTH TLS, RFC 4217).
    #>
    param (
        [Parameter(Mandatory = $true)] [System.Int32] $Port,
        [Parameter(Mandatory = $true)] [System.String] $TargetHost,
        [System.String] $ComputerName = '127.0.0.1',
        [System.Management.Automation.SwitchParameter] $FtpAuthTls,
        [System.Int32] $TimeoutSeconds = 15
    )

    $timeout = $TimeoutSeconds * 1000
    $client = New-Object -TypeName 'System.Net.Sockets.TcpClient'
    $sslStream = $null
    try {
        $connecting = $client.ConnectAsync($ComputerName, $Port)
        try {
            $connected = $connecting.Wait($timeout)
        }
        catch {
            throw "Cannot connect to ${ComputerName}:${Port}: $($_.Exception.GetBaseException().Message)"
        }
        if (-not $connected) {
            throw "No connection to ${ComputerName}:${Port} within $TimeoutSeconds s."
        }

        $networkStream = $client.GetStream()
        $networkStream.ReadTimeout = $timeout
        $networkStream.WriteTimeout = $timeout
        if ($FtpAuthTls) {
            $greeting = Read-FtpReply -Stream $networkStream
            if ($greeting[-1] -notmatch '^220 ') {
                throw "Unexpected FTP greeting: $($greeting -join ' | ')"
            }
            $command = [System.Text.Encoding]::ASCII.GetBytes("AUTH TLS`r`n")
            $networkStream.Write($command, 0, $command.Length)
            $reply = Read-FtpReply -Stream $networkStream
            if ($reply[-1] -notmatch '^234 ') {
                throw "The FTP server refused AUTH TLS: $($reply -join ' | ')"
            }
        }

        # The callback runs on this thread, inside the synchronous AuthenticateAsClient.
        $acceptAny = [System.Net.Security.RemoteCertificateValidationCallback] { $true }
        $sslStream = New-Object -TypeName 'System.Net.Security.SslStream' -ArgumentList $networkStream, $false, $acceptAny
        $options = New-Object -TypeName 'System.Net.Security.SslClientAuthenticationOptions'
        if ($null -ne $options.PSObject.Properties['AllowTlsResume'] -and $null -ne $sslStream.GetType().GetMethod('AuthenticateAsClient', [System.Type[]] @($options.GetType()))) {
            # .NET 8 and later (PowerShell 7.4+): no resumption of a session of an earlier test, which
            # would show the certificate of that session rather than the one bound now.
            # https://learn.microsoft.com/dotnet/api/system.net.security.sslclientauthenticationoptions.allowtlsresume
            $options.TargetHost = $TargetHost
            $options.AllowTlsResume = $false
            $sslStream.AuthenticateAsClient($options)
        }
        else {
            $sslStream.AuthenticateAsClient($TargetHost)
        }
        $served = New-Object -TypeName 'System.Security.Cryptography.X509Certificates.X509Certificate2' -ArgumentList $sslStream.RemoteCertificate
        $served.Thumbprint.ToUpperInvariant()
    }
    finally {
        if ($null -ne $sslStream) {
            $sslStream.Dispose()
        }
        $client.Dispose()
    }
}

function Invoke-RealHostFixture {
    <#
        Runs RealHostFixture.ps1 in Windows PowerShell 5.1 (its WebAdministration and pki cmdlets are
        Windows PowerShell modules) and returns the JSON it wrote to -OutputPath, if any. A failure of the
        script is an error that names its exit code.
    #>
    param (
        [Parameter(Mandatory = $true)] [ValidateSet('Create', 'NewRenewal', 'Remove')] [System.String] $Action,
        [System.String] $OutputPath,
        [System.String] $OldThumbprint
    )

    $windowsPowerShell = [System.IO.Path]::Combine($env:SystemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe')
    $arguments = @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', (Join-Path -Path $PSScriptRoot -ChildPath 'RealHostFixture.ps1'), '-Action', $Action)
    if ($OutputPath) {
        $arguments += '-OutputPath', $OutputPath
    }
    if ($OldThumbprint) {
        $arguments += '-OldThumbprint', $OldThumbprint
    }

    $ErrorActionPreference = 'Continue'
    & $windowsPowerShell @arguments | ForEach-Object -Process { Write-Host "    fixture: $_" }
    if ($LASTEXITCODE -ne 0) {
        throw "RealHostFixture.ps1 -Action $Action failed with exit code $LASTEXITCODE (its output is above)."
    }
    if ($OutputPath -and (Test-Path -LiteralPath $OutputPath)) {
        Get-Content -Raw -LiteralPath $OutputPath | ConvertFrom-Json
    }
}

function Get-CertRebindAuditRecord {
    <# The records of certrebind's audit log on this machine (%ProgramData%\CertRebind\state\audit.jsonl), oldest first. #>
    $auditPath = [System.IO.Path]::Combine($env:ProgramData, 'CertRebind', 'state', 'audit.jsonl')
    if (-not (Test-Path -LiteralPath $auditPath)) {
        return
    }
    foreach ($line in Get-Content -LiteralPath $auditPath) {
        if (-not [System.String]::IsNullOrWhiteSpace($line)) {
            $line | ConvertFrom-Json
        }
    }
}

Export-ModuleMember -Function 'Get-RealHostFixture', 'Get-RealHostSkipReason', 'Get-IisConfigurationPath', 'Get-SslCertRecord',
    'Get-HttpSysRegistryRecord', 'Compare-HttpSysRegistryRecord', 'Enable-ProcessCreationAudit', 'Get-ChildProcessCreation',
    'Get-FtpServerCertHash', 'Get-ServedCertificateThumbprint', 'Invoke-RealHostFixture', 'Get-CertRebindAuditRecord'
