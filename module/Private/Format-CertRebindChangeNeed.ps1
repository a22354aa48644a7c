<#
    .SYNOPSIS
        Returns what a change needs besides its own write, as the exe's rebind table says it (Needs column).

    .DESCRIPTION
        'key read: grant NT Service\MSSQLSERVER; restart MSSQLSERVER': each account whose read access to the new
        key is not already there (status grant, granted or refused), then the restart of the change's service when
        the change takes effect only when it starts again. An empty string when the change needs nothing more (every
        IIS binding, an RDP listener whose account already reads the key, WinRM). The Change table view
        (CertRebind.Format.ps1xml, Needs column) writes the same text.

    .PARAMETER Change
        A changes[] entry of the rebind envelope (keyAccess, restartRequired, service), or a CertRebind.Change.
#>
function Format-CertRebindChangeNeed {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Change
    )

    $needs = @(
        foreach ($access in $Change.keyAccess) {
            if ($null -ne $access -and $access.status -ne 'has') {
                'key read: {0} {1}' -f $access.status, $access.account
            }
        }
        if ($true -eq $Change.restartRequired) {
            'restart {0}' -f $(if ($Change.service) { $Change.service } else { 'its service' })
        }
    )
    $needs -join '; '
}
