<#
    Unit tests of the module's compiled data types (cs-src/CertRebind.Types, loaded by CertRebind.psm1): what
    CertRebind.StringList gives the objects' lists (items, text for Export-Csv), and how the module finds the
    assembly: the build of its PowerShell edition, a clear error naming where it looked when it is missing. The
    loading tests start a fresh pwsh, since a session keeps the first assembly it loaded.
#>

BeforeDiscovery {
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults
    $repositoryRoot = Get-CertRebindRepositoryRoot
    $pwsh = Join-Path -Path $PSHOME -ChildPath 'pwsh'

    # A copy of the repository's module (manifest, module/) with dist/lib/ when -WithTypes; returns its manifest.
    function New-ModuleCopy {
        param ([Parameter(Mandatory)] [string] $Name, [switch] $WithTypes)
        $copy = Join-Path -Path $TestDrive -ChildPath $Name
        $null = New-Item -ItemType Directory -Path $copy
        Copy-Item -LiteralPath (Join-Path $repositoryRoot 'CertRebind.psd1') -Destination $copy
        Copy-Item -LiteralPath (Join-Path $repositoryRoot 'module') -Destination $copy -Recurse
        if ($WithTypes) {
            $null = New-Item -ItemType Directory -Path (Join-Path $copy 'dist')
            Copy-Item -LiteralPath (Join-Path $repositoryRoot 'dist/lib') -Destination (Join-Path $copy 'dist') -Recurse
        }
        Join-Path -Path $copy -ChildPath 'CertRebind.psd1'
    }

    # Imports a manifest in a fresh pwsh and runs $Command there; its output and exit code.
    function Invoke-FreshImport {
        param ([Parameter(Mandatory)] [string] $Manifest, [string] $Command = '')
        $script = "`$ErrorActionPreference = 'Stop'; Import-Module -Name '$Manifest'; $Command"
        $output = & $pwsh -NoLogo -NoProfile -NonInteractive -Command $script 2>&1
        [pscustomobject] @{ Output = ($output | ForEach-Object { "$_" }) -join "`n"; ExitCode = $LASTEXITCODE }
    }
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'CertRebind.StringList' -Tag 'Unit' {
    It 'Should write its items as one text, comma-separated: <Case>' -ForEach @(
        @{ Case = 'several'; Items = @('Default Web Site', 'Legacy'); Text = 'Default Web Site, Legacy' }
        @{ Case = 'one'; Items = @('www.contoso.com'); Text = 'www.contoso.com' }
        @{ Case = 'none'; Items = @(); Text = '' }
    ) {
        $list = [CertRebind.StringList]::new()
        foreach ($item in $Items) { $list.Add($item) }
        $list.ToString() | Should -BeExactly $Text
        (@([pscustomobject] @{ Sites = $list }) | ConvertTo-Csv)[1] | Should -BeExactly ('"{0}"' -f $Text)
    }

    It 'Should take the strings of a JSON array, leaving $null items out' {
        $list = [CertRebind.StringList]::Of(@('a', $null, 'b'))
        @($list) | Should -Be @('a', 'b')
        $list.GetType().FullName | Should -Be 'CertRebind.StringList'
    }

    It 'Should make an empty list of a missing array and a one-item list of a lone string' {
        [CertRebind.StringList]::Of($null).Count | Should -Be 0
        @([CertRebind.StringList]::Of('solo')) | Should -Be @('solo')
    }

    It 'Should take the list that ConvertFrom-Json -AsHashtable makes of an array' {
        $parsed = ConvertFrom-Json -InputObject '{"sites":["x","y"]}' -AsHashtable
        @([CertRebind.StringList]::Of($parsed.sites)) | Should -Be @('x', 'y')
    }
}

Describe 'CertRebind.BindingCompletion' -Tag 'Unit' {
    BeforeAll {
        $listed = [object[]] @(, @('certificate 0', 'CN=zero', 'not after 0', 'valid'))
        function New-Binding([object] $Certificate) { $binding = [CertRebind.Binding]::new(); $binding.Certificate = $Certificate; $binding }
    }

    It 'Should take the listed certificate of an index as <Case>' -ForEach @(
        @{ Case = 'an integer (ConvertFrom-Json)'; Index = { 0 } }
        @{ Case = 'a 64-bit integer (BindingReader)'; Index = { [long] 0 } }
    ) {
        $inline = [System.Collections.Generic.List[CertRebind.Binding]]::new()
        $done = [CertRebind.BindingCompletion]::Complete(@(New-Binding (& $Index)), $listed, 'host', 'web01', $inline)
        $done[0].Certificate | Should -BeExactly 'certificate 0'
        $done[0].CertificateSubject | Should -BeExactly 'CN=zero'
        $done[0].State | Should -BeExactly 'valid'
        $done[0].HostRoot | Should -BeExactly 'host'
        $done[0].ComputerName | Should -BeExactly 'web01'
        $inline.Count | Should -Be 0
    }

    It 'Should leave the certificate empty for none and an index outside the list' {
        $inline = [System.Collections.Generic.List[CertRebind.Binding]]::new()
        $batch = @((New-Binding $null), (New-Binding 1), (New-Binding ([int] -1)))
        $done = [CertRebind.BindingCompletion]::Complete($batch, $listed, $null, $null, $inline)
        $done.Count | Should -Be 3
        foreach ($binding in $done) {
            $binding.Certificate | Should -BeNullOrEmpty
            $binding.State | Should -BeNullOrEmpty
            $binding.Selection | Should -BeExactly 'pinned'
            $binding.Sites.Count | Should -Be 0
        }
    }

    It 'Should hand back, untouched, a binding whose certificate is written inside it, and keep the order' {
        $inline = [System.Collections.Generic.List[CertRebind.Binding]]::new()
        $written = New-Binding ([CertRebind.RawJson]::new('{"thumbprint":"AB"}'))
        $batch = @((New-Binding 0), $null, $written, (New-Binding @{ thumbprint = 'CD' }))
        $done = [CertRebind.BindingCompletion]::Complete($batch, $listed, $null, $null, $inline)
        $done.Count | Should -Be 3
        $done[1] | Should -Be $written
        $inline.Count | Should -Be 2
        $inline[0].Certificate.Text | Should -BeExactly '{"thumbprint":"AB"}'
        $inline[1].Certificate.thumbprint | Should -BeExactly 'CD'
    }

    It 'Should refuse an item that is not a CertRebind.Binding' {
        $inline = [System.Collections.Generic.List[CertRebind.Binding]]::new()
        { [CertRebind.BindingCompletion]::Complete(@([pscustomobject] @{ Kind = 'ipport' }), $listed, $null, $null, $inline) } |
            Should -Throw '*not a CertRebind.Binding*'
    }
}

Describe 'Loading the module types' -Tag 'Unit' -Skip:$onWindows {
    It 'Should load the build of its PowerShell edition from dist/lib/ of a built repository' {
        $manifest = New-ModuleCopy -Name 'built' -WithTypes
        $run = Invoke-FreshImport -Manifest $manifest -Command '[CertRebind.StringList].Assembly.Location'
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -BeExactly ([System.IO.Path]::Combine((Split-Path -Parent $manifest), 'dist', 'lib', 'netstandard2.0', 'CertRebind.Types.dll'))
    }

    It 'Should refuse to import without the assembly, naming where it looked and how to get it back' {
        $manifest = New-ModuleCopy -Name 'unbuilt'
        $run = Invoke-FreshImport -Manifest $manifest -Command 'Get-Command -Name Get-CertBinding'
        $run.ExitCode | Should -Not -Be 0
        $run.Output | Should -BeLike '*CertRebind.Types.dll was not found*'
        $run.Output | Should -BeLike ('*{0}*' -f [System.IO.Path]::Combine((Split-Path -Parent $manifest), 'module', 'bin', 'lib', 'netstandard2.0', 'CertRebind.Types.dll'))
        $run.Output | Should -BeLike "*Install-PSResource CertRebind -Reinstall*"
    }

    It 'Should build for Windows PowerShell 5.1 the same types as for PowerShell 7, without netstandard or System.Text.Json' {
        # Each build loaded into a fresh pwsh: its references, then each public type with its properties in order.
        $describe = "`$a = [System.Reflection.Assembly]::LoadFrom('ASSEMBLY'); (`$a.GetReferencedAssemblies().Name | Sort-Object) -join ','; " +
            "`$a.GetExportedTypes() | Sort-Object -Property FullName | ForEach-Object { `$_.FullName + ': ' + (`$_.GetProperties().Name -join ',') }"
        $builds = foreach ($framework in 'net462', 'netstandard2.0') {
            $path = Join-Path -Path $repositoryRoot -ChildPath "dist/lib/$framework/CertRebind.Types.dll"
            , @(& $pwsh -NoLogo -NoProfile -NonInteractive -Command $describe.Replace('ASSEMBLY', $path))
        }
        $builds[0][0] | Should -BeExactly 'mscorlib,System,System.Management.Automation,System.Numerics' -Because '.NET Framework 4.6.2 loads a netstandard2.0 assembly only with facades (System: the Process the exe runs in)'
        $builds[1][0] | Should -BeExactly 'netstandard,System.Management.Automation' -Because 'Windows PowerShell 5.1 has no System.Text.Json'
        $builds[0][1..99] | Should -Be @($builds[1][1..99])
        $builds[1][1..99] | Should -Contain 'CertRebind.TypedEnvelope: Rest,Typed'
        $builds[0][1..99] | Should -Contain ('CertRebind.Binding: Kind,Endpoint,Thumbprint,StoreName,AppId,Owner,Sites,Hostnames,Certificate,' +
            'CertificateSubject,NotAfter,State,Service,Selection,HostRoot,ComputerName')
    }

    It 'Should import a second copy of the same build in the same session' {
        $first = New-ModuleCopy -Name 'same-first' -WithTypes
        $second = New-ModuleCopy -Name 'same-second' -WithTypes
        $run = Invoke-FreshImport -Manifest $first -Command "Import-Module -Name '$second' -Force; (Get-Command -Name Get-CertBinding).Module.ModuleBase"
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -BeExactly (Split-Path -Parent $second)
    }

    It 'Should refuse, saying to start a new session, a version whose types differ from those the session holds' {
        $older = New-ModuleCopy -Name 'older' -WithTypes
        $newer = New-ModuleCopy -Name 'newer' -WithTypes
        $framework = if ($PSVersionTable.PSEdition -eq 'Desktop') { 'net462' } else { 'netstandard2.0' }
        $newerTypes = [System.IO.Path]::Combine((Split-Path -Parent $newer), 'dist', 'lib', $framework, 'CertRebind.Types.dll')
        [System.IO.File]::AppendAllText($newerTypes, ' ')
        $run = Invoke-FreshImport -Manifest $older -Command "Import-Module -Name '$newer' -Force"
        $run.ExitCode | Should -Not -Be 0
        $run.Output | Should -BeLike '*another build of CertRebind*Start a new PowerShell session*'
        $run.Output | Should -BeLike "*$newerTypes*"
    }

    It 'Should import again in the same session with the types already loaded' {
        $manifest = New-ModuleCopy -Name 'twice' -WithTypes
        $run = Invoke-FreshImport -Manifest $manifest -Command "Import-Module -Name '$manifest' -Force; [CertRebind.StringList]::Of(@('a', 'b')).ToString()"
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -BeExactly 'a, b'
    }
}
