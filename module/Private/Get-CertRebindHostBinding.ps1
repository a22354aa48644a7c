<#
    .SYNOPSIS
        Lists the bindings of one host, of the given thumbprints or all, in one run of the exe.

    .DESCRIPTION
        Runs 'certrebind bindings' (--thumbprint for each thumbprint, as typed: the exe normalises
        them; --certificates-once: each certificate once, not once per binding, half the envelope to
        parse), writes each missing record as a warning and returns CertRebind.Binding objects
        (ConvertFrom-CertRebindBindingData). On PowerShell 7 the first call of a session has the exe's run read a
        sample envelope while it waits (Initialize-CertRebindBindingReading).

    .PARAMETER Thumbprint
        The thumbprints whose bindings are wanted, in order; none for every binding of the host.

    .PARAMETER HostRoot
        A snapshot host directory, or $null for this computer.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of Get-CertBinding; errors and warnings are written as that cmdlet.
#>
function Get-CertRebindHostBinding {
    [CmdletBinding()]
    [OutputType('CertRebind.Binding')]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [System.String[]]
        $Thumbprint,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $HostRoot,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    $invokeParameters = @{
        Command      = 'bindings'
        CallerCmdlet = $CallerCmdlet
        AsHashtable  = $true
        HostRoot     = $HostRoot
        TypedData    = @{ bindings = 'CertRebind.BindingReader' }
    }
    # PowerShell 7, once a session (the flag is unset at import): the first reading done on a sample while the exe runs.
    if ($script:ReadsTypedJson -and -not $script:BindingReadingInitialized) {
        $script:BindingReadingInitialized = $true
        $invokeParameters.WhileRunning = ${function:Initialize-CertRebindBindingReading}
    }
    $arguments = @(foreach ($value in $Thumbprint) { '--thumbprint', $value }) + '--certificates-once'
    $data = Invoke-CertRebindExe @invokeParameters -Arguments $arguments
    if ($null -eq $data) {
        return
    }

    foreach ($missingRecord in $data.missingRecords) {
        Write-CertRebindMissingRecordWarning -MissingRecord $missingRecord -CallerCmdlet $CallerCmdlet
    }

    ConvertFrom-CertRebindBindingData -Data $data -HostRoot $HostRoot
}
