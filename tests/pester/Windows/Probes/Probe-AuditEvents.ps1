<#
    What the Application log holds of certrebind's audit events (docs/audit-events.md), written by the runs of the
    real-host tests before the probes: for each event of source CertRebind its ID, level, formatted message, insertion
    strings and XML, and whether the message is the first insertion string (what .NET's EventLogMessages.dll, the
    source's message file, is inferred to give); and the source's registry key with whether its message file exists.
    It reads only.
#>
param ([Parameter(Mandatory = $true)] [System.String] $OutputDirectory)

Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'ProbeHelpers.psm1') -Force
$key = 'HKLM:\SYSTEM\CurrentControlSet\Services\EventLog\Application\CertRebind'
$registration = [ordered] @{ Exists = (Test-Path -LiteralPath $key) }
if ($registration.Exists) {
    $item = Get-Item -LiteralPath $key
    foreach ($name in $item.GetValueNames()) {
        $registration[$name] = [ordered] @{
            Kind     = "$($item.GetValueKind($name))"
            Raw      = $item.GetValue($name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
            Expanded = $item.GetValue($name)
        }
    }
    if ($registration.Contains('EventMessageFile')) {
        $registration['MessageFileExists'] = Test-Path -LiteralPath $registration['EventMessageFile'].Expanded
    }
}
$events = @(Get-WinEvent -FilterHashtable @{ LogName = 'Application'; ProviderName = 'CertRebind' } -ErrorAction SilentlyContinue)
$results = foreach ($logged in $events) {
    $strings = @($logged.Properties | ForEach-Object -Process { "$($_.Value)" })
    [ordered] @{
        Id                   = $logged.Id
        Level                = $logged.Level
        LevelDisplayName     = $logged.LevelDisplayName
        TimeCreated          = $logged.TimeCreated.ToString('o')
        Message              = $logged.Message
        MessageIsFirstString = $strings.Count -gt 0 -and "$($logged.Message)".TrimEnd() -ceq $strings[0]
        Properties           = $strings
        Xml                  = $logged.ToXml()
    }
}
Save-ProbeJson -Name 'audit-events' -InputObject ([ordered] @{ Registration = $registration; Events = @($results) }) -OutputDirectory $OutputDirectory
