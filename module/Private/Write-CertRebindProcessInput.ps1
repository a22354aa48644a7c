<#
    .SYNOPSIS
        Writes a text to the standard input of a running exe as UTF-8, and closes it.

    .DESCRIPTION
        Awaited without a throw: an exe that ends without reading all of its input (a broken pipe) says
        why in its output and exit code, and a caught exception would still land in the caller's
        -ErrorVariable. Such an I/O error is written as a verbose message; any other error is thrown.

    .PARAMETER Process
        The exe's process, started with its standard input redirected.

    .PARAMETER InputText
        The text to write.
#>
function Write-CertRebindProcessInput {
    [CmdletBinding()]
    param (
        [Parameter(Mandatory = $true)]
        [System.Diagnostics.Process]
        $Process,

        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [System.String]
        $InputText
    )

    $inputBytes = (New-Object -TypeName 'System.Text.UTF8Encoding' -ArgumentList $false).GetBytes($InputText)
    $writing = $Process.StandardInput.BaseStream.WriteAsync($inputBytes, 0, $inputBytes.Length)
    $null = [System.Threading.Tasks.Task]::WhenAny($writing).GetAwaiter().GetResult()
    $closing = $Process.StandardInput.DisposeAsync().AsTask()
    $null = [System.Threading.Tasks.Task]::WhenAny($closing).GetAwaiter().GetResult()
    foreach ($task in $writing, $closing) {
        if ($task.IsFaulted) {
            $cause = $task.Exception.GetBaseException()
            if ($cause -isnot [System.IO.IOException]) {
                throw $cause
            }
            Write-Verbose -Message $cause.Message
        }
    }
}
