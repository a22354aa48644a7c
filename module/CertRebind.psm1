#Requires -Version 5.1
<#
    Module setup only: load the messages, dot-source Private/ and Public/, export the public functions.
    Each function lives in its own file named after it.
#>

$importStrings = @{
    BindingVariable = 'LocalizedData'
    FileName        = 'CertRebind.strings.psd1'
    BaseDirectory   = $PSScriptRoot
}
try {
    Import-LocalizedData @importStrings -ErrorAction Stop
}
catch {
    # No messages for the current UI culture: fall back to the ones we ship.
    Import-LocalizedData @importStrings -UICulture 'en-US'
}

# The schema version of the exe's JSON envelope that this module understands (docs/cli-contract.md).
$script:SupportedSchemaVersion = 1
# Bad input that concerns one pipeline item (a thumbprint or a pair of them): written as an error, the pipeline goes on.
$script:PerItemErrorCodes = @('CR2001', 'CR2010', 'CR2011')

foreach ($folder in 'Private', 'Public') {
    $folderPath = Join-Path -Path $PSScriptRoot -ChildPath $folder
    foreach ($file in Get-ChildItem -Path $folderPath -Filter '*.ps1' -File) {
        . $file.FullName
    }
}

$publicPath = Join-Path -Path $PSScriptRoot -ChildPath 'Public'
Export-ModuleMember -Function (Get-ChildItem -Path $publicPath -Filter '*.ps1' -File).BaseName
