<#
    The KeyAccess of a Change: the accounts that must read the new certificate's private key (CertRebind.KeyAccess
    objects, Account and Status: has, grant, granted or refused), written by Export-Csv and other text conversions as
    'NT Service\MSSQLSERVER: grant' instead of the type name.
#>
class CertRebindKeyAccessList : System.Collections.Generic.List[System.Object] {
    [System.String] ToString() {
        return [System.String]::Join(', ', @(foreach ($access in $this) { '{0}: {1}' -f $access.Account, $access.Status }))
    }
}

# One account's read access to the new key, as text: 'NT Service\MSSQLSERVER: grant'.
Update-TypeData -TypeName 'CertRebind.KeyAccess' -MemberType ScriptMethod -MemberName 'ToString' -Value { '{0}: {1}' -f $this.Account, $this.Status } -Force
