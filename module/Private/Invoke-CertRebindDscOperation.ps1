<#
    .SYNOPSIS
        Runs one operation of a DSC resource, 'certrebind dsc get|test|set --resource <Resource>',
        for the class-based resources CertBindingsCurrent and CertAutoRebind, and returns the state.

    .DESCRIPTION
        Keeps the classes thin: a class hands over its desired state, this function sends it to the exe
        as DSC v3 does (one JSON object on standard input) and returns the state the exe reports (the
        data of its envelope). The exe makes every decision: whether the host is in the desired state,
        the reasons why not, and what Set changes. The class-based resources and the exe's DSC v3
        manifests therefore agree by construction.

        Warnings are written as warnings. A Set that cannot finish (targets refused by validation, a
        run that failed and was rolled back, a task that reads back wrong) throws one error, CRPS0006,
        that lists every error of the exe: a DSC engine reports a resource whose Set throws as failed,
        with the message. Errors of Get and Test are written as errors. Bad input and environment
        errors (exit codes 2 and 4) end the operation, as they end the module's cmdlets.

    .PARAMETER Resource
        CertBindingsCurrent or CertAutoRebind.

    .PARAMETER Operation
        get, test or set.

    .PARAMETER Property
        The desired state, by the DSC v3 names of the properties: name and days (CertBindingsCurrent);
        _exist, dailyAt and replaceBuiltIn (CertAutoRebind).

    .PARAMETER HostRoot
        A snapshot host directory, or $null (or empty) for this machine.
#>
function Invoke-CertRebindDscOperation {
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSObject])]
    param (
        [Parameter(Mandatory = $true)]
        [ValidateSet('CertBindingsCurrent', 'CertAutoRebind')]
        [System.String]
        $Resource,

        [Parameter(Mandatory = $true)]
        [ValidateSet('get', 'test', 'set')]
        [System.String]
        $Operation,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Property,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $HostRoot
    )

    $invokeParameters = @{
        Command   = 'dsc'
        Arguments = @($Operation, '--resource', $Resource)
        InputText = ConvertTo-Json -InputObject $Property -Compress
    }
    if (-not [System.String]::IsNullOrEmpty($HostRoot)) {
        $invokeParameters.HostRoot = $HostRoot
    }

    # Invoke-CertRebindExe writes the exe's errors as its own: collect them here, to throw or to pass on,
    # whatever the caller's $ErrorActionPreference (a DSC engine's may be Stop). An error that ends the
    # exe's run (bad input, environment) ends this operation too.
    $exeErrors = @()
    try {
        $state = Invoke-CertRebindExe @invokeParameters -ErrorAction SilentlyContinue -ErrorVariable exeErrors
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }

    if ($exeErrors.Count -gt 0) {
        if ($Operation -eq 'set') {
            $details = foreach ($exeError in $exeErrors) {
                $code = ([System.String] $exeError.FullyQualifiedErrorId).Split(',')[0]
                '{0}: {1}' -f $code, $exeError.Exception.Message
            }
            $message = $script:LocalizedData.DscSetIncomplete -f $Resource, ($details -join ' ')
            $PSCmdlet.ThrowTerminatingError((New-CertRebindErrorRecord -Message $message -ErrorId 'CRPS0006' -Category 'InvalidResult' -TargetObject $Resource))
        }
        foreach ($exeError in $exeErrors) {
            $PSCmdlet.WriteError($exeError)
        }
    }

    $state
}
