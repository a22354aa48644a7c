<#
    .SYNOPSIS
        Makes the module's own Linux exe executable when it is not.

    .DESCRIPTION
        A .nupkg is a zip file without Unix file modes, so Install-PSResource writes bin/linux-x64/certrebind
        without its execute bits. This adds them where the file can be read (owner, group, others), once;
        when that is not allowed, the calling cmdlet ends with an error that says what to run.

    .PARAMETER Path
        The exe.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet; errors are raised as that cmdlet.
#>
function Set-CertRebindExeExecutable {
    [CmdletBinding()]
    param (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Path,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    $mode = [System.IO.File]::GetUnixFileMode($Path)
    if ($mode.HasFlag([System.IO.UnixFileMode]::UserExecute)) {
        return
    }

    $readToExecute = @{ UserRead = 'UserExecute'; GroupRead = 'GroupExecute'; OtherRead = 'OtherExecute' }
    $newMode = $mode
    foreach ($read in $readToExecute.Keys) {
        if ($mode.HasFlag([System.IO.UnixFileMode] $read)) {
            $newMode = $newMode -bor [System.IO.UnixFileMode] $readToExecute[$read]
        }
    }
    try {
        [System.IO.File]::SetUnixFileMode($Path, $newMode)
    }
    catch {
        $message = $script:LocalizedData.ExeNotExecutable -f $Path, $_.Exception.Message
        $errorRecord = New-CertRebindErrorRecord -Message $message -ErrorId 'CRPS0002' -Category 'PermissionDenied' -TargetObject $Path -ExceptionType 'System.UnauthorizedAccessException'
        $CallerCmdlet.ThrowTerminatingError($errorRecord)
    }
}
