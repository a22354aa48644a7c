@{
    RootModule           = 'module/CertRebind.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'c52015a1-db25-4472-84cf-c59a7720acc5'
    Author               = 'CertRebind contributors'
    CompanyName          = 'CertRebind'
    Copyright            = '(c) CertRebind contributors. MIT License.'
    Description          = 'Keeps every TLS endpoint of a Windows server on its newest certificate: re-binds IIS and HTTP.sys certificate bindings (IP, SNI, non-IIS) and IIS FTP sites when a certificate is renewed or replaced, with validation, dry-run, rollback and audit.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('module/CertRebind.Format.ps1xml')
    FunctionsToExport    = @(
        'Disable-IISCertAutoRebind'
        'Enable-IISCertAutoRebind'
        'Export-CertRebindSnapshot'
        'Get-CertBinding'
        'Get-CertLifecycleEvent'
        'Get-IISCertAutoRebind'
        'Invoke-CertRebind'
    )
    CmdletsToExport      = @()
    DscResourcesToExport = @('CertAutoRebind', 'CertBindingsCurrent')
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            # The project's public address is not settled yet (UNCERTAIN): change both URIs together when it is.
            ProjectUri = 'https://github.com/certrebind/certrebind'
            LicenseUri = 'https://github.com/certrebind/certrebind/blob/main/LICENSE'
            Tags = @('Certificate', 'TLS', 'SSL', 'IIS', 'HTTP.sys', 'netsh', 'Renewal', 'Rebind', 'ACME', 'Windows', 'DSC', 'PSEdition_Desktop', 'PSEdition_Core')
        }
    }
}
