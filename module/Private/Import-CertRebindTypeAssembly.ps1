<#
    .SYNOPSIS
        Loads the module's compiled data types (CertRebind.Binding, CertRebind.Change, CertRebind.StringList;
        cs-src/CertRebind.Types), once a session.

    .DESCRIPTION
        A script class with a method runs script for each new instance, and a type name added to an object costs
        4-13 us, which the tens of thousands of objects and lists of a large host cannot afford (bench/README.md);
        these types are compiled instead, named as callers and the format file know them. The net462 build for
        Windows PowerShell 5.1, the netstandard2.0 build for PowerShell 7; under bin/lib/ in an installed module
        (the psm1's folder), under dist/lib/ in a built repository (beside module/). Nothing is loaded when the
        types are there already: a second load from another folder would fail. Throws, naming where it looked,
        when neither folder holds the assembly; throws, saying to start a new session, when the session holds types
        of another build (an update installed while it ran), which this version's functions would not find.
#>
function Import-CertRebindTypeAssembly {
    [CmdletBinding()]
    [OutputType([System.Void])]
    param ()

    $loadedType = 'CertRebind.Binding' -as [System.Type]
    $framework = if ($PSVersionTable.PSEdition -eq 'Desktop') { 'net462' } else { 'netstandard2.0' }
    $moduleRoot = Split-Path -Parent $PSScriptRoot
    $candidates = foreach ($folder in 'bin', '../dist') {
        [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($moduleRoot, $folder, 'lib', $framework, 'CertRebind.Types.dll'))
    }
    $found = @($candidates | Where-Object { [System.IO.File]::Exists($_) })
    if ($null -ne $loadedType) {
        $loadedPath = $loadedType.Assembly.Location
        $sameBuild = $found.Count -eq 0 -or [System.String]::IsNullOrEmpty($loadedPath) -or $loadedPath -eq $found[0] -or
            ([System.IO.File]::Exists($loadedPath) -and (Get-FileHash -LiteralPath $loadedPath).Hash -eq (Get-FileHash -LiteralPath $found[0]).Hash)
        if (-not $sameBuild) {
            throw ($script:LocalizedData.TypesOfAnotherBuild -f $loadedPath, $found[0])
        }
        return
    }
    if ($found.Count -eq 0) {
        throw ($script:LocalizedData.TypesNotFound -f ($candidates -join ', '))
    }
    Add-Type -LiteralPath $found[0]
}
