<#
    .SYNOPSIS
        Finds the certrebind executable.

    .DESCRIPTION
        $env:CERTREBIND_EXE wins when set (and must then name an existing file). Otherwise the module
        looks under its base directory in bin/<rid>/ (an installed module) and then dist/<rid>/ (a
        built working copy), where <rid> is win-x64 on Windows and linux-x64 elsewhere. Not found is
        a terminating error of the calling cmdlet that says how to get the exe back. The Linux exe is
        made executable (Set-CertRebindExeExecutable) only when it is not, and only where .NET can read
        a file's Unix mode: File.GetUnixFileMode came with .NET 7, PowerShell 7.3
        (https://learn.microsoft.com/dotnet/api/system.io.file.getunixfilemode). Before it the exe is run as
        it is found.

        Files are tested with [System.IO.File]::Exists, not Test-Path: in a new PowerShell process the
        cmdlet's first call took 12-14 ms before the exe could start.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet; errors are raised as that cmdlet.

    .PARAMETER ModuleBase
        The folder to look in; the module's own base by default.
#>
function Resolve-CertRebindExePath {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet,

        [Parameter()]
        [System.String]
        $ModuleBase = $ExecutionContext.SessionState.Module.ModuleBase
    )

    $pathIntrinsics = $ExecutionContext.SessionState.Path
    if (-not [System.String]::IsNullOrEmpty($env:CERTREBIND_EXE)) {
        $configuredPath = $pathIntrinsics.GetUnresolvedProviderPathFromPSPath($env:CERTREBIND_EXE)
        if ([System.IO.File]::Exists($configuredPath)) {
            return $configuredPath
        }

        $message = $script:LocalizedData.ExeNotFoundFromEnvironment -f $env:CERTREBIND_EXE
        $errorRecord = New-CertRebindErrorRecord -Message $message -ErrorId 'CRPS0001' -Category 'ObjectNotFound' -TargetObject $env:CERTREBIND_EXE -ExceptionType 'System.IO.FileNotFoundException'
        $CallerCmdlet.ThrowTerminatingError($errorRecord)
    }

    # $IsWindows does not exist in Windows PowerShell 5.1, which only runs on Windows.
    if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) {
        $runtimeId = 'win-x64'
        $fileName = 'certrebind.exe'
    }
    else {
        $runtimeId = 'linux-x64'
        $fileName = 'certrebind'
    }

    $candidates = foreach ($folder in 'bin', 'dist') {
        [System.IO.Path]::Combine($ModuleBase, $folder, $runtimeId, $fileName)
    }

    foreach ($candidate in $candidates) {
        if ([System.IO.File]::Exists($candidate)) {
            if ($runtimeId -eq 'linux-x64' -and $script:ReadsUnixFileMode -and -not [System.IO.File]::GetUnixFileMode($candidate).HasFlag([System.IO.UnixFileMode]::UserExecute)) {
                Set-CertRebindExeExecutable -Path $candidate -CallerCmdlet $CallerCmdlet
            }
            return $candidate
        }
    }

    $message = $script:LocalizedData.ExeNotFound -f ($candidates -join ', ')
    $errorRecord = New-CertRebindErrorRecord -Message $message -ErrorId 'CRPS0001' -Category 'ObjectNotFound' -TargetObject $fileName -ExceptionType 'System.IO.FileNotFoundException'
    $errorRecord.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($message)
    $errorRecord.ErrorDetails.RecommendedAction = $script:LocalizedData.ExeNotFoundRecommendedAction
    $CallerCmdlet.ThrowTerminatingError($errorRecord)
}
