<#
    What an admin would write to read lifecycle events from a captured log: [xml] the file and Select-Xml the
    events, newest first, with their id, time and thumbprints. Baseline (c) of bench/run.ts.
#>
param(
    [Parameter(Mandatory)] [string] $HostRoot,
    [int] $Max = 100
)
$ErrorActionPreference = 'Stop'
$events = foreach ($channel in 'System', 'User') {
    [xml] $log = Get-Content -Raw (Join-Path $HostRoot "events/Lifecycle-$channel.xml")
    $ns = @{ e = 'http://schemas.microsoft.com/win/2004/08/events/event' }
    foreach ($node in (Select-Xml -Xml $log -XPath '//e:Event' -Namespace $ns).Node) {
        [pscustomobject]@{
            Id          = [int]$node.System.EventID
            TimeCreated = [datetime]$node.System.TimeCreated.SystemTime
            Thumbprint  = $node.UserData.CertNotificationData.CertificateDetails.Thumbprint
            Old         = $node.UserData.CertNotificationData.OldCertificateDetails.Thumbprint
            New         = $node.UserData.CertNotificationData.NewCertificateDetails.Thumbprint
        }
    }
}
($events | Sort-Object TimeCreated -Descending | Select-Object -First $Max).Count
