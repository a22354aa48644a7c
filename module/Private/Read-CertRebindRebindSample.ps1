<#
    .SYNOPSIS
        Reads a sample envelope of 'certrebind rebind' as Invoke-CertRebind reads the exe's and drops what it makes:
        the steps of Initialize-CertRebindRebindReading.

    .DESCRIPTION
        A function of its own so that its caller can silence its messages with common parameters (-Verbose:$false,
        -WarningAction Ignore, -InformationAction Ignore): the module's functions write them as the cmdlet they are
        handed, and this one hands its own. Each step is left out once the exe has exited.

    .PARAMETER Process
        The exe's process.

    .PARAMETER Stage
        DryRun or Apply (Initialize-CertRebindRebindReading).
#>
function Read-CertRebindRebindSample {
    [CmdletBinding()]
    [OutputType([System.Void])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Diagnostics.Process]
        $Process,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Stage
    )

    # One planned change with the fields the exe writes for an HTTP.sys record, its kept list given once (--kept-once;
    # docs/schema/rebind.schema.json). No note: a warning of the sample would reach the caller's -WarningVariable even
    # with -WarningAction Ignore.
    $sampleEnvelope = @'
{"schemaVersion":1,"command":"rebind","ok":true,"data":{"runId":"20261203T061328Z-9ea5ee","dryRun":true,
"old":{"thumbprint":"0F70C94C6482E61B0A43B9816E830ED7B30B8C44"},"new":{"thumbprint":"A909502DD82AE41433E6F83886B00D4277A32A7B"},
"checks":[],"changes":[{"kind":"hostnameport","endpoint":"www.contoso.com:443","sites":["Default Web Site"],
"hostnames":["www.contoso.com"],"from":"0F70C94C6482E61B0A43B9816E830ED7B30B8C44","to":"A909502DD82AE41433E6F83886B00D4277A32A7B",
"storeName":{"from":"My","to":"My"},"status":"planned","code":null,"reason":null,"kept":0,"metabase":[],"notes":[]}],
"informational":[],"changed":0,"backup":null,"audit":null,"keptLists":[["AppId: {4dc3e181-e14b-4a21-b022-59fc669b0914}"]]},
"errors":[],"warnings":[]}
'@
    $sampleRun = [PSCustomObject] @{ StandardOutput = $sampleEnvelope; StandardError = ''; ExitCode = 0 }
    $envelope = Read-CertRebindEnvelope -Run $sampleRun -Command 'rebind' -ExePath 'certrebind' -AsHashtable -TypedData @{ changes = 'CertRebind.JsonHashtable' } -CallerCmdlet $PSCmdlet
    $reportParameters = @{ ReportedMessages = [System.Collections.Generic.HashSet[System.String]]::new(); CallerCmdlet = $PSCmdlet }
    Write-CertRebindEnvelopeWarning -Envelope $envelope @reportParameters
    Write-CertRebindEnvelopeError -Envelope $envelope -ExitCode 0 -Command 'rebind' @reportParameters
    $data = $envelope.data
    if ($Process.HasExited) {
        return
    }

    if ($Stage -eq 'DryRun') {
        $null = Write-CertRebindPlanExplanation -Plan $data
        $plannedChanges = @(Select-CertRebindPlannedChange -Plan $data -CallerCmdlet $PSCmdlet)
        if ($Process.HasExited) {
            return
        }
        $null = Confirm-CertRebindRebindPlan -Plan $data -PlannedChange $plannedChanges -SuccessorReason $null -Auto $false -CallerCmdlet $PSCmdlet
        return
    }

    Write-CertRebindRunSummary -Result $data
    $null = ConvertTo-CertRebindRunChange -Result $data -Origin @{ HostRoot = $null; ComputerName = 'sample' }
}
