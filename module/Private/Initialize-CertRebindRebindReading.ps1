<#
    .SYNOPSIS
        Reads a sample envelope of 'certrebind rebind' as Invoke-CertRebind reads the exe's, and drops what it makes:
        called by Start-CertRebindProcess while the exe runs (PowerShell 7).

    .DESCRIPTION
        In a new PowerShell process the first call of each of the module's functions costs more than the work it does
        (a few to some tens of milliseconds each: PowerShell compiles the function and each new method call on first
        use; bench/README.md). Done on a sample of one planned change on PowerShell's own thread, which would otherwise
        only wait for the exe, those first calls are paid while the exe runs, and the reading of its output after its
        exit is warm. Once a session for each stage:

        DryRun  the dry run of -WhatIf and -Confirm: the envelope read, the plan explained, the planned changes
                selected, a question built for each and asked of this function's own ShouldProcess, and the
                confirmed plan written; under -WhatIf:$false, $ConfirmPreference 'None' and silenced verbose,
                warning and information messages, so that it prints and asks nothing.
        Apply   the run that applies: the envelope read, the summary formatted and the changes converted.

        It starts only once the exe has run a tenth of a second (a small host's run has ended by then and is read as
        without this), and each step is left out once the exe has exited, so that a run that ends first waits at most
        for the step under way. Writes nothing.

    .PARAMETER Process
        The exe's process.

    .PARAMETER Stage
        DryRun or Apply.
#>
function Initialize-CertRebindRebindReading {
    [CmdletBinding()]
    [OutputType([System.Void])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Diagnostics.Process]
        $Process,

        [Parameter(Mandatory = $true)]
        [ValidateSet('DryRun', 'Apply')]
        [System.String]
        $Stage
    )

    if ($null -eq $script:RebindReadingInitialized) {
        $script:RebindReadingInitialized = @{}
    }
    if ($script:RebindReadingInitialized[$Stage] -or $Process.WaitForExit(100)) {
        return
    }
    $script:RebindReadingInitialized[$Stage] = $true
    # Its own questions are never -WhatIf and never asked; its messages are dropped, whatever the caller's preferences.
    $WhatIfPreference = $false
    $ConfirmPreference = 'None'
    $silently = @{ Verbose = $false; WarningAction = 'Ignore'; InformationAction = 'Ignore' }
    Read-CertRebindRebindSample -Process $Process -Stage $Stage @silently
}
