<#
    .SYNOPSIS
        The Test() of the module's DSC resources: whether the host is in the desired state.

    .DESCRIPTION
        Runs 'certrebind dsc test' (Invoke-CertRebindDscOperation), writes each reason the host is not in
        the desired state as a verbose message ('code: phrase') and returns _inDesiredState.

    .PARAMETER Resource
        The DSC resource: CertBindingsCurrent or CertAutoRebind.

    .PARAMETER Property
        The resource's desired state, as the exe reads it.

    .PARAMETER HostRoot
        A snapshot host directory, or $null or empty for this computer.
#>
function Test-CertRebindDscState {
    [CmdletBinding()]
    [OutputType([System.Boolean])]
    param (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Resource,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Property,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $HostRoot
    )

    $state = Invoke-CertRebindDscOperation -Resource $Resource -Operation 'test' -Property $Property -HostRoot $HostRoot
    foreach ($reason in $state.reasons) {
        Write-Verbose -Message ('{0}: {1}' -f $reason.code, $reason.phrase)
    }
    [System.Boolean] $state._inDesiredState
}
