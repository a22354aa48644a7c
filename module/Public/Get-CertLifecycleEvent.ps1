<#
    .SYNOPSIS
        Gets the certificate lifecycle events Windows logs (replaced, expired, expiring, installed ...), as objects that pipe into Invoke-CertRebind.

    .DESCRIPTION
        Get-CertLifecycleEvent reads the certificate lifecycle logs of this Windows server, or of a
        snapshot host directory given with -HostRoot, and returns one CertRebind.LifecycleEvent object
        per event, newest first:

        - the System channel, Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational,
          for the computer's certificates;
        - the User channel, Microsoft-Windows-CertificateServicesClient-Lifecycle-User/Operational, for
          users' certificates.

        The events are 1001 Replaced (a certificate was renewed or replaced: the event names the old and
        the new certificate), 1002 Expired, 1003 ExpiringSoon, 1004 Deleted, 1005 Archived, 1006
        Installed, 1007 Exported, 1008 KeyAssociated, 1009 KeyAssociationFailed and 1010
        DeletedFromDirectory. Events with other ids are returned with the kind Unknown.

        Replacement events (1001) have OldThumbprint and NewThumbprint properties, which bind by
        property name to Invoke-CertRebind: piping them in re-binds everything that still uses the old
        certificate to its replacement. The other events describe one certificate (Thumbprint) and have
        no OldThumbprint or NewThumbprint property, so they cannot start a rebind: select the
        replacements with -Id 1001.

        Thumbprints are upper case, as Get-ChildItem Cert:\ shows them (Windows logs them in lower
        case). TimeCreated and NotAfter are local times.

        Filters: -Id, -After and -Before are handed to Windows' own event query; -Thumbprint keeps the
        events about one certificate (as the only, the old or the new certificate). Without
        -MaxEvents, at most the newest 1000 matching events are returned; a warning says when more
        matched.

        The logs are read as a stream and never held whole. A malformed event is skipped with a warning
        that names the log, the event's number and its line; the other events are still returned. A log
        that is missing from a snapshot host, or empty, is reported as a warning. On Windows, a channel
        that does not exist or is disabled ends the command with error CR4005, whose message gives the
        command that enables it (wevtutil sl <channel> /e:true); with both channels (the default), that
        is only a warning as long as the other channel can be read.

        The work is done by the certrebind executable that ships with the module. On Windows, reading
        these logs may need an elevated session. On other systems, -HostRoot is required.

    .PARAMETER Id
        Return only events with these ids (whole numbers from 1 to 65535), for example 1001 for
        replacements or 1001, 1006 for replacements and installations.

    .PARAMETER After
        Return only events logged at or after this time. A time without a kind (such as
        [datetime]'2026-11-20') is a local time.

    .PARAMETER Before
        Return only events logged before this time (the time itself excluded).

    .PARAMETER Thumbprint
        Return only the events about these certificates: a thumbprint is the event's Thumbprint, or its
        OldThumbprint or NewThumbprint (SHA-1, 40 hexadecimal characters; white space, colons, hyphens
        and invisible characters are ignored, case does not matter). Several thumbprints return the
        events of any of them, newest first. Accepts pipeline input by property name, so certificates of
        Get-ChildItem Cert:\LocalMachine\My, and bindings of Get-CertBinding, can be piped in.

    .PARAMETER Channel
        System (the computer's certificates), User (users' certificates) or All (both, the default).

    .PARAMETER MaxEvents
        Return at most the newest this many matching events; 0 returns every one. The default is 1000. Whatever the value, the logs are read as a stream; only the events returned
        are held in memory.

    .PARAMETER HostRoot
        Read the snapshot host in this directory instead of this machine: its events/Lifecycle-System.xml
        and events/Lifecycle-User.xml, as 'wevtutil qe <channel> /f:xml /e:Events' printed them (see
        about_CertRebind). Relative paths are resolved against the current location. Taken from the
        pipeline by property name: bindings of a snapshot host read that host's events.

    .EXAMPLE
        Get-CertLifecycleEvent -HostRoot .\demo-host

        Lists the lifecycle events of a copy of the demo snapshot host (see about_CertRebind): the renewal of
        www.contoso.com's certificate (1006 Installed, then 1001 Replaced) and the warning that the old
        certificate expires soon (1003), in the System channel, and a user certificate's 1006 in the
        User channel.

    .EXAMPLE
        Get-CertLifecycleEvent -HostRoot .\demo-host -Id 1001 -After '2026-11-01' | Invoke-CertRebind -WhatIf

        Shows what replaying the demo host's renewal of 20 November 2026 would do, on the demo host (the
        events carry its HostRoot). Its events are from November 2026: a filter on the last seven days
        of today's date returns nothing there.

    .EXAMPLE
        Get-CertLifecycleEvent -Id 1001 -After (Get-Date).AddDays(-7) | Invoke-CertRebind -WhatIf

        On a Windows server: shows what replaying last week's renewals would do: for every certificate
        Windows replaced in the last seven days, the bindings Invoke-CertRebind would move from the old
        certificate to the new one, one 'What if:' line each. Nothing is changed.

    .EXAMPLE
        Get-CertLifecycleEvent -Id 1001 -After (Get-Date).AddDays(-7) | Sort-Object -Property TimeCreated | Invoke-CertRebind

        On a Windows server: replays last week's renewals in the order they happened (the events come
        newest first), asking for confirmation of each change. Sorting matters when a certificate was
        renewed twice: A to B, then B to C moves A's bindings to C.

    .EXAMPLE
        Get-ChildItem Cert:\LocalMachine\My | Where-Object NotAfter -lt (Get-Date).AddDays(30) | Get-CertLifecycleEvent

        On a Windows server: lists the lifecycle events of the certificates that expire within 30 days:
        whether Windows logged a renewal (1001) or an installation (1006) for them.

    .EXAMPLE
        Get-CertLifecycleEvent -Id 1003 -Channel System -MaxEvents 10

        On a Windows server: lists the ten newest 'about to expire' warnings of the computer's
        certificates.

    .EXAMPLE
        Get-CertLifecycleEvent | Select-Object TimeCreated, Id, Kind, Thumbprint, OldThumbprint, NewThumbprint | Export-Csv .\lifecycle.csv

        On a Windows server: exports the events to a CSV file. Select-Object gives every row the same
        columns: only replacement events have OldThumbprint and NewThumbprint.

    .INPUTS
        System.Management.Automation.PSObject

        Any object with a Thumbprint property, such as
        System.Security.Cryptography.X509Certificates.X509Certificate2: its events are returned.

    .OUTPUTS
        CertRebind.LifecycleEvent

        Id, Kind, TimeCreated ([datetime], local), RecordId, Channel (System or User), Computer, Action
        (Renew, Enroll ... as Windows logs it), Thumbprint (the certificate of a single-certificate
        event), OldThumbprint and NewThumbprint (replacement events only), SubjectNames, NotAfter
        ([datetime], local; for a replacement, of the new certificate), Template, and HostRoot (the
        snapshot host's full path, $null for this machine) and ComputerName (this computer's name, or
        the snapshot host's folder name): piped into Invoke-CertRebind or Get-CertBinding, an event acts
        on the host it was read from.

    .NOTES
        Piping events other than replacements into Invoke-CertRebind: they have no OldThumbprint and
        NewThumbprint, so PowerShell cannot bind them and writes one non-terminating error per event
        ('The input object cannot be bound because it did not contain the information required to bind
        all mandatory parameters', InputObjectMissingMandatory); the
        replacement events in the same pipeline are still re-bound. Use -Id 1001 to avoid those errors.

        Errors carry the certrebind error code in their FullyQualifiedErrorId, for example
        CR4005,Get-CertLifecycleEvent for a lifecycle channel that is missing or disabled. A malformed
        -Thumbprint (CR2001) is an error of that pipeline item only; a missing or malformed host
        directory, a missing or disabled channel and a failing wevtutil end the command.

        Background (pages about what the cmdlet works on, not about the cmdlet; the module has no online
        help, so Get-Help -Online has nothing to open):
        https://learn.microsoft.com/iis/get-started/whats-new-in-iis-85/certificate-rebind-in-iis85
        https://learn.microsoft.com/windows-server/administration/windows-commands/wevtutil

    .LINK
        Invoke-CertRebind
#>
function Get-CertLifecycleEvent {
    [CmdletBinding()]
    [OutputType('CertRebind.LifecycleEvent')]
    param (
        [Parameter(Position = 0)]
        [ValidateRange(1, 65535)]
        [System.Int32[]]
        $Id,

        [Parameter()]
        [System.DateTime]
        $After,

        [Parameter()]
        [System.DateTime]
        $Before,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Thumbprint,

        [Parameter()]
        [ValidateSet('System', 'User', 'All')]
        [System.String]
        $Channel = 'All',

        [Parameter()]
        [ValidateRange(0, [System.Int32]::MaxValue)]
        [System.Int32]
        $MaxEvents = 1000,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $HostRoot
    )

    process {
        $arguments = @(ConvertTo-CertRebindEventArgument -BoundParameters $PSBoundParameters)
        $origin = Get-CertRebindHostOrigin -HostRoot $HostRoot

        # One run per thumbprint (the exe filters on one, as typed: it normalises it); several are merged,
        # newest first, each event once.
        $filters = New-CertRebindThumbprintFilter -Thumbprint $Thumbprint -Given $PSBoundParameters.ContainsKey('Thumbprint')
        $seen = New-Object -TypeName 'System.Collections.Generic.HashSet[System.String]'
        $events = foreach ($filter in $filters) {
            $data = Invoke-CertRebindExe -Command 'events' -CallerCmdlet $PSCmdlet -HostRoot $HostRoot -AsHashtable -Arguments ($arguments + $filter)
            if ($null -eq $data) {
                continue
            }
            $found = @($data.events)
            if ($filters.Count -gt 1) {
                $found = @($found | Where-Object -FilterScript { $seen.Add(('{0}/{1}/{2}' -f $_.channel, $_.recordId, $_.timeCreated)) })
            }
            Invoke-CertRebindEntryConversion -Entry $found -ConvertBatch ${function:ConvertTo-CertRebindLifecycleEvent} -Context $origin -Activity 'certrebind events'
        }
        if ($filters.Count -gt 1) {
            $events = $events | Sort-Object -Property TimeCreated -Descending
            if ($MaxEvents -gt 0) {
                $events = $events | Select-Object -First $MaxEvents
            }
        }
        $events
    }
}
