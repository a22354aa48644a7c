<#
    .SYNOPSIS
        The module's sentence for a remedy of the exe, naming the module's cmdlets and parameters.

    .DESCRIPTION
        Looks up Remedy<Kind> (the kind with its first letter upper-cased) in the module's strings: RemedyWaitLonger
        for the kind waitLonger. Returns $null when there is no remedy or the module has no sentence for its kind.

    .PARAMETER Remedy
        The remedy of the envelope (kind, options, command, text), or $null.
#>
function Get-CertRebindRemedyText {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter()]
        [AllowNull()]
        [System.Object]
        $Remedy
    )

    $kind = if ($null -ne $Remedy) { [System.String] $Remedy.kind } else { '' }
    if ($kind.Length -eq 0) {
        return $null
    }

    $key = 'Remedy{0}{1}' -f $kind.Substring(0, 1).ToUpperInvariant(), $kind.Substring(1)
    if (-not $script:LocalizedData.ContainsKey($key)) {
        return $null
    }
    [System.String] $script:LocalizedData[$key]
}
