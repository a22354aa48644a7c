# The fixture of the real-host tests (RealHost.Tests.ps1), read by the tests and by RealHostFixture.ps1:
# every name, port and id the fixture creates on the Windows Server, in one place. Everything the fixture
# creates carries 'certrebind' in its name, so that its removal cannot touch anything else.
@{
    # The certificates' friendly names start with this; the fixture's removal deletes exactly these.
    FriendlyNamePrefix = 'CertRebind real-host test'

    # The DNS names of every test certificate: one per host name a binding serves, so that the rebind's
    # host-name check (CR3005) passes. Never resolved: the handshakes connect to 127.0.0.1 and send the
    # name as SNI.
    DnsNames           = @('ip.certrebind.test', 'sni.certrebind.test', 'ccs.certrebind.test', 'ftp.certrebind.test', 'api.certrebind.test')

    # The web site and its https bindings, one per kind of HTTP.sys record. IIS sslFlags: 0 none, 1 SNI,
    # 2 Central Certificate Store, 3 both (https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/bindings/binding,
    # and the IIS support blog post "Centralized Certificate Store (CCS) and IIS bindings",
    # https://techcommunity.microsoft.com/blog/iis-support-blog/centralized-certificate-store-ccs-and-iis-bindings/582708).
    # The IP binding is on its own port so that no IP record on 443 shadows the SNI and CCS records there.
    Site               = @{
        Name         = 'CertRebind Test'
        PhysicalPath = 'C:\CertRebindTest\www'
        HttpPort     = 8081
    }
    IpBinding          = @{ Port = 4431; Record = 'ipport=0.0.0.0:4431'; TargetHost = 'ip.certrebind.test' }
    SniBinding         = @{ Port = 443; HostName = 'sni.certrebind.test'; Record = 'hostnameport=sni.certrebind.test:443' }
    CcsBinding         = @{ Port = 443; HostName = 'ccs.certrebind.test'; Record = 'ccs=443' }

    # The Central Certificate Store: a local folder of PFX files named after the host names, read by IIS
    # with the credentials of a local account made for it.
    Ccs                = @{
        Folder   = 'C:\CertRebindTest\ccs'
        UserName = 'certrebind-ccs'
    }

    # The IIS FTP site, FTPS on its control channel (explicit AUTH TLS).
    FtpSite            = @{
        Name         = 'CertRebind Test FTP'
        PhysicalPath = 'C:\CertRebindTest\ftp'
        Port         = 21
        TargetHost   = 'ftp.certrebind.test'
    }

    # A non-IIS HTTP.sys record: a made-up application id that is neither IIS, WinRM nor AD FS (owner
    # Unknown in docs/cli-contract.md), which a rebind moves like an IIS record. The tests serve it with an
    # HttpListener of their own (HttpListener uses HTTP.sys on Windows).
    NonIisRecord       = @{
        Port           = 8443
        Record         = 'ipport=0.0.0.0:8443'
        AppId          = '{6f1c0c7e-2b9d-4c55-a0d3-5e8f3c1b7a42}'
        ListenerPrefix = 'https://+:8443/certrebind-test/'
        TargetHost     = 'api.certrebind.test'
        # Settings other than the defaults (netsh http add sslcert options, documented in
        # https://learn.microsoft.com/windows-server/administration/windows-commands/netsh-http), so that the
        # test that every registry value but the hash survives a rebind compares something. None is 0: an
        # explicit 0 is reported rejected on Server 2025 (third party: tokentimer-core,
        # packages/agent/src/windows-iis/index.js); that Server 2022 takes these four is a guess.
        Settings       = @('verifyclientcertrevocation=disable', 'usagecheck=disable', 'revocationfreshnesstime=3600', 'urlretrievaltimeout=5000')
    }

    # The application id IIS (W3SVC) gives its HTTP.sys records.
    IisAppId           = '{4dc3e181-e14b-4a21-b022-59fc669b0914}'

    # The certificate lifecycle channel that carries event 1001, the one IIS's own rebind task listens to
    # (https://learn.microsoft.com/iis/get-started/whats-new-in-iis-85/certificate-rebind-in-iis85).
    LifecycleChannel   = 'Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational'

    # How long the tests wait for the scheduled task to rebind after event 1001.
    TaskWaitSeconds    = 120
}
