<#
    .SYNOPSIS
        Converts the data of the capture envelope to a CertRebind.Snapshot object.

    .DESCRIPTION
        Path, Source, Redacted, FileCount, the netsh text of the HTTP.sys part (SslcertText) and one
        CertRebind.SnapshotPart per part written (Part, Count, Of, Files).

    .PARAMETER Data
        The data of 'certrebind capture'.
#>
function ConvertTo-CertRebindSnapshot {
    [CmdletBinding()]
    [OutputType('CertRebind.Snapshot')]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Data
    )

    $httpsys = @($Data.parts | Where-Object -Property part -EQ -Value 'httpsys')
    [pscustomobject]@{
        PSTypeName  = 'CertRebind.Snapshot'
        Path        = [System.String] $Data.out
        Source      = [System.String] $Data.source
        Redacted    = [System.Boolean] $Data.redacted
        FileCount   = [System.Int32] $Data.files
        SslcertText = if ($httpsys.Count -gt 0) { $httpsys[0].sslcertText } else { $null }
        Parts       = @(
            foreach ($part in $Data.parts) {
                [pscustomobject]@{
                    PSTypeName = 'CertRebind.SnapshotPart'
                    Part       = [System.String] $part.part
                    Count      = [System.Int32] $part.count
                    Of         = [System.String] $part.of
                    Files      = [System.String[]] @($part.files)
                }
            }
        )
    }
}
