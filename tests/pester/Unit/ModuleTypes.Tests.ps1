<#
    Unit tests of the module's compiled data types (cs-src/CertRebind.Types, loaded by CertRebind.psm1): what
    CertRebind.StringList gives the objects' lists (items, text for Export-Csv), and how the module finds the
    assembly: the build of its PowerShell edition, a clear error naming where it looked when it is missing. The
    loading tests start a fresh pwsh, since a session keeps the first assembly it loaded.
#>

BeforeDiscovery {
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
    $hasTextJson = $PSVersionTable.PSVersion.Major -ge 7
    $envelopeFolder = Join-Path -Path $PSScriptRoot -ChildPath '../fixtures/envelopes'
    $rebindEnvelopes = @(Get-ChildItem -Path $envelopeFolder -Filter 'rebind-*.json' | ForEach-Object -Process { @{ Name = $_.BaseName; Path = $_.FullName } })
    $bindingsEnvelopes = @(Get-ChildItem -Path $envelopeFolder -Filter 'bindings*.json' | ForEach-Object -Process { @{ Name = $_.BaseName; Path = $_.FullName } })
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
        @{ Case = 'a 64-bit integer'; Index = { [long] 0 } }
        @{ Case = 'a JSON number (System.Text.Json)'; Index = { [System.Text.Json.JsonDocument]::Parse('0').RootElement } }
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

    It 'Should leave the certificate empty for none, a JSON null and an index outside the list' {
        $inline = [System.Collections.Generic.List[CertRebind.Binding]]::new()
        $batch = @((New-Binding $null), (New-Binding ([System.Text.Json.JsonDocument]::Parse('null').RootElement)), (New-Binding 1), (New-Binding ([int] -1)))
        $done = [CertRebind.BindingCompletion]::Complete($batch, $listed, $null, $null, $inline)
        $done.Count | Should -Be 4
        foreach ($binding in $done) {
            $binding.Certificate | Should -BeNullOrEmpty
            $binding.State | Should -BeNullOrEmpty
            $binding.Selection | Should -BeExactly 'pinned'
            $binding.Sites.Count | Should -Be 0
        }
    }

    It 'Should hand back, untouched, a binding whose certificate is written inside it, and keep the order' {
        $inline = [System.Collections.Generic.List[CertRebind.Binding]]::new()
        $written = New-Binding ([System.Text.Json.JsonDocument]::Parse('{"thumbprint":"AB"}').RootElement)
        $batch = @((New-Binding 0), $null, $written, (New-Binding @{ thumbprint = 'CD' }))
        $done = [CertRebind.BindingCompletion]::Complete($batch, $listed, $null, $null, $inline)
        $done.Count | Should -Be 3
        $done[1] | Should -Be $written
        $inline.Count | Should -Be 2
        $inline[0].Certificate.ValueKind | Should -Be 'Object'
        $inline[1].Certificate.thumbprint | Should -BeExactly 'CD'
    }

    It 'Should refuse an item that is not a CertRebind.Binding' {
        $inline = [System.Collections.Generic.List[CertRebind.Binding]]::new()
        { [CertRebind.BindingCompletion]::Complete(@([pscustomobject] @{ Kind = 'ipport' }), $listed, $null, $null, $inline) } |
            Should -Throw '*not a CertRebind.Binding*'
    }
}

Describe 'CertRebind.BindingReader' -Tag 'Unit' -Skip:(-not $hasTextJson) {
    BeforeAll {
        # The bindings of a JSON array read by BindingReader, and by JsonSerializer with case-insensitive names (the
        # module's reader before it), each binding as one text of its properties: equal texts, equal bindings. A
        # certificate read as a JsonElement is written as its JSON, a listed one as its index.
        function Read-Binding {
            param ([System.String] $Text, [System.Management.Automation.SwitchParameter] $BySerializer)
            $document = [System.Text.Json.JsonDocument]::Parse($Text)
            try {
                if ($BySerializer) {
                    $options = [System.Text.Json.JsonSerializerOptions]::new()
                    $options.PropertyNameCaseInsensitive = $true
                    return , [System.Text.Json.JsonSerializer]::Deserialize($document.RootElement, [CertRebind.Binding[]], $options)
                }
                , [CertRebind.BindingReader]::Read($document.RootElement)
            }
            finally { $document.Dispose() }
        }

        function ConvertTo-BindingText {
            param ($Binding)
            if ($null -eq $Binding) { return 'null' }
            $certificate = $Binding.Certificate
            $certificateText = if ($certificate -is [System.Text.Json.JsonElement]) {
                if ($certificate.ValueKind -eq 'Number') { $certificate.GetInt64() } else { $certificate.GetRawText() }
            } else { $certificate }
            $lists = foreach ($list in $Binding.Sites, $Binding.Hostnames) {
                if ($null -eq $list) { 'null' } else { '[' + (@(foreach ($item in $list) { if ($null -eq $item) { 'null' } else { "'$item'" } }) -join ',') + ']' }
            }
            '{0}|{1}|{2}|{3}|{4}|{5}|{6}|{7}|{8}|{9}|{10}' -f $Binding.Kind, $Binding.Endpoint, $Binding.Thumbprint, $Binding.StoreName,
                $Binding.AppId, $Binding.Owner, $lists[0], $lists[1], $certificateText, $Binding.Selection, $Binding.Service
        }
    }

    It 'Should read the <Name> envelope''s bindings as JsonSerializer did' -ForEach $bindingsEnvelopes {
        $text = (ConvertFrom-Json -InputObject (Get-Content -Raw -LiteralPath $Path)).data.bindings | ConvertTo-Json -Depth 10 -AsArray
        $read = Read-Binding -Text $text
        $read.GetType().FullName | Should -Be 'CertRebind.Binding[]'
        $read.Count | Should -BeGreaterThan 0
        $deserialized = Read-Binding -Text $text -BySerializer
        @($read | ForEach-Object -Process { ConvertTo-BindingText -Binding $_ }) |
            Should -BeExactly @($deserialized | ForEach-Object -Process { ConvertTo-BindingText -Binding $_ })
    }

    It 'Should read names of any case, skip unknown ones, keep nulls and a certificate written inline, as JsonSerializer did' {
        $text = '[{"Kind":"ipport","ENDPOINT":"0.0.0.0:443","thumbprint":null,"storename":"My","future":{"x":[1]},"sites":null,' +
            '"hostnames":["a",null,""],"certificate":{"thumbprint":"AB","notAfter":"2026-12-20T00:00:00.000Z"}},null,' +
            '{"kind":"ftp","certificate":null,"selection":"pinned","service":"FTPSVC","sites":[]},{"kind":"ccs","certificate":3}]'
        $read = Read-Binding -Text $text
        $deserialized = Read-Binding -Text $text -BySerializer
        @($read | ForEach-Object -Process { ConvertTo-BindingText -Binding $_ }) |
            Should -BeExactly @($deserialized | ForEach-Object -Process { ConvertTo-BindingText -Binding $_ })
        $read[0].Endpoint | Should -BeExactly '0.0.0.0:443'
        $read[0].Certificate.GetProperty('thumbprint').GetString() | Should -BeExactly 'AB' -Because 'the inline certificate outlives its document'
        $read[1] | Should -BeNullOrEmpty
        $read[3].Certificate | Should -Be 3
    }

    It 'Should refuse <Case> as JsonSerializer did' -ForEach @(
        @{ Case = 'a number for a text field'; Text = '[{"kind":5}]' }
        @{ Case = 'a text for a list'; Text = '[{"sites":"Default Web Site"}]' }
        @{ Case = 'a number in a list'; Text = '[{"hostnames":[1]}]' }
        @{ Case = 'a binding that is not an object'; Text = '["ipport"]' }
        @{ Case = 'bindings that are not a list'; Text = '{"kind":"ipport"}' }
    ) {
        { Read-Binding -Text $Text -BySerializer } | Should -Throw
        { Read-Binding -Text $Text } | Should -Throw
    }
}

Describe 'CertRebind.JsonHashtable' -Tag 'Unit' -Skip:(-not $hasTextJson) {
    BeforeAll {
        # A value as text that shows its type and, for a dictionary, its entries in key order: equal texts, equal values.
        function ConvertTo-TypedText {
            param ($Value)
            if ($null -eq $Value) { return 'null' }
            if ($Value -is [System.Collections.IDictionary]) {
                $entries = foreach ($key in @($Value.Keys | Sort-Object -CaseSensitive)) { '{0}={1}' -f $key, (ConvertTo-TypedText -Value $Value[$key]) }
                return '{' + ($entries -join ';') + '}'
            }
            if ($Value -is [System.Array]) {
                return '[' + (@(foreach ($item in $Value) { ConvertTo-TypedText -Value $item }) -join ',') + ']'
            }
            '{0}:{1}' -f $Value.GetType().Name, $Value
        }

        function Read-JsonHashtable {
            param ([System.String] $Text)
            $document = [System.Text.Json.JsonDocument]::Parse($Text)
            try { [CertRebind.JsonHashtable]::Read($document.RootElement) } finally { $document.Dispose() }
        }
    }

    It 'Should read the <Name> envelope''s changes as ConvertFrom-Json -AsHashtable does' -ForEach $rebindEnvelopes {
        $text = Get-Content -Raw -LiteralPath $Path
        $expected = (ConvertFrom-Json -InputObject $text -AsHashtable).data.changes
        $read = (Read-JsonHashtable -Text $text).data.changes
        @($read).Count | Should -BeGreaterThan 0
        ConvertTo-TypedText -Value $read | Should -BeExactly (ConvertTo-TypedText -Value $expected)
    }

    It 'Should read numbers, booleans, nulls, empty lists and keys that differ in case as ConvertFrom-Json -AsHashtable does' {
        $text = '{"kept":0,"big":12345678901234567890,"negative":-3,"fraction":1.5,"exponent":2e3,"restartRequired":true,' +
            '"ok":false,"code":null,"notes":[],"storeName":{},"Kind":"ftp","kind":"ipport","nested":[[1,"a"],{"x":null}]}'
        $read = Read-JsonHashtable -Text $text
        $read | Should -BeOfType [System.Collections.Hashtable]
        ConvertTo-TypedText -Value $read | Should -BeExactly (ConvertTo-TypedText -Value (ConvertFrom-Json -InputObject $text -AsHashtable))
        $read['Kind'] | Should -BeExactly 'ftp'
        $read['kind'] | Should -BeExactly 'ipport'
    }

    It 'Should keep a string that reads as a date a string, where ConvertFrom-Json makes a DateTime' {
        (Read-JsonHashtable -Text '{"site":"2025-12-20T00:00:00.000Z"}').site | Should -BeOfType [System.String]
        (ConvertFrom-Json -InputObject '{"site":"2025-12-20T00:00:00.000Z"}' -AsHashtable).site | Should -BeOfType [System.DateTime]
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

    It 'Should build for Windows PowerShell 5.1 the same types as for PowerShell 7, without netstandard, and the JSON readers for PowerShell 7 only' {
        # Each build loaded into a fresh pwsh: its references, then each public type with its properties in order.
        $describe = "`$a = [System.Reflection.Assembly]::LoadFrom('ASSEMBLY'); (`$a.GetReferencedAssemblies().Name | Sort-Object) -join ','; " +
            "`$a.GetExportedTypes() | Sort-Object -Property FullName | ForEach-Object { `$_.FullName + ': ' + (`$_.GetProperties().Name -join ',') }"
        $builds = foreach ($framework in 'net462', 'netstandard2.0') {
            $path = Join-Path -Path $repositoryRoot -ChildPath "dist/lib/$framework/CertRebind.Types.dll"
            , @(& $pwsh -NoLogo -NoProfile -NonInteractive -Command $describe.Replace('ASSEMBLY', $path))
        }
        $builds[0][0] | Should -BeExactly 'mscorlib,System.Management.Automation' -Because '.NET Framework 4.6.2 loads a netstandard2.0 assembly only with facades'
        $builds[1][0] | Should -BeExactly 'netstandard,System.Management.Automation,System.Text.Json'
        $builds[0][1..99] | Should -Be @($builds[1][1..99] | Where-Object -FilterScript { $_ -notin 'CertRebind.JsonHashtable: ', 'CertRebind.BindingReader: ' })
        $builds[1][1..99] | Should -Contain 'CertRebind.JsonHashtable: ' -Because 'Windows PowerShell 5.1 has no System.Text.Json'
        $builds[1][1..99] | Should -Contain 'CertRebind.BindingReader: '
        $builds[0][1..99] | Should -Contain ('CertRebind.Binding: Kind,Endpoint,Thumbprint,StoreName,AppId,Owner,Sites,Hostnames,Certificate,' +
            'CertificateSubject,NotAfter,State,Service,Selection,HostRoot,ComputerName')
    }

    It 'Should import again in the same session with the types already loaded' {
        $manifest = New-ModuleCopy -Name 'twice' -WithTypes
        $run = Invoke-FreshImport -Manifest $manifest -Command "Import-Module -Name '$manifest' -Force; [CertRebind.StringList]::Of(@('a', 'b')).ToString()"
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -BeExactly 'a, b'
    }
}
