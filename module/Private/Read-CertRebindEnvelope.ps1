<#
    .SYNOPSIS
        Reads the JSON envelope of a finished run of the exe, or ends the command when it has none.

    .DESCRIPTION
        Writes the exe's standard error as a verbose message, parses its standard output
        (ConvertFrom-CertRebindJson) and ends the calling cmdlet with CRPS0003 when that is no envelope,
        or CRPS0005 when its schema version is not the one this module understands.

    .PARAMETER Run
        The run (Start-CertRebindProcess): StandardOutput, StandardError, ExitCode.

    .PARAMETER Command
        The exe's command, for the messages.

    .PARAMETER ExePath
        The exe's path, the target of the errors.

    .PARAMETER AsHashtable
        Parse JSON objects into hashtables.

    .PARAMETER TypedData
        The data arrays to deserialize into the module's classes (ConvertFrom-CertRebindJson).

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet, ended by the errors.
#>
function Read-CertRebindEnvelope {
    [CmdletBinding()]
    [OutputType([System.Object])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Run,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Command,

        [Parameter(Mandatory = $true)]
        [System.String]
        $ExePath,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $AsHashtable,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $TypedData,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    $exitCode = [System.Int32] $Run.ExitCode
    $stdoutText = $Run.StandardOutput
    $stderrText = $Run.StandardError
    if ($stderrText) {
        Write-Verbose -Message $stderrText
    }

    $envelope = ConvertFrom-CertRebindJson -Text $stdoutText -AsHashtable:$AsHashtable -TypedData $TypedData
    if ($null -eq $envelope) {
        $message = $script:LocalizedData.ExeInvalidOutput -f $Command, $exitCode, (Get-CertRebindTextStart -Text $stdoutText), (Get-CertRebindTextStart -Text $stderrText)
        $CallerCmdlet.ThrowTerminatingError((New-CertRebindErrorRecord -Message $message -ErrorId 'CRPS0003' -Category 'InvalidResult' -TargetObject $ExePath))
    }

    if ($envelope.schemaVersion -ne $script:SupportedSchemaVersion) {
        $message = $script:LocalizedData.ExeUnsupportedSchema -f $Command, $envelope.schemaVersion, $script:SupportedSchemaVersion
        $CallerCmdlet.ThrowTerminatingError((New-CertRebindErrorRecord -Message $message -ErrorId 'CRPS0005' -Category 'InvalidData' -TargetObject $ExePath))
    }
    $envelope
}
