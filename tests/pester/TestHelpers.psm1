# Helpers shared by the Pester suites. Each test file imports this module in its BeforeAll (and in
# BeforeDiscovery where it needs one of them there). Paths into TestDrive are passed in as -Folder,
# as Pester's TestDrive belongs to the test file.

# Every environment variable the fake exe (fixtures/fake-certrebind.sh) reads, and CERTREBIND_EXE.
$script:FakeExeVariables = @(
    'CERTREBIND_EXE', 'FAKE_ENVELOPE', 'FAKE_EXIT', 'FAKE_DRY_RUN_ENVELOPE', 'FAKE_DRY_RUN_EXIT',
    'FAKE_ARGV_FILE', 'FAKE_ARGV_LOG', 'FAKE_STDERR', 'FAKE_CWD_FILE'
)

#region The module under test

function Get-CertRebindRepositoryRoot {
    <# The root of the repository: the folder of CertRebind.psd1. #>
    (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).ProviderPath
}

function Import-CertRebindModule {
    <#
        Imports the module from the repository's manifest into the global scope, as a test file's
        BeforeAll would. With -WithMockDefaults, InModuleScope, Mock and Should take it as their
        -ModuleName through $PSDefaultParameterValues (Remove-CertRebindModule removes them again).
    #>
    param ([System.Management.Automation.SwitchParameter] $WithMockDefaults)

    $manifestPath = Join-Path -Path (Get-CertRebindRepositoryRoot) -ChildPath 'CertRebind.psd1'
    Import-Module -Name $manifestPath -Force -Global -ErrorAction Stop

    if ($WithMockDefaults) {
        $global:PSDefaultParameterValues['InModuleScope:ModuleName'] = 'CertRebind'
        $global:PSDefaultParameterValues['Mock:ModuleName'] = 'CertRebind'
        $global:PSDefaultParameterValues['Should:ModuleName'] = 'CertRebind'
    }
}

function Remove-CertRebindModule {
    <# Removes the defaults of Import-CertRebindModule -WithMockDefaults and the module, for AfterAll. #>
    $global:PSDefaultParameterValues.Remove('InModuleScope:ModuleName')
    $global:PSDefaultParameterValues.Remove('Mock:ModuleName')
    $global:PSDefaultParameterValues.Remove('Should:ModuleName')
    Remove-Module -Name 'CertRebind' -Force -ErrorAction SilentlyContinue
}

#endregion

#region Environment variables

function Save-TestEnvironment {
    <# The values of the named environment variables, for Restore-TestEnvironment. With -Clear, unsets them. #>
    param (
        [Parameter(Mandatory)] [System.String[]] $Name,
        [System.Management.Automation.SwitchParameter] $Clear
    )

    $saved = @{}
    foreach ($variableName in $Name) {
        $saved[$variableName] = [System.Environment]::GetEnvironmentVariable($variableName)
        if ($Clear) {
            [System.Environment]::SetEnvironmentVariable($variableName, $null)
        }
    }
    $saved
}

function Restore-TestEnvironment {
    <# Sets the environment variables back to the values Save-TestEnvironment (or one of its callers) returned. #>
    param ([Parameter(Mandatory)] [System.Collections.Hashtable] $Saved)

    foreach ($variableName in $Saved.Keys) {
        [System.Environment]::SetEnvironmentVariable($variableName, $Saved[$variableName])
    }
}

#endregion

#region Canned envelopes (fixtures/envelopes) and the mock of Invoke-CertRebindExe

function Get-EnvelopePath {
    <# The path of the canned envelope fixtures/envelopes/<Name>.json. #>
    param ([Parameter(Mandatory)] [System.String] $Name)

    [System.IO.Path]::Combine($PSScriptRoot, 'fixtures', 'envelopes', "$Name.json")
}

function Get-EnvelopeData {
    <# The data of a canned envelope, fresh for every call. #>
    param ([Parameter(Mandatory)] [System.String] $Name)

    (Get-Content -Raw -LiteralPath (Get-EnvelopePath -Name $Name) | ConvertFrom-Json).data
}

function New-EnvelopeFile {
    <#
        Writes <Name>.json in -Folder and returns its path: the canned envelope -From with other
        -Warnings, or an envelope of the command -Command that reports the one error -Code (on
        -Target, of scope -Scope) and no data.
    #>
    [CmdletBinding(DefaultParameterSetName = 'From')]
    param (
        [Parameter(Mandatory)] [System.String] $Folder,
        [Parameter(Mandatory)] [System.String] $Name,
        [Parameter(Mandatory, ParameterSetName = 'From')] [System.String] $From,
        [Parameter(Mandatory, ParameterSetName = 'Error')] [System.String] $Command,
        [Parameter(Mandatory, ParameterSetName = 'Error')] [System.String] $Code,
        [Parameter(ParameterSetName = 'Error')] [System.Object] $Target,
        [Parameter(Mandatory, ParameterSetName = 'Error')] [ValidateSet('item', 'target', 'run')] [System.String] $Scope,
        [System.String[]] $Warnings = @()
    )

    if ($PSCmdlet.ParameterSetName -eq 'From') {
        $envelope = Get-Content -Raw -LiteralPath (Get-EnvelopePath -Name $From) | ConvertFrom-Json
        $envelope.warnings = $Warnings
    }
    else {
        $envelope = [ordered] @{
            schemaVersion = 1
            command       = $Command
            ok            = $false
            data          = $null
            errors        = @([ordered] @{ code = $Code; message = "Message of $Code."; target = $Target; scope = $Scope })
            warnings      = $Warnings
        }
    }

    $path = Join-Path -Path $Folder -ChildPath "$Name.json"
    [System.IO.File]::WriteAllText($path, (ConvertTo-Json -Depth 10 -InputObject $envelope))
    $path
}

function New-RecordingExeMock {
    <#
        A -MockWith for Invoke-CertRebindExe: it adds the Command, Arguments, HostRoot,
        ReportedMessages and InputText (the confirmed plan) of every call to the list -Calls, and returns the data of the canned envelope
        -DryRun for a call with --dry-run and of -Apply for the others ($null without -Apply). With
        -DryRunData and -ApplyData it returns those objects instead.
    #>
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    param (
        [Parameter(Mandatory)] [AllowEmptyCollection()] [System.Collections.Generic.List[System.Object]] $Calls,
        [Parameter(Mandatory, ParameterSetName = 'Name')] [System.String] $DryRun,
        [Parameter(ParameterSetName = 'Name')] [System.String] $Apply,
        [Parameter(Mandatory, ParameterSetName = 'Data')] [System.Object] $DryRunData,
        [Parameter(ParameterSetName = 'Data')] [System.Object] $ApplyData
    )

    if ($PSCmdlet.ParameterSetName -eq 'Name') {
        $DryRunData = Get-EnvelopeData -Name $DryRun
        $ApplyData = if ($Apply) { Get-EnvelopeData -Name $Apply } else { $null }
    }

    # Pester passes the mocked command's parameters by name; the closure keeps the list and the data.
    {
        param ($Command, $Arguments, $HostRoot, $ReportedMessages, $InputText)

        $Calls.Add([PSCustomObject] @{ Command = $Command; Arguments = @($Arguments); HostRoot = $HostRoot; ReportedMessages = $ReportedMessages; InputText = $InputText })
        if ($Arguments -contains '--dry-run') {
            $DryRunData
        }
        else {
            $ApplyData
        }
    }.GetNewClosure()
}

#endregion

#region The fake exe (fixtures/fake-certrebind.sh, a bash script: not for Windows)

function Save-FakeExeEnvironment {
    <# The values of the variables the fake exe reads, for Restore-TestEnvironment. With -Clear, unsets them. #>
    param ([System.Management.Automation.SwitchParameter] $Clear)

    Save-TestEnvironment -Name $script:FakeExeVariables -Clear:$Clear
}

function Install-FakeExe {
    <# Copies the fake exe to <Folder>/bin/certrebind, made executable, unless it is there already; returns its path. #>
    param ([Parameter(Mandatory)] [System.String] $Folder)

    $fakePath = Join-Path -Path $Folder -ChildPath 'bin/certrebind'
    if (-not (Test-Path -LiteralPath $fakePath)) {
        $null = New-Item -ItemType Directory -Path (Split-Path -Path $fakePath -Parent) -Force
        Copy-Item -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath 'fixtures/fake-certrebind.sh') -Destination $fakePath
        & chmod +x $fakePath
    }
    $fakePath
}

function Set-FakeExeOutput {
    <#
        Points the module at the fake exe in -Folder, which prints -DryRun (a path) for the dry run
        and -Apply for the run that applies it, with their exit codes, and logs the arguments of every
        call in <Folder>/argv.log ($env:FAKE_ARGV_LOG; emptied first).
    #>
    param (
        [Parameter(Mandatory)] [System.String] $Folder,
        [System.String] $DryRun,
        [System.Int32] $DryRunExit = 0,
        [System.String] $Apply = '',
        [System.Int32] $ApplyExit = 0
    )

    $argvLogPath = Join-Path -Path $Folder -ChildPath 'argv.log'
    Remove-Item -LiteralPath $argvLogPath -ErrorAction SilentlyContinue
    $env:CERTREBIND_EXE = Install-FakeExe -Folder $Folder
    $env:FAKE_DRY_RUN_ENVELOPE = $DryRun
    $env:FAKE_DRY_RUN_EXIT = [System.String] $DryRunExit
    $env:FAKE_ENVELOPE = $Apply
    $env:FAKE_EXIT = [System.String] $ApplyExit
    $env:FAKE_ARGV_LOG = $argvLogPath
    $env:FAKE_ARGV_FILE = $null
    $env:FAKE_STDERR = $null
}

function Get-FakeCall {
    <# The arguments of every call of the fake exe since Set-FakeExeOutput, one array per call. #>
    if ([System.String]::IsNullOrEmpty($env:FAKE_ARGV_LOG) -or -not (Test-Path -LiteralPath $env:FAKE_ARGV_LOG)) {
        return
    }

    $call = New-Object -TypeName 'System.Collections.Generic.List[System.String]'
    foreach ($line in Get-Content -LiteralPath $env:FAKE_ARGV_LOG) {
        if ($line -eq '--end--') {
            , $call.ToArray()
            $call.Clear()
        }
        else {
            $call.Add($line)
        }
    }
}

function Get-FakeCallCount {
    <# How many times the fake exe ran since Set-FakeExeOutput. #>
    @(Get-FakeCall).Count
}

#endregion

#region The real exe and the demo host (examples/demo-host) for the integration tests

function Get-CertRebindTestExe {
    <# The certrebind exe the integration tests run: $env:CERTREBIND_EXE, else the build for this platform under dist/. #>
    $repositoryRoot = Get-CertRebindRepositoryRoot
    if (-not [System.String]::IsNullOrEmpty($env:CERTREBIND_EXE)) {
        return $env:CERTREBIND_EXE
    }
    if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) {
        return [System.IO.Path]::Combine($repositoryRoot, 'dist', 'win-x64', 'certrebind.exe')
    }
    [System.IO.Path]::Combine($repositoryRoot, 'dist', 'linux-x64', 'certrebind')
}

function Test-CertRebindTestExe {
    <# Whether the exe of Get-CertRebindTestExe exists; when it does not, warns that the tests of -Suite are skipped. #>
    param ([Parameter(Mandatory)] [System.String] $Suite)

    $exePath = Get-CertRebindTestExe
    if (Test-Path -LiteralPath $exePath -PathType Leaf) {
        return $true
    }
    Write-Warning -Message "Skipping the $Suite integration tests: the certrebind exe '$exePath' does not exist yet. Build it with './build.sh Build'."
    $false
}

function Set-DemoHostEnvironment {
    <#
        Runs the exe on the demo's date (CERTREBIND_NOW = 2026-11-27) and with no default host root.
        Returns the values before, for Restore-TestEnvironment.
    #>
    $saved = Save-TestEnvironment -Name 'CERTREBIND_NOW', 'CERTREBIND_HOST_ROOT'
    $env:CERTREBIND_NOW = '2026-11-27T00:00:00Z'
    $env:CERTREBIND_HOST_ROOT = $null
    $saved
}

function New-DemoHost {
    <#
        A fresh copy of the demo host at <Folder>/<Name>, without any state an earlier run left in the
        example; returns its path. With -WithIisTask, IIS's own task (tests/fixtures/tasks) is
        registered on it.
    #>
    param (
        [Parameter(Mandatory)] [System.String] $Folder,
        [Parameter(Mandatory)] [System.String] $Name,
        [System.Management.Automation.SwitchParameter] $WithIisTask
    )

    $repositoryRoot = Get-CertRebindRepositoryRoot
    $hostRoot = Join-Path -Path $Folder -ChildPath $Name
    Copy-Item -LiteralPath (Join-Path -Path $repositoryRoot -ChildPath 'examples/demo-host') -Destination $hostRoot -Recurse
    Remove-Item -LiteralPath (Join-Path -Path $hostRoot -ChildPath 'state') -Recurse -Force -ErrorAction SilentlyContinue
    if ($WithIisTask) {
        $taskFolder = [System.IO.Path]::Combine($hostRoot, 'tasks', 'Microsoft', 'Windows', 'CertificateServicesClient')
        $null = New-Item -ItemType Directory -Path $taskFolder -Force
        Copy-Item -LiteralPath (Join-Path -Path $repositoryRoot -ChildPath 'tests/fixtures/tasks/IIS-AutoCertRebind.xml') -Destination $taskFolder
    }
    $hostRoot
}

function Get-DemoCertificateThumbprint {
    <# The thumbprint of a certificate file of the demo host, by its path under certs/ (for example 'My/www-2025.cer'). #>
    param ([Parameter(Mandatory)] [System.String] $RelativePath)

    $certificatePath = [System.IO.Path]::Combine((Get-CertRebindRepositoryRoot), 'examples', 'demo-host', 'certs', $RelativePath)
    (New-Object -TypeName 'System.Security.Cryptography.X509Certificates.X509Certificate2' -ArgumentList $certificatePath).Thumbprint
}

function Get-HostFileHash {
    <# Relative path -> SHA-256 of every file under the host, hidden ones included. #>
    param ([Parameter(Mandatory)] [System.String] $HostRoot)

    $hashes = @{}
    foreach ($file in Get-ChildItem -LiteralPath $HostRoot -Recurse -File -Force) {
        $relativePath = $file.FullName.Substring($HostRoot.Length).TrimStart('/', '\').Replace('\', '/')
        $hashes[$relativePath] = (Get-FileHash -LiteralPath $file.FullName -Algorithm SHA256).Hash
    }
    $hashes
}

function Get-HostBindingThumbprint {
    <# 'kind endpoint' -> thumbprint of every binding of the host, as Get-CertBinding lists them. #>
    param ([Parameter(Mandatory)] [System.String] $HostRoot)

    $bound = @{}
    foreach ($binding in Get-CertBinding -HostRoot $HostRoot -WarningAction SilentlyContinue) {
        $bound['{0} {1}' -f $binding.Kind, $binding.Endpoint] = $binding.Thumbprint
    }
    $bound
}

#endregion

#region Host output

function Start-HostCapture {
    <# 'What if:' lines go to the host only; a transcript catches them. Returns the transcript path. #>
    param ([Parameter(Mandatory)] [System.String] $Folder)

    $path = Join-Path -Path $Folder -ChildPath ('host-{0}.txt' -f [System.Guid]::NewGuid())
    $null = Start-Transcript -LiteralPath $path
    $path
}

function Stop-HostCapture {
    <# Stops the transcript and returns its 'What if:' lines. #>
    param ([Parameter(Mandatory)] [System.String] $Path)

    $null = Stop-Transcript
    @(Get-Content -LiteralPath $Path | Where-Object -FilterScript { $_ -like 'What if: *' })
}

#endregion

Export-ModuleMember -Function @(
    'Get-CertRebindRepositoryRoot', 'Import-CertRebindModule', 'Remove-CertRebindModule'
    'Restore-TestEnvironment'
    'Get-EnvelopePath', 'Get-EnvelopeData', 'New-EnvelopeFile', 'New-RecordingExeMock'
    'Save-FakeExeEnvironment', 'Install-FakeExe', 'Set-FakeExeOutput', 'Get-FakeCall', 'Get-FakeCallCount'
    'Get-CertRebindTestExe', 'Test-CertRebindTestExe', 'Set-DemoHostEnvironment', 'New-DemoHost'
    'Get-DemoCertificateThumbprint', 'Get-HostFileHash', 'Get-HostBindingThumbprint'
    'Start-HostCapture', 'Stop-HostCapture'
)
