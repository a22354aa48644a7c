<#
    .SYNOPSIS
        Calls the calling cmdlet's ShouldProcess once, for a whole rebind, and says whether it may run.

    .DESCRIPTION
        Used when nothing is to be asked (ShouldProcess approves without a question): the rebind then
        plans and applies in one run, and this is its one ShouldProcess call.

    .PARAMETER Auto
        The rebind is the successor scan.

    .PARAMETER OldThumbprint
        The old thumbprint of a rebind by thumbprints.

    .PARAMETER NewThumbprint
        The new thumbprint of a rebind by thumbprints.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of Invoke-CertRebind.
#>
function Confirm-CertRebindWholeRebind {
    [CmdletBinding()]
    [OutputType([System.Boolean])]
    param (
        [Parameter()]
        [System.Boolean]
        $Auto,

        [Parameter()]
        [AllowNull()]
        [System.String]
        $OldThumbprint,

        [Parameter()]
        [AllowNull()]
        [System.String]
        $NewThumbprint,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    $texts = $script:LocalizedData
    if ($Auto) {
        return $CallerCmdlet.ShouldProcess($texts.RebindAutoAllDescription, $texts.RebindAutoAllConfirmation, $texts.RebindAllCaption)
    }
    $description = $texts.RebindAllDescription -f $OldThumbprint, $NewThumbprint
    $CallerCmdlet.ShouldProcess($description, ($texts.RebindAllConfirmation -f $OldThumbprint, $NewThumbprint), $texts.RebindAllCaption)
}
