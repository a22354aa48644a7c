<#
    .SYNOPSIS
        Lists the bindings of one host, of the given thumbprints or all, in one run of the exe.

    .DESCRIPTION
        Runs 'certrebind bindings' (--thumbprint for each thumbprint, as typed: the exe normalises
        them; --certificates-once: each certificate once, not once per binding, half the envelope to
        parse), writes each missing record as a warning and returns CertRebind.Binding objects.

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
        TypedData    = @{ bindings = [CertRebindBinding[]] }
    }
    $arguments = @(foreach ($value in $Thumbprint) { '--thumbprint', $value }) + '--certificates-once'
    $data = Invoke-CertRebindExe @invokeParameters -Arguments $arguments
    if ($null -eq $data) {
        return
    }

    foreach ($missingRecord in $data.missingRecords) {
        Write-CertRebindMissingRecordWarning -MissingRecord $missingRecord -CallerCmdlet $CallerCmdlet
    }

    # The host, and per certificate, once: its object and the three values each of its bindings copies.
    $context = (Get-CertRebindHostOrigin -HostRoot $HostRoot) + @{
        Listed = Get-CertRebindListedCertificate -Certificate $data.certificates
        Inline = @{}
    }
    # PowerShell 7 deserialized them into CertRebindBinding objects already (ConvertFrom-CertRebindTypedJson).
    $convertBatch = if ($data.bindings -is [CertRebindBinding[]]) { ${function:Complete-CertRebindBinding} } else { ${function:ConvertTo-CertRebindBinding} }
    Invoke-CertRebindEntryConversion -Entry $data.bindings -ConvertBatch $convertBatch -Context $context -Activity 'certrebind bindings'
}
