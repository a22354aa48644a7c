<#
    .SYNOPSIS
        Writes the warnings of an exe envelope as the calling cmdlet's warnings, each once.

    .DESCRIPTION
        A warning that names an option or command of the exe has its remedy at the same index of
        warningRemedies (docs/cli-contract.md); the remedy is written in the module's terms
        (Format-CertRebindExeMessage). A warning already in ReportedMessages is not written again.

    .PARAMETER Envelope
        The exe's envelope.

    .PARAMETER ReportedMessages
        The messages already written by this command, or $null to write every one.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet; the warnings are written as that cmdlet.
#>
function Write-CertRebindEnvelopeWarning {
    [CmdletBinding()]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Envelope,

        [Parameter()]
        [AllowNull()]
        [System.Collections.Generic.HashSet[System.String]]
        $ReportedMessages,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    # A warning that names an option or command of the exe has its remedy at the same index (docs/cli-contract.md).
    # @() around the whole: one remedy parsed as a hashtable would otherwise be indexed by key, not position.
    $warningRemedies = @(if ($null -ne $Envelope.warningRemedies) { $Envelope.warningRemedies })
    $warningIndex = 0
    foreach ($warning in $Envelope.warnings) {
        $remedy = if ($warningIndex -lt $warningRemedies.Count) { $warningRemedies[$warningIndex] } else { $null }
        $warningIndex++
        $text = Format-CertRebindExeMessage -Message ([System.String] $warning) -Remedy $remedy
        if ($null -eq $ReportedMessages -or $ReportedMessages.Add("warning`t$text")) {
            $CallerCmdlet.WriteWarning($text)
        }
    }
}
