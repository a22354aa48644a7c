<#
    .SYNOPSIS
        Gets the certificate bindings of a server: HTTP.sys records with the IIS sites behind them, IIS FTP sites, SQL Server, RDP, RD Gateway and WinRM.

    .DESCRIPTION
        Get-CertBinding lists every TLS certificate binding of this Windows server, or of a snapshot
        host directory given with -HostRoot. Each HTTP.sys record (ipport, hostnameport for SNI, ccs for
        the Central Certificate Store, scopedccs for a host's Central Certificate Store record) is joined to the IIS sites that use it, and every IIS FTP site
        (and the FTP siteDefaults) that names a certificate is listed too, and so are the bindings of the
        services that keep a certificate themselves: SQL Server Database Engine instances (sqlserver),
        Remote Desktop listeners (rdp, a listener whose certificate a template chooses included), RD
        Gateway (rdgateway) and WinRM's HTTPS listeners (winrm); each of these names its Service
        (MSSQLSERVER, TermService, TSGateway, WinRM). Each binding carries the
        certificate it points at, with its validity state: valid, expiring (within 30 days), expired
        or notYetValid.

        A record without sites is an HTTP.sys binding that no IIS site uses (WinRM, AD FS, a custom
        service). An https binding of an IIS site that has no HTTP.sys record is reported as a
        warning: such a site does not serve TLS.

        With -Thumbprint, only the bindings of that certificate are returned. The thumbprint may be
        pasted as Windows shows it: spaces, colons and invisible characters are removed and case is
        ignored. Thumbprints are accepted from the pipeline, so certificate objects of
        Get-ChildItem Cert:\LocalMachine\My can be piped in.

        The work is done by the certrebind executable that ships with the module. On Windows, reading
        the live server needs an elevated session. On other systems, -HostRoot is required.

    .PARAMETER Thumbprint
        Return only the bindings whose certificate has one of these thumbprints (SHA-1, 40 hexadecimal
        characters; white space, colons, hyphens and invisible characters are ignored, case does not
        matter). Accepts pipeline input by value and by the property names Thumbprint and
        CertificateHash. A thumbprint that no store of the host holds and nothing is bound to is a
        warning (CR2013: a typo?).

    .PARAMETER OldThumbprint
        From the pipeline only (a replacement event, 1001, of Get-CertLifecycleEvent): the replaced
        certificate, whose bindings are returned with those of NewThumbprint.

    .PARAMETER NewThumbprint
        From the pipeline only (a replacement event, 1001): the certificate that replaced OldThumbprint.

    .PARAMETER HostRoot
        Read the snapshot host in this directory instead of this machine. A snapshot host holds copies
        of applicationHost.config, the output of 'netsh http show sslcert' and the certificates (see
        about_CertRebind). Relative paths are resolved against the current location. Taken from the
        pipeline by property name: bindings and lifecycle events of a snapshot host carry their HostRoot,
        so piping them in reads that host again.

    .EXAMPLE
        Get-CertBinding -HostRoot .\demo-host

        Lists the bindings of a copy of the demo snapshot host (see about_CertRebind).

    .EXAMPLE
        Get-ChildItem Cert:\LocalMachine\My | Get-CertBinding

        On a Windows server: lists, for every certificate of the local machine's personal store, the
        bindings that use it. Certificates that nothing is bound to return nothing.

    .EXAMPLE
        Get-CertBinding | Where-Object State -in 'expiring', 'expired' | Format-Table Kind, Endpoint, Sites, NotAfter

        On a Windows server: shows the bindings whose certificate expires within 30 days or has already
        expired.

    .EXAMPLE
        Get-CertBinding -Thumbprint '3f 7a 12 9c 44 0b de 58 91 ac 2e 6f 00 d1 b7 c3 5e 8a 94 21'

        On a Windows server: lists the bindings of one certificate, with the thumbprint pasted from the
        certificate dialog.

    .EXAMPLE
        Get-CertLifecycleEvent -Id 1001 -HostRoot .\demo-host | Get-CertBinding

        Lists the bindings of the certificates that Windows replaced and of their replacements, on the
        host the events were read from (each event carries its HostRoot).

    .EXAMPLE
        Get-CertBinding -HostRoot .\demo-host | Where-Object { $_.Sites.Count -eq 0 }

        Lists the HTTP.sys bindings that no IIS site uses, such as those of WinRM or a custom service.

    .INPUTS
        System.String

        A thumbprint, by value, or any object with a Thumbprint or CertificateHash property, such as
        System.Security.Cryptography.X509Certificates.X509Certificate2 or CertRebind.Binding, or with
        OldThumbprint and NewThumbprint (CertRebind.LifecycleEvent of a replacement); and its HostRoot.

    .OUTPUTS
        CertRebind.Binding

        Kind (ipport, hostnameport, ccs, scopedccs, ftp, sqlserver, rdp, rdgateway or winrm), Endpoint (for
        the services: the instance, listener or service name), Thumbprint, StoreName, AppId, Owner, Service
        (the service that reads the binding: MSSQLSERVER, TermService, TSGateway, WinRM; $null for IIS's),
        Selection (pinned: the binding names its certificate; self-selecting: its service chooses it, as
        an RDP listener of a certificate template, an SQL Server instance that names none, or the Central
        Certificate Store do; CertRebind never changes those),
        Sites, Hostnames, Certificate (a CertRebind.CertificateInfo object, or $null when the certificate is
        in no store), CertificateSubject, NotAfter and State copied from Certificate, and HostRoot (the
        snapshot host's full path, $null for this machine) and ComputerName (this computer's name, or
        the snapshot host's folder name). Export-Csv writes Sites and Hostnames as 'a, b' and
        Certificate as its thumbprint.

    .NOTES
        Warnings report IIS https bindings without an HTTP.sys record. Errors carry the certrebind
        error code in their FullyQualifiedErrorId, for example CR2001,Get-CertBinding for a malformed
        thumbprint. A malformed thumbprint is an error for that pipeline item only; a missing or
        malformed host directory and a missing Windows tool end the command. The times of the
        certificate are local times.

        Background (pages about what the cmdlet works on, not about the cmdlet; the module has no online
        help, so Get-Help -Online has nothing to open):
        https://learn.microsoft.com/iis/get-started/whats-new-in-iis-8/iis-80-server-name-indication-sni-ssl-scalability
        https://learn.microsoft.com/windows/win32/http/netsh-commands-for-http

    .LINK
        Invoke-CertRebind

    .LINK
        Get-CertLifecycleEvent
#>
function Get-CertBinding {
    [CmdletBinding()]
    [OutputType('CertRebind.Binding')]
    param (
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('CertificateHash')]
        [AllowNull()]
        [AllowEmptyCollection()]
        [System.String[]]
        $Thumbprint,

        # The certificates of a replacement (event 1001), from the pipeline: their bindings are returned.
        [Parameter(ValueFromPipelineByPropertyName = $true, DontShow = $true)]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $OldThumbprint,

        [Parameter(ValueFromPipelineByPropertyName = $true, DontShow = $true)]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $NewThumbprint,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $HostRoot
    )

    begin {
        # Piped thumbprints are listed by one run of the exe per host (at most 100 a run, for the length of its
        # command line), not one run each: the exe lists each thumbprint's bindings in the order given, as separate
        # runs would.
        $pendingThumbprints = New-Object -TypeName 'System.Collections.Generic.List[System.String]'
        $pendingHostRoot = $null
        $listPending = {
            if ($pendingThumbprints.Count -gt 0) {
                Get-CertRebindHostBinding -Thumbprint $pendingThumbprints.ToArray() -HostRoot $pendingHostRoot -CallerCmdlet $PSCmdlet
                $pendingThumbprints.Clear()
            }
        }
    }

    process {
        $thumbprintGiven = $PSBoundParameters.ContainsKey('Thumbprint') -or $PSBoundParameters.ContainsKey('OldThumbprint') -or $PSBoundParameters.ContainsKey('NewThumbprint')

        # Without a thumbprint, one run for every binding of the host.
        if (-not $thumbprintGiven) {
            & $listPending
            Get-CertRebindHostBinding -Thumbprint @() -HostRoot $HostRoot -CallerCmdlet $PSCmdlet
            return
        }

        $wanted = Select-CertRebindGivenThumbprint -Value (@($Thumbprint) + $OldThumbprint + $NewThumbprint)
        if ($wanted.Count -eq 0) {
            return $PSCmdlet.WriteError((New-CertRebindErrorRecord -Message $script:LocalizedData.BindingNoThumbprint -ErrorId 'CR2001' -Category 'InvalidArgument' -TargetObject $_))
        }

        # A batch reads one host: input from another host (its HostRoot) starts a new one.
        if ($pendingThumbprints.Count -gt 0 -and $pendingHostRoot -ne $HostRoot) {
            & $listPending
        }
        $pendingHostRoot = $HostRoot
        $pendingThumbprints.AddRange($wanted)
        if ($pendingThumbprints.Count -ge 100) {
            & $listPending
        }
    }

    end {
        & $listPending
    }
}
