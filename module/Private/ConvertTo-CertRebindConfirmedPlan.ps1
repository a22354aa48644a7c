<#
    .SYNOPSIS
        The plan the user confirmed, as 'certrebind rebind --plan -' reads it on standard input.

    .DESCRIPTION
        One JSON object, { "changes": [ { kind, endpoint, sites, from, to, approved } ] }: the changes of
        the dry run the user approved (approved true) and declined (approved false), with the
        certificates each was to move from and to (docs/cli-contract.md, "The confirmed plan"). The exe
        applies exactly the approved ones, leaves the declined ones alone and refuses anything else
        (CR3011).

    .PARAMETER Approved
        The changes[] entries of the dry run that were approved.

    .PARAMETER Declined
        The changes[] entries of the dry run that were declined.
#>
function ConvertTo-CertRebindConfirmedPlan {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [System.Object[]]
        $Approved,

        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [System.Object[]]
        $Declined
    )

    # Written here: ConvertTo-Json takes about 19 s for the 50,000 changes of a large host. The texts are
    # encoded as JSON strings by HttpUtility (Windows PowerShell loads System.Web on demand).
    if ($null -eq ('System.Web.HttpUtility' -as [System.Type])) {
        Add-Type -AssemblyName 'System.Web'
    }
    $encoder = [System.Web.HttpUtility]
    $json = New-Object -TypeName 'System.Text.StringBuilder' -ArgumentList (200 * ($Approved.Count + $Declined.Count) + 16)
    $null = $json.Append('{"changes":[')
    $separator = ''
    foreach ($group in @(@{ Changes = $Approved; Approved = 'true' }, @{ Changes = $Declined; Approved = 'false' })) {
        foreach ($change in $group.Changes) {
            $sites = foreach ($site in @($change.sites)) { if ($null -ne $site) { $encoder::JavaScriptStringEncode([System.String] $site, $true) } }
            $null = $json.Append($separator).Append('{"kind":').Append($encoder::JavaScriptStringEncode([System.String] $change.kind, $true))
            $null = $json.Append(',"endpoint":').Append($encoder::JavaScriptStringEncode([System.String] $change.endpoint, $true))
            $null = $json.Append(',"sites":[').Append((@($sites) -join ',')).Append(']')
            $null = $json.Append(',"from":').Append($encoder::JavaScriptStringEncode([System.String] $change.from, $true))
            $null = $json.Append(',"to":').Append($encoder::JavaScriptStringEncode([System.String] $change.to, $true))
            $null = $json.Append(',"approved":').Append($group.Approved).Append('}')
            $separator = ','
        }
    }
    $null = $json.Append(']}')
    $json.ToString()
}
