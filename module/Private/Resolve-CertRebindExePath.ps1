<#
    .SYNOPSIS
        Finds the certrebind executable.

    .DESCRIPTION
        $env:CERTREBIND_EXE wins when set (and must then name an existing file). Otherwise the module
        looks under its base directory in bin/<rid>/ (an installed module) and then dist/<rid>/ (a
        built working copy), where <rid> is win-x64 on Windows and linux-x64 elsewhere. Not found is
        a terminating error of the calling cmdlet that says how to build the exe.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet; errors are raised as that cmdlet.
#>
function Resolve-CertRebindExePath {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    $pathIntrinsics = $ExecutionContext.SessionState.Path
    if (-not [System.String]::IsNullOrEmpty($env:CERTREBIND_EXE)) {
        $configuredPath = $pathIntrinsics.GetUnresolvedProviderPathFromPSPath($env:CERTREBIND_EXE)
        if (Test-Path -LiteralPath $configuredPath -PathType Leaf) {
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

    $moduleBase = $ExecutionContext.SessionState.Module.ModuleBase
    $candidates = foreach ($folder in 'bin', 'dist') {
        [System.IO.Path]::Combine($moduleBase, $folder, $runtimeId, $fileName)
    }

    foreach ($candidate in $candidates) {
        if (Test-Path -LiteralPath $candidate -PathType Leaf) {
            if ($runtimeId -eq 'linux-x64') {
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
