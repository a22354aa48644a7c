<#
    Unit tests of the module's compiled readers of the exe's envelope (cs-src/CertRebind.Types), each against what it
    stands in for on PowerShell 7: CertRebind.JsonCursor accepts and refuses JSON text as System.Text.Json's
    JsonDocument.Parse does, on listed cases and on mutations of a canned envelope; CertRebind.TypedEnvelope leaves
    the rest of an envelope as the exe wrote it; CertRebind.BindingReader reads bindings as JsonSerializer did;
    CertRebind.JsonHashtable reads values as ConvertFrom-Json -AsHashtable does.
#>

BeforeDiscovery {
    $hasTextJson = $PSVersionTable.PSVersion.Major -ge 7
    $envelopeFolder = Join-Path -Path $PSScriptRoot -ChildPath '../fixtures/envelopes'
    $rebindEnvelopes = @(Get-ChildItem -Path $envelopeFolder -Filter 'rebind-*.json' | ForEach-Object -Process { @{ Name = $_.BaseName; Path = $_.FullName } })
    $bindingsEnvelopes = @(Get-ChildItem -Path $envelopeFolder -Filter 'bindings*.json' | ForEach-Object -Process { @{ Name = $_.BaseName; Path = $_.FullName } })
}

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults

    # Whether the whole text is one JSON value to JsonCursor, and to JsonDocument.Parse.
    function Test-CursorReads {
        param ([System.String] $Text)
        try {
            $json = [CertRebind.JsonCursor]::new($Text)
            $json.SkipValue()
            $json.ExpectEnd()
            $true
        }
        catch [System.FormatException] { $false }
    }

    function Test-DocumentParses {
        param ([System.String] $Text)
        try { ([System.Text.Json.JsonDocument]::Parse($Text)).Dispose(); $true } catch { $false }
    }
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'CertRebind.JsonCursor' -Tag 'Unit' -Skip:(-not $hasTextJson) {
    It 'Should read <Case> as JsonDocument.Parse does: <Valid>' -ForEach @(
        @{ Case = 'an empty object'; Text = '{}'; Valid = $true }
        @{ Case = 'whitespace around every token'; Text = " `t`r`n{ `"a`" : [ 1 , true , false , null , `"x`" , { } , [ ] ] }`n "; Valid = $true }
        @{ Case = 'numbers of every form'; Text = '[0,-0,12,-3.25,1e5,1E+5,2.5e-3,123456789012345678901234567890]'; Valid = $true }
        @{ Case = 'a lone string'; Text = '"text"'; Valid = $true }
        @{ Case = 'escapes'; Text = '"\" \\ \/ \b \f \n \r \t \u00E9 \ud83d\ude00"'; Valid = $true }
        @{ Case = 'arrays 64 deep'; Text = ('[' * 64) + (']' * 64); Valid = $true }
        @{ Case = 'arrays 65 deep'; Text = ('[' * 65) + (']' * 65); Valid = $false }
        @{ Case = 'nothing'; Text = ''; Valid = $false }
        @{ Case = 'whitespace only'; Text = '  '; Valid = $false }
        @{ Case = 'a trailing comma in an object'; Text = '{"a":1,}'; Valid = $false }
        @{ Case = 'a trailing comma in an array'; Text = '[1,]'; Valid = $false }
        @{ Case = 'a leading comma'; Text = '[,1]'; Valid = $false }
        @{ Case = 'two values'; Text = '{} {}'; Valid = $false }
        @{ Case = 'text after the value'; Text = '{"a":1} x'; Valid = $false }
        @{ Case = 'a comment'; Text = '{"a":1 /* b */}'; Valid = $false }
        @{ Case = 'single quotes'; Text = "{'a':1}"; Valid = $false }
        @{ Case = 'a name without quotes'; Text = '{a:1}'; Valid = $false }
        @{ Case = 'a missing colon'; Text = '{"a" 1}'; Valid = $false }
        @{ Case = 'a missing comma'; Text = '[1 2]'; Valid = $false }
        @{ Case = 'an object not closed'; Text = '{"a":[1]'; Valid = $false }
        @{ Case = 'a string not closed'; Text = '["abc'; Valid = $false }
        @{ Case = 'a leading zero'; Text = '[01]'; Valid = $false }
        @{ Case = 'a plus sign'; Text = '[+1]'; Valid = $false }
        @{ Case = 'a decimal point with no digit after it'; Text = '[1.]'; Valid = $false }
        @{ Case = 'a decimal point with no digit before it'; Text = '[.5]'; Valid = $false }
        @{ Case = 'an exponent with no digit'; Text = '[1e]'; Valid = $false }
        @{ Case = 'a minus sign alone'; Text = '[-]'; Valid = $false }
        @{ Case = 'NaN'; Text = '[NaN]'; Valid = $false }
        @{ Case = 'a misspelt literal'; Text = '[tru]'; Valid = $false }
        @{ Case = 'a literal with more letters'; Text = '[nulls]'; Valid = $false }
        @{ Case = 'a capital literal'; Text = '[True]'; Valid = $false }
        @{ Case = 'a tab in a string'; Text = "[`"a`tb`"]"; Valid = $false }
        @{ Case = 'an unknown escape'; Text = '["\x41"]'; Valid = $false }
        @{ Case = 'a short \u escape'; Text = '["\u12"]'; Valid = $false }
        @{ Case = 'a \u escape that is not hexadecimal'; Text = '["\u12G4"]'; Valid = $false }
        @{ Case = 'a raw unpaired high surrogate'; Text = "[`"a$([char] 0xD800)b`"]"; Valid = $false }
        @{ Case = 'a raw unpaired low surrogate'; Text = "[`"$([char] 0xDC00)`"]"; Valid = $false }
    ) {
        Test-DocumentParses -Text $Text | Should -Be $Valid -Because 'the reference'
        Test-CursorReads -Text $Text | Should -Be $Valid
    }

    It 'Should refuse an escaped unpaired surrogate, which JsonDocument parses and its GetString refuses: <_>' -ForEach @(
        '"\ud800"', '"\udc00"', '"\ud800x"', '"\ud800\u0041"'
    ) {
        $document = [System.Text.Json.JsonDocument]::Parse($_)
        try { { $document.RootElement.GetString() } | Should -Throw } finally { $document.Dispose() }
        Test-CursorReads -Text $_ | Should -BeFalse
    }

    It 'Should read strings as JsonDocument does' {
        $text = '"plain \" \\ \/ \b \f \n \r \t \u00E9 \ud83d\ude00 ' + [char] 0xE9 + [char] 0xD83D + [char] 0xDE00 + ' end"'
        $document = [System.Text.Json.JsonDocument]::Parse($text)
        try { $expected = $document.RootElement.GetString() } finally { $document.Dispose() }
        [CertRebind.JsonCursor]::new($text).ReadString() | Should -BeExactly $expected
        [CertRebind.JsonCursor]::new('"abc"').ReadString() | Should -BeExactly 'abc'
    }

    It 'Should say where the text is wrong and what it expected' {
        { [CertRebind.TypedEnvelope]::Read('{"ok":true,"data":[1 2]}', @{}) } |
            Should -Throw '*The JSON text is not valid at character 21: expected a comma or the closing bracket, found ''2''.*'
        { [CertRebind.TypedEnvelope]::Read('{"ok":tru}', @{}) } | Should -Throw '*at character 6: expected true*'
    }

    It 'Should accept and refuse 600 mutations of a bindings envelope as JsonDocument.Parse does' {
        $text = Get-Content -Raw -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../fixtures/envelopes/bindings-services.json')
        $random = [System.Random]::new(20261203)
        $marks = '{}[]",:0123456789-+.eE tfnu\/'
        $refused = 0
        $differences = foreach ($round in 1..600) {
            $at = $random.Next($text.Length)
            $mark = $marks[$random.Next($marks.Length)]
            $mutant = switch ($random.Next(3)) {
                0 { $text.Remove($at, 1) }
                1 { $text.Insert($at, $mark) }
                2 { $text.Remove($at, 1).Insert($at, $mark) }
            }
            $expected = Test-DocumentParses -Text $mutant
            if (-not $expected) { $refused++ }
            if ((Test-CursorReads -Text $mutant) -ne $expected) { '{0} at {1}: {2}' -f $round, $at, $mutant.Substring([System.Math]::Max(0, $at - 20), 40) }
        }
        @($differences) | Should -Be @()
        $refused | Should -BeGreaterThan 100 -Because 'the mutations must make wrong text, not only other values'
    }
}

Describe 'CertRebind.TypedEnvelope' -Tag 'Unit' -Skip:(-not $hasTextJson) {
    It 'Should read the <Name> envelope''s bindings and leave the rest of it as the exe wrote it' -ForEach $bindingsEnvelopes {
        $text = Get-Content -Raw -LiteralPath $Path
        $split = [CertRebind.TypedEnvelope]::Read($text, @{ bindings = 'CertRebind.BindingReader' })
        $whole = ConvertFrom-Json -InputObject $text -AsHashtable
        $split.Typed.bindings.Count | Should -Be $whole.data.bindings.Count
        $split.Typed.bindings[0] | Should -BeOfType [CertRebind.Binding]
        $whole.data.Remove('bindings')
        ConvertTo-Json -InputObject (ConvertFrom-Json -InputObject $split.Rest -AsHashtable) -Depth 20 -Compress |
            Should -BeExactly (ConvertTo-Json -InputObject $whole -Depth 20 -Compress)
    }

    It 'Should keep every character of the text but the typed property''s, wherever it stands: <Case>' -ForEach @(
        @{ Case = 'first'; Text = '{"ok":true, "data" : { "bindings" : [] , "a":1,"b" : [2]} ,"errors":[]}'; Rest = '{"ok":true, "data" : {"a":1,"b" : [2]} ,"errors":[]}' }
        @{ Case = 'between'; Text = '{"data":{"a":1, "bindings":[{"kind":"x"}] ,"b":[2]}}'; Rest = '{"data":{"a":1,"b":[2]}}' }
        @{ Case = 'last'; Text = '{"data":{"a":{"bindings":[]},"bindings":null}}'; Rest = '{"data":{"a":{"bindings":[]}}}' }
        @{ Case = 'alone'; Text = "{`"data`":{`n  `"bindings`": []`n}}"; Rest = '{"data":{}}' }
        @{ Case = 'absent'; Text = '{"data":{"a":"\u0062indings"},"x":1}'; Rest = '{"data":{"a":"\u0062indings"},"x":1}' }
    ) {
        [CertRebind.TypedEnvelope]::Read($Text, @{ bindings = 'CertRebind.BindingReader' }).Rest | Should -BeExactly $Rest
    }

    It 'Should read a name written with escapes as JsonDocument does, and look it up as the dictionary does' {
        $split = [CertRebind.TypedEnvelope]::Read('{"data":{"\u0063hanges":[{"kind":"ftp"}],"Bindings":[]}}', @{ changes = 'CertRebind.JsonHashtable'; bindings = 'CertRebind.BindingReader' })
        $split.Typed.changes[0].kind | Should -BeExactly 'ftp'
        $split.Typed.Bindings.Count | Should -Be 0 -Because 'a PowerShell hashtable finds its keys whatever their case'
        $split.Rest | Should -BeExactly '{"data":{}}'
    }

    It 'Should give $null for JSON that is not an object, and type nothing in data that is not an object' {
        [CertRebind.TypedEnvelope]::Read(' [1] ', @{ bindings = 'CertRebind.BindingReader' }) | Should -BeNullOrEmpty
        $split = [CertRebind.TypedEnvelope]::Read('{"data":[{"bindings":[]}]}', @{ bindings = 'CertRebind.BindingReader' })
        $split.Typed.Count | Should -Be 0
        $split.Rest | Should -BeExactly '{"data":[{"bindings":[]}]}'
    }

    It 'Should refuse <Case>' -ForEach @(
        @{ Case = 'a reader it does not have'; Text = '{"data":{"bindings":[]}}'; Readers = @{ bindings = 'CertRebind.Binding' }; Message = '*No reader*CertRebind.Binding*' }
        @{ Case = 'wrong text after the data'; Text = '{"data":{"bindings":[]}},'; Readers = @{ bindings = 'CertRebind.BindingReader' }; Message = '*expected the end of the text*' }
        @{ Case = 'a typed list that does not fit its reader'; Text = '{"data":{"bindings":{}}}'; Readers = @{ bindings = 'CertRebind.BindingReader' }; Message = '*expected an array*' }
    ) {
        { [CertRebind.TypedEnvelope]::Read($Text, $Readers) } | Should -Throw $Message
    }
}

Describe 'CertRebind.BindingReader' -Tag 'Unit' -Skip:(-not $hasTextJson) {
    BeforeAll {
        # The bindings of a JSON array read by BindingReader, and by JsonSerializer with case-insensitive names (the
        # module's reader before it), each binding as one text of its properties: equal texts, equal bindings. A
        # certificate written inline is written as its JSON, a listed one as its index.
        function Read-Binding {
            param ([System.String] $Text, [System.Management.Automation.SwitchParameter] $BySerializer)
            if ($BySerializer) {
                $options = [System.Text.Json.JsonSerializerOptions]::new()
                $options.PropertyNameCaseInsensitive = $true
                return , [System.Text.Json.JsonSerializer]::Deserialize($Text, [CertRebind.Binding[]], $options)
            }
            $json = [CertRebind.JsonCursor]::new($Text)
            $read = [CertRebind.BindingReader]::Read($json)
            $json.ExpectEnd()
            , $read
        }

        function ConvertTo-BindingText {
            param ($Binding)
            if ($null -eq $Binding) { return 'null' }
            $certificate = $Binding.Certificate
            $certificateText = if ($certificate -is [System.Text.Json.JsonElement]) {
                if ($certificate.ValueKind -eq 'Number') { $certificate.GetInt64() } else { $certificate.GetRawText() }
            }
            elseif ($certificate -is [CertRebind.RawJson]) { $certificate.Text }
            else { $certificate }
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
        $read[0].Certificate.Text | Should -BeExactly '{"thumbprint":"AB","notAfter":"2026-12-20T00:00:00.000Z"}'
        $read[1] | Should -BeNullOrEmpty
        $read[3].Certificate | Should -BeOfType [System.Int64]
        $read[3].Certificate | Should -Be 3
    }

    It 'Should refuse <Case> as JsonSerializer did' -ForEach @(
        @{ Case = 'a number for a text field'; Text = '[{"kind":5}]' }
        @{ Case = 'a text for a list'; Text = '[{"sites":"Default Web Site"}]' }
        @{ Case = 'a number in a list'; Text = '[{"hostnames":[1]}]' }
        @{ Case = 'a binding that is not an object'; Text = '["ipport"]' }
        @{ Case = 'bindings that are not a list'; Text = '{"kind":"ipport"}' }
        @{ Case = 'a list of names that is not closed'; Text = '[{"sites":["a"}]' }
    ) {
        { Read-Binding -Text $Text -BySerializer } | Should -Throw
        { Read-Binding -Text $Text } | Should -Throw
    }
}

Describe 'CertRebind.JsonHashtable' -Tag 'Unit' -Skip:(-not $hasTextJson) {
    BeforeAll {
        # A value as text that shows its type and, for a dictionary, its entries in key order: equal texts, equal values.
        # -DatesAsText: a DateTime as the string the exe wrote (JavaScript's toISOString), as JsonHashtable keeps it.
        function ConvertTo-TypedText {
            param ($Value, [switch] $DatesAsText)
            if ($null -eq $Value) { return 'null' }
            if ($Value -is [System.Collections.IDictionary]) {
                $entries = foreach ($key in @($Value.Keys | Sort-Object -CaseSensitive)) { '{0}={1}' -f $key, (ConvertTo-TypedText -Value $Value[$key] -DatesAsText:$DatesAsText) }
                return '{' + ($entries -join ';') + '}'
            }
            if ($Value -is [System.Array]) {
                return '[' + (@(foreach ($item in $Value) { ConvertTo-TypedText -Value $item -DatesAsText:$DatesAsText }) -join ',') + ']'
            }
            if ($DatesAsText -and $Value -is [System.DateTime]) {
                return 'String:' + $Value.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [System.Globalization.CultureInfo]::InvariantCulture)
            }
            '{0}:{1}' -f $Value.GetType().Name, $Value
        }

        function Read-JsonHashtable {
            param ([System.String] $Text)
            $json = [CertRebind.JsonCursor]::new($Text)
            $read = [CertRebind.JsonHashtable]::Read($json)
            $json.ExpectEnd()
            $read
        }
    }

    It 'Should read the <Name> envelope''s changes as ConvertFrom-Json -AsHashtable does' -ForEach $rebindEnvelopes {
        $text = Get-Content -Raw -LiteralPath $Path
        $expected = (ConvertFrom-Json -InputObject $text -AsHashtable).data.changes
        $read = (Read-JsonHashtable -Text $text).data.changes
        @($read).Count | Should -BeGreaterThan 0
        ConvertTo-TypedText -Value $read | Should -BeExactly (ConvertTo-TypedText -Value $expected)
    }

    It 'Should parse the whole <Name> envelope as ConvertFrom-Json -AsHashtable does, its times kept as text' -ForEach ($rebindEnvelopes + $bindingsEnvelopes) {
        $text = Get-Content -Raw -LiteralPath $Path
        $expected = ConvertTo-TypedText -Value (ConvertFrom-Json -InputObject $text -AsHashtable) -DatesAsText
        ConvertTo-TypedText -Value ([CertRebind.JsonHashtable]::Parse($text)) | Should -BeExactly $expected
    }

    It 'Should parse one JSON value and nothing after it: <Case>' -ForEach @(
        @{ Case = 'a second value'; Text = '{"a":1} {"b":2}' }
        @{ Case = 'a bracket left open'; Text = '{"a":[1}' }
        @{ Case = 'nothing'; Text = '  ' }
    ) {
        $thrown = { [CertRebind.JsonHashtable]::Parse($Text) } | Should -Throw -PassThru
        $thrown.Exception.GetBaseException() | Should -BeOfType [System.FormatException]
    }

    It 'Should read numbers, booleans, nulls, empty lists and keys that differ in case as ConvertFrom-Json -AsHashtable does' {
        $text = '{"kept":0,"big":12345678901234567890,"negative":-3,"fraction":1.5,"exponent":2e3,"restartRequired":true,' +
            '"ok":false,"code":null,"notes":[],"storeName":{},"Kind":"ftp","kind":"ipport","nested":[[1,"a"],{"x":null}],' +
            '"zero":-0,"small":-9223372036854775808,"beyond":9223372036854775808,"tiny":1E-7,"text":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}'
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

