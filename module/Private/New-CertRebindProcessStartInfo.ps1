<#
    .SYNOPSIS
        The start information of a run of the exe in PowerShell 7: arguments as a list, output redirected.

    .DESCRIPTION
        Each argument is one item of ArgumentList (no command line to quote), no shell and no window,
        standard output and error redirected and read as UTF-8 without a byte order mark, standard input
        redirected when there is input, and the current PowerShell location as the working directory, as
        for a native command.

    .PARAMETER ExePath
        The full path of the exe.

    .PARAMETER ArgumentList
        The arguments, each passed as it is.

    .PARAMETER HasInput
        Standard input is written (Write-CertRebindProcessInput).
#>
function New-CertRebindProcessStartInfo {
    [CmdletBinding()]
    [OutputType([System.Diagnostics.ProcessStartInfo])]
    param (
        [Parameter(Mandatory = $true)]
        [System.String]
        $ExePath,

        [Parameter()]
        [AllowEmptyCollection()]
        [System.String[]]
        $ArgumentList = @(),

        [Parameter()]
        [System.Boolean]
        $HasInput
    )

    $utf8 = [System.Text.UTF8Encoding]::new($false)
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($ExePath)
    foreach ($argument in $ArgumentList) {
        $startInfo.ArgumentList.Add($argument)
    }
    $startInfo.UseShellExecute = $false
    $startInfo.CreateNoWindow = $true
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.RedirectStandardInput = $HasInput
    $startInfo.StandardOutputEncoding = $utf8
    $startInfo.StandardErrorEncoding = $utf8
    # As for a native command: the exe starts in the current PowerShell location.
    $startInfo.WorkingDirectory = $ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath
    $startInfo
}
