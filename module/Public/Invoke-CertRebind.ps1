<#
    .SYNOPSIS
        Moves every binding of a certificate onto its renewal: HTTP.sys records, IIS FTP sites, SQL Server, RDP, RD Gateway and WinRM, validated, with rollback and audit.

    .DESCRIPTION
        Invoke-CertRebind re-binds everything that uses the old certificate to the new one, on this Windows server
        or on a snapshot host directory given with -HostRoot:

        - every HTTP.sys ipport record (0.0.0.0:443, 10.0.0.10:443) and hostnameport record (SNI, www.contoso.com:443)
          whose certificate hash is the old thumbprint: one change per record, however many IIS sites share it.
          Every other setting of the record (application id, store, client certificates, Disable HTTP2 ...) is kept.
        - every IIS FTP serverCertHash that names the old thumbprint, per FTP site and in the FTP siteDefaults; the
          rest of applicationHost.config is left byte for byte as it was.
        - every service that keeps the old certificate itself: a SQL Server Database Engine instance
          (sqlserver; its service account is given read access to the new key when it lacks it, and the
          change takes effect when the service restarts), a Remote Desktop listener pinned to the
          thumbprint (rdp), RD Gateway (rdgateway, with the HTTP.sys record of port 443 it writes
          itself) and a WinRM HTTPS listener (winrm, with its HTTP.sys record). Each of these changes
          names its Service, whether it needs a restart (RestartRequired) and the accounts that must
          read the new key (KeyAccess); -WhatIf and -Confirm say so ('Needs: ...'). An RDP listener whose
          certificate a template chooses renews itself and is only reported (CR3012), as is an HTTP.sys
          record that RD Gateway or WinRM moves with its own binding (CR3017).

        Central Certificate Store (ccs) records are never changed: their certificate is the PFX file named after the
        host name. They are reported as verbose messages.

        Validation: the new certificate must be in a certificate store of the host. It is then checked for every
        target: it must have a private key, be valid now (not before its start, not expired), allow server
        authentication (or have no extended key usage), and its names must cover every host name of the IIS
        sites behind the target. Records of AD FS are refused too: their certificate is changed through AD FS. A
        service's binding has checks of its own (CR3013 to CR3016: its key readable by the service, the
        certificate in LocalMachine\My, ...). A site whose IIS 6 metabase entry (customMetadata property
        5506/5511) holds the old certificate has that entry moved in the same run; one that cannot be moved
        refuses the target (CR3010, which says what to do). A target that fails a check is refused and keeps its
        old certificate, with a non-terminating error (CR3001 to CR3007, CR3010, CR3013 to CR3016); the other
        targets proceed. -AllowNameMismatch overrides the host-name check only (CR3005).

        Dry run and confirmation: Invoke-CertRebind first asks certrebind for the plan (a dry run, which changes
        nothing), then calls ShouldProcess once per planned change, naming the binding, its sites and both
        thumbprints. With -WhatIf it stops there. The command's ConfirmImpact is High, so by default you are
        asked to confirm each change. A change you decline is left alone; the ones you approve are applied. When
        you approve none, nothing is changed and a warning says so. When no change is planned (every target is
        already on the new certificate, or refused), no question is asked and the plan is returned.

        When nothing is to be asked (-Confirm:$false, -Force, or $ConfirmPreference set to None, and no
        -WhatIf), there is no dry run: ShouldProcess is called once, for the whole rebind ('Re-binding every
        binding of certificate ... to ...', shown with -Verbose), and certrebind runs once, planning and
        applying under the lock as the executable alone does. Such a run is audited even when it finds nothing
        to change.

        Apply, rollback and audit: after the questions, certrebind runs again without the dry run, given exactly
        the changes you approved. Under a host-wide lock (waiting up to -WaitSeconds) it plans again, refuses
        with CR3011 any change that is no longer as you confirmed it (a run that asked nothing applies what it
        plans), backs up what it changes, applies and reads back; if any change fails, everything applied is
        restored in reverse order (CR1001; CR1002, naming the backup, when restoring failed too). Refusals are
        written as errors after the approved changes are applied, so with -ErrorAction Stop the command ends
        with the first refusal once the work is done, never before. Every run that reaches the lock appends one
        record to state/audit.jsonl, whatever its outcome (Get-Help about_CertRebind: the audit log and the event
        IDs); dry runs and bad input write nothing. A second identical run changes nothing and reports the moved targets as unchanged.

        Both thumbprints may be pasted as Windows shows them: certrebind removes white space, colons and
        invisible characters and ignores case. Pairs of thumbprints are accepted from the pipeline by property
        name (OldThumbprint/NewThumbprint or OldCertHash/NewCertHash); each pair is a rebind of its own.

        Successor scan (-Auto): instead of a pair of thumbprints, certrebind finds the pairs itself: every bound
        certificate that is expired, expires within -Days days, is archived or is in no store any more gets its
        successor, by the rules in Get-Help about_CertRebind (which also says when there is none: CR3008,
        CR3009). Every pair is then re-bound in one run, exactly as above; each question names the successor and
        why it was chosen, and -Verbose says why each bound certificate got its successor or none.
        Enable-IISCertAutoRebind schedules this scan daily and on event 1006.

        The work is done by the certrebind executable that ships with the module. On Windows, changing the live
        server needs an elevated session. On other systems, -HostRoot is required.

    .PARAMETER OldThumbprint
        The thumbprint of the certificate to move away from (SHA-1, 40 hexadecimal characters; white
        space, colons, hyphens and invisible characters are ignored, case does not matter). The old
        certificate need not be in a store any more. Aliases: OldCertHash, Old. Accepts pipeline
        input by property name.

    .PARAMETER NewThumbprint
        The thumbprint of the certificate to move to, written like -OldThumbprint. It must be in a
        certificate store of the host (else CR2010) and differ from the old one (else CR2011).
        Aliases: NewCertHash, New. Accepts pipeline input by property name.

    .PARAMETER Auto
        Runs the successor scan: finds, for every bound certificate that needs replacing, its
        successor, and re-binds to it (see the description). Cannot be combined with the
        thumbprints.

    .PARAMETER Days
        With -Auto: a bound certificate that expires within this many days needs a successor (0 to
        3650; the default is 30). Expired, archived and missing certificates always do.

    .PARAMETER AllowNameMismatch
        Re-binds targets whose host names the new certificate does not cover: the host-name check
        (CR3005) is the only check it overrides. Each such change carries a note naming the hosts.

    .PARAMETER RestartService
        Restarts each service whose binding takes effect only when it starts (a change with
        RestartRequired: SQL Server, RD Gateway) once every change is applied and read back, and
        waits up to 120 seconds for it to run. A service that does not come back fails the whole
        run (CR4013): every change is rolled back and the service is restarted again on the old
        certificate. Without it such changes keep RestartRequired and a warning names the services
        to restart.

    .PARAMETER Force
        Applies the changes without asking for confirmation, unless -Confirm is also given. It
        overrides no check (see -AllowNameMismatch).

    .PARAMETER HostRoot
        Work on the snapshot host in this directory instead of this machine: its
        applicationHost.config, HTTP.sys records and state folder are read and written there (see
        about_CertRebind). Relative paths are resolved against the current location. Taken from the
        pipeline by property name: a lifecycle event of a snapshot host is re-bound in that host.

    .PARAMETER WaitSeconds
        How long to wait for another rebind on the same host to release the host-wide lock, in
        seconds, 0 to 3600. The default is 60. When the lock is not released in time, the command
        ends with error CR4003 and nothing is changed.

    .PARAMETER WhatIf
        Shows the changes the rebind would make, one 'What if:' line per binding, and changes
        nothing. Targets that would be refused are reported as errors.

    .PARAMETER Confirm
        Asks for confirmation before each change. A declined change is left as it is; the approved
        ones are applied.

    .EXAMPLE
        Invoke-CertRebind -OldThumbprint 0F70C94C6482E61B0A43B9816E830ED7B30B8C44 -NewThumbprint FAC2BE397B0EF579E4C64AE777717B344007BA2C

        On a Windows server: moves every binding of the expiring certificate to its renewal on this
        server, asking for confirmation of each change first, and returns one CertRebind.Change object
        per binding (Status applied, refused with the reason, or skipped when you declined it).

    .EXAMPLE
        Invoke-CertRebind -Old 0F70C94C6482E61B0A43B9816E830ED7B30B8C44 -New FAC2BE397B0EF579E4C64AE777717B344007BA2C -HostRoot .\demo-host -WhatIf

        Shows what a rebind would change on the demo snapshot host, and changes nothing: one
        'What if:' line for each of 10.0.0.10:443, www.contoso.com:443, the FTP site *:21:, the FTP
        siteDefaults, the SQL Server instance MSSQLSERVER (naming what it needs: a read grant on the
        new key and a restart), the RDP listener RDP-Tcp and the WinRM listener, and a CR3005 error for
        RD Gateway (TSGateway): it would move the record 0.0.0.0:443, and the new certificate does not
        cover legacy.contoso.com, a host name behind that record.

    .EXAMPLE
        [pscustomobject] @{ OldCertHash = '0f 70 c9 4c 64 82 e6 1b 0a 43 b9 81 6e 83 0e d7 b3 0b 8c 44'; NewCertHash = 'FAC2BE397B0EF579E4C64AE777717B344007BA2C' } | Invoke-CertRebind -Confirm:$false

        On a Windows server: re-binds with the thumbprints of a piped object, one pasted from the
        certificate dialog, without asking for confirmation. Any object with OldCertHash and NewCertHash
        (or OldThumbprint and NewThumbprint) properties can be piped; each is a rebind of its own.

    .EXAMPLE
        Get-CertLifecycleEvent -Id 1001 -After (Get-Date).AddDays(-7) | Invoke-CertRebind -WhatIf

        On a Windows server: shows what re-binding would change for every certificate that Windows
        replaced by a renewal (lifecycle event 1001) in the last seven days. Get-CertLifecycleEvent is
        another cmdlet of this module; its replacement events (1001) carry OldThumbprint and
        NewThumbprint properties, its other events do not (PowerShell reports each of those as an input
        object it cannot bind).

    .EXAMPLE
        Invoke-CertRebind -Old 0F70C94C6482E61B0A43B9816E830ED7B30B8C44 -New FAC2BE397B0EF579E4C64AE777717B344007BA2C -AllowNameMismatch -Force

        On a Windows server: re-binds without asking (-Force), including 0.0.0.0:443 although the new
        certificate does not name every host name behind it (-AllowNameMismatch). The other checks
        (private key, validity, server authentication) still apply.

    .EXAMPLE
        Invoke-CertRebind -Old $old -New $new -Confirm:$false -ErrorVariable refused | Where-Object Status -ne 'applied'

        On a Windows server: re-binds and lists the bindings that were not moved (refused, unchanged,
        failed or rolled-back); $refused holds the errors with their codes (CR3005,Invoke-CertRebind
        ...).

    .EXAMPLE
        Invoke-CertRebind -Auto -HostRoot .\demo-host-copy -WhatIf -Verbose

        Shows what the successor scan would re-bind on a snapshot host: one 'What if:' line per
        binding, naming the successor and why it was chosen, and, as verbose messages, why every
        bound certificate that needs replacing got its successor or none.

    .EXAMPLE
        Invoke-CertRebind -Old $old -New $new -AllowNameMismatch -RestartService -Confirm:$false | Format-List Kind, Endpoint, Status, Service, RestartRequired, KeyAccess

        On a Windows server: re-binds, SQL Server and RD Gateway included, and restarts their services
        once every change is applied (their RestartRequired is then False); KeyAccess shows which
        accounts were given read access to the new key (granted).

    .EXAMPLE
        Invoke-CertRebind -Auto -Days 14 -Confirm:$false

        On a Windows server: moves every binding whose certificate expires within 14 days (or has
        expired, or was archived or deleted) to its successor, without asking.

    .INPUTS
        System.Management.Automation.PSObject

        Any object with OldThumbprint and NewThumbprint properties, or with OldCertHash and
        NewCertHash, such as the lifecycle events of Get-CertLifecycleEvent.

    .OUTPUTS
        CertRebind.Change

        One object per target: Kind (ipport, hostnameport, ftp, sqlserver, rdp, rdgateway or winrm),
        Endpoint, Sites, Hostnames, From and To (thumbprints), StoreFrom and StoreTo (certificate store
        names), Status (applied, unchanged, refused, failed, rolled-back, or skipped: declined at the
        -Confirm prompt), Code and Reason (for refused and failed targets), Kept (the settings kept as
        they were), Notes, Service (the service that reads the binding, $null for IIS's),
        RestartRequired ($true while the change waits for its service to start again),
        KeyAccess (CertRebind.KeyAccess objects, Account and Status: has, grant, granted or refused;
        $null for kinds whose service reads no key of its own), RunId (the id of the certrebind run, also in the audit record), and HostRoot and ComputerName
        (the host changed: the snapshot host's full path and folder name, or $null and this computer's
        name). Nothing is returned with -WhatIf, or when every change is declined.

    .NOTES
        The changes you approve are applied in one run, all of them or none; the ones you decline are left alone.

        Errors carry the certrebind error code in their FullyQualifiedErrorId, for example
        CR3005,Invoke-CertRebind for a target whose host names the new certificate does not cover.
        Refused targets (CR3001 to CR3007, CR3010, CR3011), a failed run that was rolled back (CR1001, CR1002) and a
        malformed thumbprint (CR2001) are errors of that pipeline item only. A new certificate that is
        in no store (CR2010), identical thumbprints (CR2011), a missing or malformed host directory,
        a held lock (CR4003), a host file that cannot be written (CR4004) and a missing Windows tool
        end the command.

        Notes of a change (an IP-specific record that shadows the SNI records on its port, a store
        name that changes) are written as warnings, once per change. Use -Verbose to see the exact
        certrebind command lines, the records that are not changed (Central Certificate Store) and
        where the backup and the audit record of a run were written.

        Background (pages about what the cmdlet works on, not about the cmdlet; the module has no online
        help, so Get-Help -Online has nothing to open):
        https://learn.microsoft.com/windows/win32/http/netsh-commands-for-http
        https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/ftpserver/security/ssl

    .LINK
        Get-CertBinding
#>
function Invoke-CertRebind {
    [CmdletBinding(DefaultParameterSetName = 'Thumbprint', SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('CertRebind.Change')]
    param (
        [Parameter(Mandatory = $true, ParameterSetName = 'Thumbprint', ValueFromPipelineByPropertyName = $true)]
        [Alias('OldCertHash', 'Old')]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $OldThumbprint,

        [Parameter(Mandatory = $true, ParameterSetName = 'Thumbprint', ValueFromPipelineByPropertyName = $true)]
        [Alias('NewCertHash', 'New')]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $NewThumbprint,

        [Parameter(Mandatory = $true, ParameterSetName = 'Auto')]
        [System.Management.Automation.SwitchParameter]
        $Auto,

        [Parameter(ParameterSetName = 'Auto')]
        [ValidateRange(0, 3650)]
        [System.Int32]
        $Days = 30,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $AllowNameMismatch,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $RestartService,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Force,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $HostRoot,

        [Parameter()]
        [ValidateRange(0, 3600)]
        [System.Int32]
        $WaitSeconds = 60
    )

    begin {
        # -Force means "do not ask", unless -Confirm is given as well.
        if ($Force.IsPresent -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
    }

    process {
        Invoke-CertRebindRebindRun -BoundParameters $PSBoundParameters -Auto ($PSCmdlet.ParameterSetName -eq 'Auto') -CallerCmdlet $PSCmdlet
    }
}
