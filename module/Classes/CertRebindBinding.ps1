<#
    The objects the module returns by the thousand, CertRebind.Binding (here) and CertRebind.Change
    (CertRebindChange.ps1): classes with untyped
    properties (any value, $null included, as on a PSCustomObject), given their type name by their converter. A
    PSCustomObject of 15 note properties costs about 55 us and 3.2 KB; one of these about 4 us and 0.75 KB, type name
    included (bench/README.md). No methods: a class with a method binds each new instance to the module's session
    state, about 7 us each (hence the compiled CertRebind.StringList of its lists).
#>
# The exe's fields of a binding are typed, so that System.Text.Json fills them (a [string] that PowerShell assigns
# $null becomes '': the converters of Windows PowerShell leave a $null out instead).
class CertRebindBinding {
    [System.String] $Kind
    [System.String] $Endpoint
    [System.String] $Thumbprint
    [System.String] $StoreName
    [System.String] $AppId
    [System.String] $Owner
    [CertRebind.StringList] $Sites
    [CertRebind.StringList] $Hostnames
    [System.Object] $Certificate
    [System.Object] $CertificateSubject
    [System.Object] $NotAfter
    [System.Object] $State
    # The service that reads the binding (SQL Server, RDP, RD Gateway, WinRM), $null for IIS's.
    [System.String] $Service
    # 'pinned' (the binding names its certificate) or 'self-selecting' (its service chooses it: an RDP listener of a
    # template, an SQL Server instance with no certificate named, the Central Certificate Store).
    [System.String] $Selection
    [System.Object] $HostRoot
    [System.Object] $ComputerName
}

# A certificate in a cell of Export-Csv (the Certificate of a Binding): its thumbprint, not '@{Thumbprint=...}'.
Update-TypeData -TypeName 'CertRebind.CertificateInfo' -MemberType ScriptMethod -MemberName 'ToString' -Value { [System.String] $this.Thumbprint } -Force
