<#
    Does eventcreate keep a '"' in /D when the argument comes from Node (libuv quotes it as \")? eventcreate's own
    command-line parsing is not documented (https://learn.microsoft.com/windows-server/administration/windows-commands/eventcreate),
    and certrebind's audit entry is JSON full of quotes. probe-eventcreate-quote.mjs writes three entries (source
    CertRebindProbe, ids 991-993, Application log); this reads them back and records whether each message is the
    text sent. Needs node on PATH (the workflow sets it up). eventcreate registers CertRebindProbe as a source.
#>
param ([Parameter(Mandatory = $true)] [System.String] $OutputDirectory)

Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'ProbeHelpers.psm1') -Force
$since = [System.DateTime]::Now.AddSeconds(-2)
$sentPath = Join-Path -Path $OutputDirectory -ChildPath 'sent.json'
$node = (Get-Command -Name 'node' -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
$null = Invoke-Recorded -Name 'node-eventcreate' -FilePath $node -ArgumentList (Join-Path -Path $PSScriptRoot -ChildPath 'probe-eventcreate-quote.mjs'), $sentPath -OutputDirectory $OutputDirectory
Start-Sleep -Seconds 3
$sent = @(Get-Content -Raw -LiteralPath $sentPath | ConvertFrom-Json)
$logged = @(Get-WinEvent -FilterHashtable @{ LogName = 'Application'; ProviderName = 'CertRebindProbe'; StartTime = $since } -ErrorAction SilentlyContinue)
$results = foreach ($entry in $sent) {
    $found = @($logged | Where-Object -Property Id -EQ -Value $entry.id | Select-Object -First 1)
    # The event's own text (its data), not the formatted message, which may add words of the event log.
    $data = if ($found.Count -gt 0) { @(([xml] $found[0].ToXml()).Event.EventData.Data | ForEach-Object -Process { "$($_.'#text')" }) } else { @() }
    [ordered] @{
        Id              = $entry.id
        Sent            = $entry.sent
        EventcreateExit = $entry.status
        Logged          = $found.Count -gt 0
        Message         = if ($found.Count -gt 0) { $found[0].Message } else { $null }
        EventData       = $data
        SameAsSent      = ($data -join "`n") -ceq $entry.sent -or ($found.Count -gt 0 -and $found[0].Message -ceq $entry.sent)
    }
}
Save-ProbeJson -Name 'eventcreate-quote' -InputObject @($results) -OutputDirectory $OutputDirectory
