# Helpers of the Windows probes (Invoke-WindowsProbes.ps1): run a program and keep exactly what it printed and
# its exit code, dump registry keys, make and remove throw-away certificates. A probe records; it asserts
# nothing about Windows. Windows PowerShell 5.1 and PowerShell 7.

# The application id of the probes' own HTTP.sys records (made up: neither IIS, WinRM nor AD FS), and IIS's.
$script:ProbeAppId = '{0b7e4a8e-6f0e-4b6c-9d0a-1c2b3d4e5f60}'
$script:IisAppId = '{4dc3e181-e14b-4a21-b022-59fc669b0914}'
$script:FriendlyNamePrefix = 'CertRebind probe'

function Get-ProbeAppId { $script:ProbeAppId }
function Get-IisAppId { $script:IisAppId }

function ConvertTo-CommandLineArgument {
    <# One argument quoted as the Microsoft C runtime parses it (backslashes doubled only before a quote). #>
    param ([System.String] $Argument)

    if ($Argument.Length -gt 0 -and $Argument -notmatch '[\s"]') {
        return $Argument
    }
    $quoted = [System.Text.RegularExpressions.Regex]::Replace($Argument, '(\\*)"', { param ($m) $m.Groups[1].Value * 2 + '\"' })
    $quoted = [System.Text.RegularExpressions.Regex]::Replace($quoted, '(\\+)$', { param ($m) $m.Groups[1].Value * 2 })
    '"' + $quoted + '"'
}

function Invoke-Recorded {
    <#
        Runs -FilePath with -ArgumentList (no shell), waits, and writes <Name>.txt (the command line, the exit
        code, standard output and standard error as text in the console's code page) and <Name>.stdout.bin (the
        bytes exactly as printed: which code page netsh uses when redirected is not documented) into
        -OutputDirectory. Returns ExitCode, StdOut and StdErr.
    #>
    param (
        [Parameter(Mandatory = $true)] [System.String] $Name,
        [Parameter(Mandatory = $true)] [System.String] $FilePath,
        [System.String[]] $ArgumentList = @(),
        [Parameter(Mandatory = $true)] [System.String] $OutputDirectory
    )

    $info = New-Object -TypeName 'System.Diagnostics.ProcessStartInfo'
    $info.FileName = $FilePath
    $info.Arguments = (@($ArgumentList | ForEach-Object -Process { ConvertTo-CommandLineArgument -Argument $_ }) -join ' ')
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.CreateNoWindow = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $errorBytes = New-Object -TypeName 'System.IO.MemoryStream'
    $copyingErrors = $process.StandardError.BaseStream.CopyToAsync($errorBytes)
    $outputBytes = New-Object -TypeName 'System.IO.MemoryStream'
    $process.StandardOutput.BaseStream.CopyTo($outputBytes)
    $copyingErrors.Wait()
    $process.WaitForExit()

    $encoding = [System.Console]::OutputEncoding
    $stdout = $encoding.GetString($outputBytes.ToArray())
    $stderr = $encoding.GetString($errorBytes.ToArray())
    [System.IO.File]::WriteAllBytes((Join-Path -Path $OutputDirectory -ChildPath "$Name.stdout.bin"), $outputBytes.ToArray())
    $text = @(
        "command: $FilePath $($info.Arguments)"
        "exit code: $($process.ExitCode)"
        "decoded with: $($encoding.WebName) (code page $($encoding.CodePage))"
        '--- standard output ---'
        $stdout
        '--- standard error ---'
        $stderr
    ) -join [System.Environment]::NewLine
    Set-Content -LiteralPath (Join-Path -Path $OutputDirectory -ChildPath "$Name.txt") -Value $text -Encoding 'UTF8'
    [PSCustomObject] @{ ExitCode = $process.ExitCode; StdOut = $stdout; StdErr = $stderr }
}

function Invoke-Netsh {
    <# netsh.exe with these arguments, recorded as <Name>.txt. #>
    param ([Parameter(Mandatory = $true)] [System.String] $Name, [Parameter(Mandatory = $true)] [System.String[]] $ArgumentList, [Parameter(Mandatory = $true)] [System.String] $OutputDirectory)

    Invoke-Recorded -Name $Name -FilePath ([System.IO.Path]::Combine($env:SystemRoot, 'System32', 'netsh.exe')) -ArgumentList $ArgumentList -OutputDirectory $OutputDirectory
}

function Get-RegistryTree {
    <#
        Every key below HKLM\<SubKey> with every value: name, kind (RegistryValueKind) and data (binary in hex,
        multi-string as an array), not expanded.
    #>
    param ([Parameter(Mandatory = $true)] [System.String] $SubKey)

    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey($SubKey)
    if ($null -eq $key) {
        return
    }
    try {
        $values = @(foreach ($name in $key.GetValueNames()) {
                $kind = $key.GetValueKind($name)
                $data = $key.GetValue($name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
                if ($kind -eq 'Binary') { $data = ([System.BitConverter]::ToString([System.Byte[]] $data)).Replace('-', '') }
                [ordered] @{ Name = $name; Kind = "$kind"; Data = $data }
            })
        [ordered] @{ Key = "HKLM\$SubKey"; Values = $values }
        foreach ($child in $key.GetSubKeyNames()) {
            Get-RegistryTree -SubKey "$SubKey\$child"
        }
    }
    finally {
        $key.Close()
    }
}

function Save-RegistryTree {
    <# The HTTP.sys SSL keys (every HTTP\Parameters subkey whose name starts with Ssl), as <Name>.json. #>
    param ([Parameter(Mandatory = $true)] [System.String] $Name, [Parameter(Mandatory = $true)] [System.String] $OutputDirectory)

    $parameters = 'SYSTEM\CurrentControlSet\Services\HTTP\Parameters'
    $root = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey($parameters)
    $names = @()
    if ($null -ne $root) {
        $names = @($root.GetSubKeyNames())
        $root.Close()
    }
    $tree = @(foreach ($child in $names) { Get-RegistryTree -SubKey "$parameters\$child" })
    Save-ProbeJson -Name $Name -InputObject ([ordered] @{ ParametersSubkeys = $names; Ssl = @($tree | Where-Object -FilterScript { $_.Key -match '\\Ssl[^\\]*BindingInfo' }) }) -OutputDirectory $OutputDirectory
}

function Save-ProbeJson {
    param ([Parameter(Mandatory = $true)] [System.String] $Name, [Parameter(Mandatory = $true)] $InputObject, [Parameter(Mandatory = $true)] [System.String] $OutputDirectory)

    ConvertTo-Json -InputObject $InputObject -Depth 8 | Set-Content -LiteralPath (Join-Path -Path $OutputDirectory -ChildPath "$Name.json") -Encoding 'UTF8'
}

function New-ProbeCertificate {
    <# A self-signed server certificate in LocalMachine\My for the probes; returns its thumbprint (upper case). #>
    param ([Parameter(Mandatory = $true)] [System.String] $Role, [System.String] $DnsName = 'probe.certrebind.test')

    $certificate = New-SelfSignedCertificate -CertStoreLocation 'Cert:\LocalMachine\My' -DnsName $DnsName -FriendlyName "$($script:FriendlyNamePrefix) $Role" -NotAfter ([System.DateTime]::Now.AddDays(60))
    $certificate.Thumbprint.ToUpperInvariant()
}

function Remove-ProbeCertificate {
    <# Removes every certificate of LocalMachine\My that a probe made (by its friendly name). #>
    Get-ChildItem -LiteralPath 'Cert:\LocalMachine\My' | Where-Object -FilterScript { $_.FriendlyName -like "$($script:FriendlyNamePrefix) *" } | Remove-Item -Force
}

Export-ModuleMember -Function 'Get-ProbeAppId', 'Get-IisAppId', 'ConvertTo-CommandLineArgument', 'Invoke-Recorded', 'Invoke-Netsh', 'Get-RegistryTree',
    'Save-RegistryTree', 'Save-ProbeJson', 'New-ProbeCertificate', 'Remove-ProbeCertificate'
