<#
    .SYNOPSIS
        Turns a -HostRoot value into a full file-system path.

    .DESCRIPTION
        Relative paths are resolved against the current PowerShell location (not the process's
        working directory). PowerShell drives such as TestDrive: are translated to their file-system
        path. When the current location is not on a file-system drive (Cert:\, Env:\), a relative
        path is resolved against the current file-system location. The path need not exist: the exe
        reports a missing host directory itself (CR2002).

    .PARAMETER HostRoot
        The path as the user typed it.
#>
function Resolve-CertRebindHostRoot {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter(Mandatory = $true)]
        [System.String]
        $HostRoot
    )

    $pathIntrinsics = $ExecutionContext.SessionState.Path
    $provider = $null
    $drive = $null
    $fullPath = $pathIntrinsics.GetUnresolvedProviderPathFromPSPath($HostRoot, [ref] $provider, [ref] $drive)
    if ($provider.Name -eq 'FileSystem') {
        return $fullPath
    }

    $fileSystemLocation = $pathIntrinsics.CurrentFileSystemLocation.ProviderPath
    [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($fileSystemLocation, $HostRoot))
}
