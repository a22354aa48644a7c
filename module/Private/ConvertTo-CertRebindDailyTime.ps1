<#
    .SYNOPSIS
        Turns a -DailyAt value into the exe's 'HH:MM': a [datetime] (its time of day), a [timespan] of whole
        minutes under 24 hours, or a string 'H:MM' / 'HH:MM' (00:00 to 23:59).

    .DESCRIPTION
        Anything else, or a time with seconds, is an error that says what -DailyAt takes: nothing is
        rounded silently.

    .PARAMETER Value
        The value the user gave.

    .PARAMETER CallerCmdlet
        The $PSCmdlet of the public cmdlet, which reports the error.
#>
function ConvertTo-CertRebindDailyTime {
    [CmdletBinding()]
    [OutputType([System.String])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [System.Object]
        $Value,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $CallerCmdlet
    )

    # The value itself, whether PowerShell wrapped it or not (a raw [timespan] has no BaseObject of its own).
    $time = if ($null -ne $Value) { $Value.psobject.BaseObject } else { $null }
    if ($time -is [System.DateTime]) {
        $time = $time.TimeOfDay
    }
    if ($time -is [System.TimeSpan]) {
        if ($time -ge [System.TimeSpan]::Zero -and $time.TotalHours -lt 24 -and ($time.Ticks % [System.TimeSpan]::TicksPerMinute) -eq 0) {
            return '{0:00}:{1:00}' -f $time.Hours, $time.Minutes
        }
    }
    elseif ($time -is [System.String] -and $time -match '^([01]?[0-9]|2[0-3]):[0-5][0-9]$') {
        return $time
    }

    $message = $script:LocalizedData.DailyAtInvalid -f $Value
    $CallerCmdlet.ThrowTerminatingError((New-CertRebindErrorRecord -Message $message -ErrorId 'CR2000' -Category 'InvalidArgument' -TargetObject $Value))
}
