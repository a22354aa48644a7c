<#
    .SYNOPSIS
        Writes the notes of one changes[] entry of the rebind envelope as warnings.

    .DESCRIPTION
        Notes tell what a human should know about a change: an IP-specific record that shadows the
        SNI records on its port, a store name that changes. Each note is one warning that names the
        binding.

    .PARAMETER Change
        The entry: kind, endpoint, notes.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet; the warnings are written as that cmdlet.
#>
function Write-CertRebindChangeNote {
    [CmdletBinding()]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Change,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    foreach ($note in $Change.notes) {
        $CallerCmdlet.WriteWarning(($script:LocalizedData.RebindChangeNote -f $Change.kind, $Change.endpoint, $note))
    }
}
