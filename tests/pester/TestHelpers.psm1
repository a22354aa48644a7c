# Helpers shared by the Pester suites.

function Get-CertRebindTestExe {
    <# The certrebind exe the integration tests run: $env:CERTREBIND_EXE, else the build for this platform under dist/. #>
    $repositoryRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).ProviderPath
    if (-not [System.String]::IsNullOrEmpty($env:CERTREBIND_EXE)) {
        return $env:CERTREBIND_EXE
    }
    if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) {
        return [System.IO.Path]::Combine($repositoryRoot, 'dist', 'win-x64', 'certrebind.exe')
    }
    [System.IO.Path]::Combine($repositoryRoot, 'dist', 'linux-x64', 'certrebind')
}

function Start-HostCapture {
    <# 'What if:' lines go to the host only; a transcript catches them. Returns the transcript path. #>
    param ([Parameter(Mandatory)] [System.String] $Folder)

    $path = Join-Path -Path $Folder -ChildPath ('host-{0}.txt' -f [System.Guid]::NewGuid())
    $null = Start-Transcript -LiteralPath $path
    $path
}

function Stop-HostCapture {
    <# Stops the transcript and returns its 'What if:' lines. #>
    param ([Parameter(Mandatory)] [System.String] $Path)

    $null = Stop-Transcript
    @(Get-Content -LiteralPath $Path | Where-Object -FilterScript { $_ -like 'What if: *' })
}

Export-ModuleMember -Function Get-CertRebindTestExe, Start-HostCapture, Stop-HostCapture
