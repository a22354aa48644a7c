<#
    .SYNOPSIS
        Converts the data of a task envelope (task status, enable, disable) to a
        CertRebind.AutoRebindStatus object.

    .DESCRIPTION
        The object describes the scheduled task \CertRebind\AutoRebind, the exe it runs, the
        certificate lifecycle channel whose events start it, and IIS's own rebind task. Changes lists
        what the command did (empty for a dry run and for Get-IISCertAutoRebind).

    .PARAMETER Data
        The envelope's data as ConvertFrom-Json produced it.
#>
function ConvertTo-CertRebindAutoRebindStatus {
    [CmdletBinding()]
    [OutputType('CertRebind.AutoRebindStatus')]
    param (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Data
    )

    $task = $Data.task
    $exe = $Data.exe
    $channel = $Data.lifecycleChannel
    $builtIn = $Data.builtinTask
    $changes = @(
        foreach ($step in $Data.steps) {
            if ($step.status -eq 'done') {
                $step.action
            }
        }
    )

    [PSCustomObject] @{
        PSTypeName              = 'CertRebind.AutoRebindStatus'
        TaskPath                = $task.path
        Exists                  = [System.Boolean] $task.exists
        Enabled                 = $task.enabled
        DailyAt                 = $task.dailyAt
        LastRunTime             = ConvertTo-CertRebindDateTime -Value $task.lastRunTime
        LastResult              = $task.lastResult
        LastResultMeaning       = $task.lastResultMeaning
        Current                 = $task.current
        Differences             = ConvertTo-CertRebindStringArray -Value $task.differences
        Command                 = $task.command
        Arguments               = $task.arguments
        TaskVersion             = $task.version
        ExePath                 = $exe.path
        ExeExists               = [System.Boolean] $exe.exists
        ExeVersion              = $exe.version
        ExeIsModuleExe          = $exe.sameAsRunning
        LifecycleChannel        = $channel.name
        LifecycleChannelEnabled = $channel.enabled
        BuiltInTaskPath         = $builtIn.path
        BuiltInTaskExists       = [System.Boolean] $builtIn.exists
        BuiltInTaskEnabled      = $builtIn.enabled
        Changes                 = ConvertTo-CertRebindStringArray -Value $changes
    }
}
