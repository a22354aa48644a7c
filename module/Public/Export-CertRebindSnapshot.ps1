<#
    .SYNOPSIS
        Writes a snapshot host of this server (or of another snapshot host) into a folder: never a private key.

    .DESCRIPTION
        Export-CertRebindSnapshot captures what CertRebind reads of a server into a snapshot host
        folder (the layout is in Get-Help about_CertRebind, SNAPSHOT HOSTS): applicationHost.config and
        redirection.config byte for byte (and the shared applicationHost.config when shared
        configuration is enabled), the HTTP.sys records with every field (httpsys/records.json) and
        the 'netsh http show sslcert' text for people to read, every certificate of the stores in use
        as DER with a sidecar JSON saying whether it has its private key, whether it is archived, its
        renewal link and its friendly name, the two certificate lifecycle logs, the scheduled tasks
        of CertRebind and IIS when they are registered, and the certificate settings of SQL Server, the
        Remote Desktop listeners, RD Gateway and WinRM's HTTPS listeners with the services they run as
        (a host without one of them gets an empty part). A private key is never written.

        Every CertRebind command then runs offline on the folder with -HostRoot, and a dry run there
        gives the plan, the refusals and the successors it gives on the server: send the folder with a
        bug report, or try a rebind before the maintenance window.

        The folder must be new or empty. -Force replaces a snapshot host already there (a folder that
        holds anything else is refused). The capture is written into a new folder beside it and
        renamed into place, so a capture that fails leaves the folder as it was.

        With -Redact, host names, site names, IP addresses, computer and domain names and thumbprints
        are replaced consistently everywhere, and every certificate is re-issued with the replaced
        names (same validity, key usages and private key presence), so that the capture can be
        shared and still gives the same plan.

        On Windows, reading the live server needs an elevated session. On other systems, -HostRoot is
        required.

    .PARAMETER Path
        The folder to write the snapshot host into: new or empty (or a snapshot host, with -Force).
        Relative paths are resolved against the current location.

    .PARAMETER HostRoot
        Capture the snapshot host in this directory instead of this machine. The output folder may not
        be inside it, nor hold it.

    .PARAMETER Redact
        Replace host names, site names, IP addresses and thumbprints consistently, for sharing the
        capture.

    .PARAMETER Force
        Replace the snapshot host already in the folder given by -Path.

    .EXAMPLE
        Export-CertRebindSnapshot -Path C:\Temp\web01-snapshot

        On a Windows server: captures this server (in an elevated session) into C:\Temp\web01-snapshot; then
        Invoke-CertRebind -Auto -HostRoot C:\Temp\web01-snapshot -WhatIf shows offline what a rebind
        would do on the server.

    .EXAMPLE
        Export-CertRebindSnapshot -Path .\for-the-bug-report -Redact

        On a Windows server: captures this server with its names, addresses and thumbprints replaced,
        to attach to a bug report.

    .EXAMPLE
        Export-CertRebindSnapshot -HostRoot .\demo-host -Path $env:TEMP\demo-copy -WhatIf

        Says what would be written, and writes nothing.

    .OUTPUTS
        CertRebind.Snapshot

        Path (the folder written), Source (what was captured), Redacted, FileCount, SslcertText (where
        httpsys/sslcert.txt came from: copied, netsh, rendered, or $null) and Parts: one object per
        part of the layout (inetsrv, httpsys, sqlserver, rdp, rdgateway, winrm, certs, events, tasks,
        services) with Part, Count, Of (what Count counts) and Files (the files written, relative to
        Path).

    .NOTES
        Errors carry the certrebind error code in their FullyQualifiedErrorId: CR2008 (the folder is
        not empty, or is a file or a link), CR2009 (the folder and the captured host overlap), CR4012
        (Windows: not elevated).

    .LINK
        about_CertRebind
#>
function Export-CertRebindSnapshot {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    [OutputType('CertRebind.Snapshot')]
    param (
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Path,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $HostRoot,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Redact,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Force
    )

    $fullPath = Resolve-CertRebindHostRoot -HostRoot $Path
    $source = $script:LocalizedData.SnapshotThisMachine
    if ($PSBoundParameters.ContainsKey('HostRoot')) {
        $source = Resolve-CertRebindHostRoot -HostRoot $HostRoot
    }
    $description = if ($Force) { $script:LocalizedData.SnapshotDescriptionForce } else { $script:LocalizedData.SnapshotDescription }
    if (-not $PSCmdlet.ShouldProcess(($description -f $source, $fullPath), ($script:LocalizedData.SnapshotConfirmation -f $source, $fullPath), $script:LocalizedData.SnapshotCaption)) {
        return
    }

    $arguments = @('--out', $fullPath)
    if ($Redact) {
        $arguments += '--redact'
    }
    if ($Force) {
        $arguments += '--force'
    }
    $invokeParameters = @{
        Command      = 'capture'
        Arguments    = $arguments
        CallerCmdlet = $PSCmdlet
    }
    if ($PSBoundParameters.ContainsKey('HostRoot')) {
        $invokeParameters.HostRoot = $HostRoot
    }

    $data = Invoke-CertRebindExe @invokeParameters
    if ($null -eq $data) {
        return
    }

    ConvertTo-CertRebindSnapshot -Data $data
}
