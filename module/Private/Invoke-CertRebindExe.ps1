<#
    .SYNOPSIS
        Runs the certrebind exe once and returns the data of its JSON envelope.

    .DESCRIPTION
        The only place the module starts the exe. Builds the argument list
        (<command> <arguments> [--host-root <full path>] --json), runs the exe (Start-CertRebindProcess), parses the single JSON
        envelope on its standard output, writes the envelope's warnings and errors as the calling
        cmdlet, and returns the envelope's data.

        Errors become ErrorRecords whose id is the exe's code (FullyQualifiedErrorId
        CR2001,Get-CertBinding) and whose category follows the exit code. Exit code 4 (environment) and
        exit code 2 (bad input or usage) end the pipeline with the first error, except errors whose scope
        is 'item' (a malformed thumbprint or pair: CR2001, CR2010, CR2011): they are about one pipeline item,
        so they are written as non-terminating errors and the next item is processed. Other errors are non-terminating and the data is
        still returned.

        A cmdlet that runs the exe more than once for one piece of work (Invoke-CertRebind: a dry run,
        then the run that applies it) passes the same -ReportedMessages set to every run, so a warning
        or an error that both runs report is written only once.

    .PARAMETER Command
        The exe's command, for example 'bindings'.

    .PARAMETER Arguments
        The options of the command, for example '--thumbprint', 'AB12...'.

    .PARAMETER HostRoot
        A snapshot host directory; relative paths are resolved against the current PowerShell location.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet: warnings and errors are written as that cmdlet.

    .PARAMETER ReportedMessages
        The warnings and non-terminating errors already written for this piece of work. A warning
        (by its text) or an error (by its code and target, or its code and message when it has no
        target) that is in the set is not written again; the ones written are added. Without it,
        everything is written. Errors that end the pipeline, and the ones written just before, are
        always reported.

    .PARAMETER DeferredErrors
        When given, the non-terminating errors are added to this list instead of being written: the
        caller writes them when its work is done (Invoke-CertRebind applies the approved changes first,
        so that -ErrorAction Stop does not stop it before). Errors that end the pipeline are thrown as
        always.

    .PARAMETER InputText
        Text the exe reads from its standard input (the desired state of 'certrebind dsc'), sent as
        UTF-8. Without it, the exe's standard input is PowerShell's own.

    .PARAMETER AsHashtable
        Return the data as hashtables (on PowerShell 6 and later) instead of PSCustomObjects: parsed
        several times faster and in less memory, for commands whose data can be large (bindings,
        events, rebind) and which the caller converts to the module's objects anyway.

    .PARAMETER TypedData
        On PowerShell 7, lists of the data read by the module's compiled readers (see ConvertFrom-CertRebindJson).

    .PARAMETER WhileRunning
        Work to do while the exe runs (Start-CertRebindProcess), for example the first reading of a sample envelope.
#>
function Invoke-CertRebindExe {
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSObject])]
    param (
        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Command,

        [Parameter()]
        [AllowEmptyCollection()]
        [System.String[]]
        $Arguments = @(),

        [Parameter()]
        [System.String]
        $HostRoot,

        [Parameter()]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet,

        [Parameter()]
        [AllowNull()]
        [System.Collections.Generic.HashSet[System.String]]
        $ReportedMessages,

        [Parameter()]
        [AllowNull()]
        [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]
        $DeferredErrors,

        [Parameter()]
        [AllowEmptyString()]
        [System.String]
        $InputText,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $AsHashtable,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $TypedData,

        [Parameter()]
        [System.Management.Automation.ScriptBlock]
        $WhileRunning
    )

    if ($null -eq $CallerCmdlet) { $CallerCmdlet = $PSCmdlet }

    $exePath = Resolve-CertRebindExePath -CallerCmdlet $CallerCmdlet

    $exeArguments = @($Command) + @($Arguments)
    if (-not [System.String]::IsNullOrEmpty($HostRoot)) {
        $exeArguments += '--host-root', (Resolve-CertRebindHostRoot -HostRoot $HostRoot)
    }
    $exeArguments += '--json'

    Write-Verbose -Message ("{0} {1}" -f $exePath, ($exeArguments -join ' '))

    $runParameters = @{ WhileRunning = $WhileRunning }
    if ($PSBoundParameters.ContainsKey('InputText')) {
        $runParameters.InputText = $InputText
    }
    $run = Start-CertRebindExeRun -ExePath $exePath -ArgumentList $exeArguments -Command $Command -CallerCmdlet $CallerCmdlet @runParameters

    $envelope = Read-CertRebindEnvelope -Run $run -Command $Command -ExePath $exePath -AsHashtable:$AsHashtable -TypedData $TypedData -CallerCmdlet $CallerCmdlet

    Write-CertRebindEnvelopeWarning -Envelope $envelope -ReportedMessages $ReportedMessages -CallerCmdlet $CallerCmdlet
    $reportParameters = @{ ReportedMessages = $ReportedMessages; DeferredErrors = $DeferredErrors; CallerCmdlet = $CallerCmdlet }
    Write-CertRebindEnvelopeError -Envelope $envelope -ExitCode ([System.Int32] $run.ExitCode) -Command $Command @reportParameters

    $envelope.data
}
