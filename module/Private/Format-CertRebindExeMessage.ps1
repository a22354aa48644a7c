<#
    .SYNOPSIS
        Says a message of the exe in the module's words: its remedy names the cmdlets and their parameters.

    .DESCRIPTION
        A message of the exe that ends by naming one of the exe's options or commands (--allow-name-mismatch,
        --wait, certrebind task enable) comes with that remedy as data: its kind and the text the message ends with
        (docs/cli-contract.md, "Remedies"). The message without that text is followed by the module's own sentence
        for the kind (RemedyAllowNameMismatch, ...: -AllowNameMismatch, -WaitSeconds, Enable-IISCertAutoRebind).
        A message without a remedy, or with one of a kind this module does not know, is returned as it is.

    .PARAMETER Message
        The exe's sentence.

    .PARAMETER Remedy
        The remedy of the envelope (kind, options, command, text), or $null.
#>
function Format-CertRebindExeMessage {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [System.String]
        $Message,

        [Parameter()]
        [AllowNull()]
        [System.Object]
        $Remedy
    )

    $own = Get-CertRebindRemedyText -Remedy $Remedy
    $exeText = if ($null -ne $Remedy) { [System.String] $Remedy.text } else { '' }
    if ($null -eq $own -or $exeText.Length -eq 0 -or -not $Message.EndsWith($exeText, [System.StringComparison]::Ordinal)) {
        return $Message
    }

    $statement = $Message.Substring(0, $Message.Length - $exeText.Length).TrimEnd()
    '{0} {1}' -f $statement, $own
}
