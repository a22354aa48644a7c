<#
    .SYNOPSIS
        Start-CertRebindProcess on Windows PowerShell 5.1: runs the exe as a native command.

    .DESCRIPTION
        Returns StandardOutput, StandardError and ExitCode like Start-CertRebindProcess. Native stderr
        and a non-zero exit code are data here, never PowerShell errors.
#>
function Start-CertRebindNativeCommand {
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSObject])]
    param (
        [System.String] $ExePath,
        [System.String[]] $ArgumentList,
        [System.String] $InputText,
        [System.Boolean] $HasInput
    )

    $previousOutputEncoding = [System.Console]::OutputEncoding
    try {
        # The exe writes UTF-8; Windows consoles default to an OEM code page.
        [System.Console]::OutputEncoding = New-Object -TypeName 'System.Text.UTF8Encoding' -ArgumentList $false
    }
    catch {
        # No console (ISE, some services): keep the current encoding.
        $previousOutputEncoding = $null
    }

    try {
        $ErrorActionPreference = 'Continue'
        if ($HasInput) {
            # The exe reads UTF-8; Windows PowerShell 5.1 pipes ASCII to native commands by default.
            $OutputEncoding = New-Object -TypeName 'System.Text.UTF8Encoding' -ArgumentList $false
            $output = $InputText | & $ExePath @ArgumentList 2>&1
        }
        else {
            $output = & $ExePath @ArgumentList 2>&1
        }
        $exitCode = $LASTEXITCODE
    }
    finally {
        if ($null -ne $previousOutputEncoding) {
            [System.Console]::OutputEncoding = $previousOutputEncoding
        }
    }

    [PSCustomObject] @{
        StandardOutput = @($output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }) -join "`n"
        StandardError  = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.ToString() }) -join "`n"
        ExitCode       = $exitCode
    }
}
