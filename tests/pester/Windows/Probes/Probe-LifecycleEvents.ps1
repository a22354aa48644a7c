<#
    The raw XML of the newest certificate lifecycle events (1001 renewal, 1006 ...) as wevtutil prints them (the
    real-host tests raise a real 1001 with Switch-Certificate -NotifyOnly before the probes run), and IIS's own
    IIS-AutoCertRebind task as Task Scheduler exports it: the project has neither from a real machine, only a
    rendering of a 1001 and an administrator's re-creation of the task.
#>
param ([Parameter(Mandatory = $true)] [System.String] $OutputDirectory)

Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'ProbeHelpers.psm1') -Force
$wevtutil = [System.IO.Path]::Combine($env:SystemRoot, 'System32', 'wevtutil.exe')
$schtasks = [System.IO.Path]::Combine($env:SystemRoot, 'System32', 'schtasks.exe')
foreach ($scope in 'System', 'User') {
    $channel = "Microsoft-Windows-CertificateServicesClient-Lifecycle-$scope/Operational"
    $null = Invoke-Recorded -Name "lifecycle-$scope-channel" -FilePath $wevtutil -ArgumentList 'gl', $channel -OutputDirectory $OutputDirectory
    $null = Invoke-Recorded -Name "lifecycle-$scope-events" -FilePath $wevtutil -ArgumentList 'qe', $channel, '/rd:true', '/c:10', '/f:xml', '/e:Events', '/uni:true' -OutputDirectory $OutputDirectory
}
$null = Invoke-Recorded -Name 'task-IIS-AutoCertRebind' -FilePath $schtasks -ArgumentList '/Query', '/TN', '\Microsoft\Windows\CertificateServicesClient\IIS-AutoCertRebind', '/XML' -OutputDirectory $OutputDirectory
