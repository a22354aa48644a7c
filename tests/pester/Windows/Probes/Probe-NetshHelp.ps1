<#
    The usage text of the netsh http sslcert commands on this build: which options it accepts (the capability
    matrix the project has only for Server 2019 and one 2024 build), and whether 'update sslcert' exists at all
    (Server 2016 has no HttpUpdateServiceConfiguration; whether netsh's update maps to it is a guess).
    https://learn.microsoft.com/windows-server/administration/windows-commands/netsh-http
#>
param ([Parameter(Mandatory = $true)] [System.String] $OutputDirectory)

Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'ProbeHelpers.psm1') -Force

foreach ($command in 'add sslcert', 'update sslcert', 'delete sslcert', 'show sslcert', 'add sslpropertyex', 'update sslpropertyex', 'show sslpropertyex') {
    $words = $command -split ' '
    $null = Invoke-Netsh -Name ('help-' + ($words -join '-')) -ArgumentList (@('http') + $words + 'help') -OutputDirectory $OutputDirectory
}
