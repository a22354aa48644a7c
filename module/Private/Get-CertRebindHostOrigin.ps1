<#
    .SYNOPSIS
        Says which host the objects of one exe run come from: HostRoot and ComputerName, for the objects'
        properties of the same names.

    .DESCRIPTION
        HostRoot is the full path of the snapshot host directory, or $null for this machine. ComputerName is
        this computer's name for this machine, or the name of the snapshot host's folder (a snapshot host of
        a server is best named after it, as the runbooks' demo fleet WEB01 to WEB03 is). Downstream cmdlets
        take HostRoot from the pipeline by property name, so an object of a snapshot host is acted on in
        that host.

    .PARAMETER HostRoot
        The -HostRoot the cmdlet was given, as typed, or $null.
#>
function Get-CertRebindHostOrigin {
    [CmdletBinding()]
    [OutputType([System.Collections.Hashtable])]
    param (
        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $HostRoot
    )

    if ([System.String]::IsNullOrEmpty($HostRoot)) {
        return @{ HostRoot = $null; ComputerName = [System.Environment]::MachineName }
    }
    $fullPath = Resolve-CertRebindHostRoot -HostRoot $HostRoot
    @{ HostRoot = $fullPath; ComputerName = [System.IO.Path]::GetFileName($fullPath.TrimEnd([System.IO.Path]::DirectorySeparatorChar, [System.IO.Path]::AltDirectorySeparatorChar)) }
}
