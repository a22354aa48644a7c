<#
    .SYNOPSIS
        Turns the parameters of Invoke-CertRebind into the arguments of 'certrebind rebind'.

    .DESCRIPTION
        --auto (and --days when -Days is given) or --old and --new, then --allow-name-mismatch,
        --restart-services and --wait as given, and always --kept-once. The thumbprints go to the exe
        as they were typed: the exe normalises them.

    .PARAMETER BoundParameters
        The $PSBoundParameters of Invoke-CertRebind.

    .PARAMETER Auto
        The parameter set is Auto: the successor scan instead of two thumbprints.
#>
function ConvertTo-CertRebindRebindArgument {
    [CmdletBinding()]
    [OutputType([System.String[]])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $BoundParameters,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Auto
    )

    if ($Auto.IsPresent) {
        $arguments = @('--auto')
        if ($BoundParameters.ContainsKey('Days')) {
            $arguments += '--days', [System.String] $BoundParameters['Days']
        }
    }
    else {
        $arguments = @('--old', $BoundParameters['OldThumbprint'], '--new', $BoundParameters['NewThumbprint'])
    }
    if ($BoundParameters.ContainsKey('AllowNameMismatch') -and $BoundParameters['AllowNameMismatch'].IsPresent) {
        $arguments += '--allow-name-mismatch'
    }
    if ($BoundParameters.ContainsKey('RestartService') -and $BoundParameters['RestartService'].IsPresent) {
        $arguments += '--restart-services'
    }
    if ($BoundParameters.ContainsKey('WaitSeconds')) {
        $arguments += '--wait', [System.String] $BoundParameters['WaitSeconds']
    }
    # Each distinct kept list once (data.keptLists), not once per change: a large host's changes share a few.
    $arguments + '--kept-once'
}
