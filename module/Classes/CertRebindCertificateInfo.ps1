# A certificate in a cell of Export-Csv (the Certificate of a CertRebind.Binding): its thumbprint, not '@{Thumbprint=...}'.
Update-TypeData -TypeName 'CertRebind.CertificateInfo' -MemberType ScriptMethod -MemberName 'ToString' -Value { [System.String] $this.Thumbprint } -Force
