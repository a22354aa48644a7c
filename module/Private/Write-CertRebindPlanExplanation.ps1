<#
    .SYNOPSIS
        Writes what a rebind plan explains as verbose messages, and returns each successor's reason.

    .DESCRIPTION
        The records the rebind does not change (informational[]), and with -Auto each bound certificate
        the successor scan looked at (successors[]): the successor and why, or why none. Returns a
        hashtable of the scan's reasons by thumbprint with -Auto, else $null.

    .PARAMETER Plan
        The data of the rebind envelope (a hashtable).

    .PARAMETER Auto
        The rebind is the successor scan.
#>
function Write-CertRebindPlanExplanation {
    [CmdletBinding()]
    [OutputType([System.Collections.Hashtable])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Plan,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Auto
    )

    foreach ($informational in $Plan.informational) {
        $sites = [CertRebind.StringList]::Of($informational.sites)
        $sitesText = if ($sites.Count -gt 0) { $sites -join ', ' } else { $script:LocalizedData.RebindNoSites }
        Write-Verbose -Message ($script:LocalizedData.RebindInformational -f $informational.kind, $informational.endpoint, $sitesText, $informational.reason)
    }

    if (-not $Auto.IsPresent) {
        return $null
    }
    $successorReason = @{}
    foreach ($successor in $Plan.successors) {
        $reason = Format-CertRebindExeMessage -Message ([System.String] $successor.reason) -Remedy $successor.remedy
        $successorReason[[System.String] $successor.thumbprint] = $reason
        Write-Verbose -Message ($script:LocalizedData.RebindSuccessor -f $successor.thumbprint, $successor.why, $reason)
    }
    $successorReason
}
