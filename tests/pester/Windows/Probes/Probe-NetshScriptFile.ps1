<#
    What 'netsh -f <script>' does when a line fails (Microsoft documents only "exits netsh after running the
    script": https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-contexts). Three
    two-line scripts (ASCII, CRLF): the first line invalid, the second invalid, both valid. The valid line adds a
    URL reservation that changes nothing else, so 'show urlacl' tells whether it ran. The exit code and output of
    each are recorded, and the reservation is removed after each script.
#>
param ([Parameter(Mandatory = $true)] [System.String] $OutputDirectory)

Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'ProbeHelpers.psm1') -Force
$url = 'http://+:48123/certrebind-probe/'
$valid = "http add urlacl url=$url sddl=D:(A;;GX;;;WD)"
$invalid = 'http add sslcert ipport=999.1.1.1:1 certhash=zz appid={00000000-0000-0000-0000-000000000000}'
$scripts = [ordered] @{ 'invalid-then-valid' = @($invalid, $valid); 'valid-then-invalid' = @($valid, $invalid); 'valid-then-show' = @($valid, "http show urlacl url=$url") }
$folder = Join-Path -Path $OutputDirectory -ChildPath 'scripts'
$null = New-Item -ItemType Directory -Force -Path $folder
foreach ($name in $scripts.Keys) {
    $path = Join-Path -Path $folder -ChildPath "$name.txt"
    [System.IO.File]::WriteAllText($path, (($scripts[$name] -join "`r`n") + "`r`n"), [System.Text.Encoding]::ASCII)
    try {
        $null = Invoke-Netsh -Name "$name-run" -ArgumentList '-f', $path -OutputDirectory $OutputDirectory
        $null = Invoke-Netsh -Name "$name-show-urlacl" -ArgumentList 'http', 'show', 'urlacl', "url=$url" -OutputDirectory $OutputDirectory
    }
    finally {
        $null = Invoke-Netsh -Name "$name-cleanup" -ArgumentList 'http', 'delete', 'urlacl', "url=$url" -OutputDirectory $OutputDirectory
    }
}
