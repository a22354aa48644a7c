<#
    Every HTTP.sys SSL key of the registry (HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters\Ssl*BindingInfo)
    with every value's name, type and data, as the real-host fixture left them: the value names for each record
    kind, how SNI and CCS subkeys are named, and whether extended properties are kept there. Not documented by
    Microsoft; the real-host tests read records this way as a check, never certrebind.
#>
param ([Parameter(Mandatory = $true)] [System.String] $OutputDirectory)

Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'ProbeHelpers.psm1') -Force
Save-RegistryTree -Name 'registry' -OutputDirectory $OutputDirectory
