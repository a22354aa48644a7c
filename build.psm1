# Build helpers behind build.ps1. Every native step is checked: a failing step stops the build.
Set-StrictMode -Version Latest
$script:Root = $PSScriptRoot

function Invoke-NativeStep {
    param([string] $Name, [string] $File, [string[]] $Arguments)
    Write-Host "==> $Name" -ForegroundColor Cyan
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Name failed (exit code $LASTEXITCODE)." }
}

function Invoke-CertRebindBuild {
    Push-Location $script:Root
    try {
        Invoke-NativeStep 'type-check' 'npx' @('tsc', '-p', '.', '--noEmit')
        Invoke-NativeStep 'executables' 'bash' @('scripts/build-exe.sh')
        # The module's compiled data types: dist/lib/<framework>/CertRebind.Types.dll (cs-src/CertRebind.Types).
        Invoke-NativeStep 'module types' 'dotnet' @('build', 'cs-src/CertRebind.Types/CertRebind.Types.csproj', '-c', 'Release', '-nologo', '-v', 'quiet')
    }
    finally { Pop-Location }
}

function Invoke-CertRebindDemo {
    $exe = Join-Path $script:Root 'dist/linux-x64/certrebind'
    $demoHost = Join-Path $script:Root 'examples/demo-host'
    Write-Host "==> certrebind bindings --host-root examples/demo-host" -ForegroundColor Cyan
    & $exe bindings --host-root $demoHost
    if ($LASTEXITCODE -ne 0) { throw "certrebind bindings failed (exit code $LASTEXITCODE)." }
    Write-Host "`n==> Get-CertBinding -HostRoot examples/demo-host" -ForegroundColor Cyan
    Import-Module (Join-Path $script:Root 'CertRebind.psd1') -Force
    Get-CertBinding -HostRoot $demoHost | Format-Table -AutoSize | Out-String -Width 250 | Write-Host
    # A capture of the demo host, as an admin captures a real server, and a dry run on it: the server's plan, offline.
    $captureParent = Join-Path ([System.IO.Path]::GetTempPath()) ("certrebind-demo-" + [System.Guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $captureParent
    try {
        $capture = Join-Path $captureParent 'web01'
        Write-Host "`n==> certrebind capture --host-root examples/demo-host --out $capture" -ForegroundColor Cyan
        & $exe capture --host-root $demoHost --out $capture
        if ($LASTEXITCODE -ne 0) { throw "certrebind capture failed (exit code $LASTEXITCODE)." }
        Write-Host "`n==> certrebind rebind --auto --dry-run --host-root $capture" -ForegroundColor Cyan
        & $exe rebind --auto --dry-run --host-root $capture
        if ($LASTEXITCODE -notin 0, 3) { throw "certrebind rebind --auto --dry-run failed (exit code $LASTEXITCODE)." }
        # The same on the capture for real: every kind moves in one run (Legacy's host name was on neither certificate,
        # so RD Gateway's shared record needs --allow-name-mismatch), SQL Server and RD Gateway restarted on the renewal.
        Write-Host "`n==> certrebind rebind --auto --allow-name-mismatch --restart-services --host-root $capture" -ForegroundColor Cyan
        & $exe rebind --auto --allow-name-mismatch --restart-services --host-root $capture
        if ($LASTEXITCODE -ne 0) { throw "certrebind rebind --auto --allow-name-mismatch --restart-services failed (exit code $LASTEXITCODE)." }
        Write-Host "`n==> certrebind bindings --host-root $capture" -ForegroundColor Cyan
        & $exe bindings --host-root $capture
        if ($LASTEXITCODE -ne 0) { throw "certrebind bindings failed (exit code $LASTEXITCODE)." }
    }
    finally {
        Remove-Item -LiteralPath $captureParent -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# Runs one test step, echoes its output, and reads the pass/fail counts from its closing lines.
function Invoke-TestStep {
    param([string] $Name, [string] $File, [string[]] $Arguments)
    Write-Host "==> $Name" -ForegroundColor Cyan
    $output = & $File @Arguments 2>&1 | ForEach-Object { $line = "$_"; Write-Host $line; $line }
    $exit = $LASTEXITCODE
    $text = $output -join "`n"
    $passed = 0; $failed = 0
    if ($text -match '(?m)^# pass (\d+)') { $passed = [int]$Matches[1] }
    if ($text -match '(?m)^# fail (\d+)') { $failed = [int]$Matches[1] }
    if ($text -match '(?m)^(?:pester|bench): (\d+) passed, (\d+) failed') { $passed = [int]$Matches[1]; $failed = [int]$Matches[2] }
    if ($exit -ne 0 -and $failed -eq 0) { $failed = 1 }
    [pscustomobject]@{ Name = $Name; Passed = $passed; Failed = $failed; ExitCode = $exit }
}

function Invoke-CertRebindTests {
    Push-Location $script:Root
    try {
        $steps = @(
            Invoke-TestStep 'TypeScript unit tests' 'node' @('scripts/run-node-tests.mjs', 'tests/ts')
            Invoke-TestStep 'executable tests' 'node' @('scripts/run-node-tests.mjs', '--test-concurrency=1', 'tests/exe')
            Invoke-TestStep 'fault-injection tests' 'node' @('scripts/run-node-tests.mjs', '--test-concurrency=1', 'tests/faults')
            Invoke-TestStep 'Pester tests' (Join-Path $PSHOME 'pwsh') @('-NoLogo', '-NoProfile', '-File', 'tests/pester/Invoke-Tests.ps1')
            Invoke-TestStep 'benchmarks, quick mode (ratios only)' 'node' @('--import', 'tsx', 'bench/run.ts', '--quick')
        )
        $steps | Format-Table -AutoSize | Out-Host
        $passed = ($steps | Measure-Object Passed -Sum).Sum
        $failed = ($steps | Measure-Object Failed -Sum).Sum
        Write-Host "tests: $passed passed, $failed failed"
        if ($failed -gt 0) { exit 1 }
    }
    finally { Pop-Location }
}

# Whether dist/ lacks an exe or the module's types, or holds one older than a file it is built from.
function Test-CertRebindBuildNeeded {
    $built = 'dist/linux-x64/certrebind', 'dist/win-x64/certrebind.exe', 'dist/lib/net462/CertRebind.Types.dll', 'dist/lib/netstandard2.0/CertRebind.Types.dll'
    $outputs = foreach ($output in $built) { Get-Item -LiteralPath (Join-Path $script:Root $output) -ErrorAction SilentlyContinue }
    if (@($outputs).Count -lt $built.Count) { return $true }
    $typesSources = Get-ChildItem -LiteralPath (Join-Path $script:Root 'cs-src') -Recurse -File -Include '*.cs', '*.csproj'
    $sources = @(Get-ChildItem -LiteralPath (Join-Path $script:Root 'ts-src') -Recurse -File) + @($typesSources) +
        @(foreach ($file in 'package.json', 'package-lock.json', 'scripts/build-exe.sh', 'scripts/bundle.mjs') { Get-Item -LiteralPath (Join-Path $script:Root $file) })
    ($sources | Measure-Object -Property LastWriteTimeUtc -Maximum).Maximum -gt ($outputs | Measure-Object -Property LastWriteTimeUtc -Minimum).Minimum
}

# The release package (scripts/package/): build/package/CertRebind/<version>/ and its .nupkg with both exes, and
# build/package/win-x64/ with the Windows exe only (the one to import into Azure Automation). Signed when
# CERTREBIND_SIGN_PFX names a code-signing PFX (password in CERTREBIND_SIGN_PASSWORD, optional RFC 3161
# timestamp server in CERTREBIND_SIGN_TIMESTAMP_URL). Fails when a package is over its size limit.
function Invoke-CertRebindPackage {
    if (Test-CertRebindBuildNeeded) { Invoke-CertRebindBuild }
    Import-Module (Join-Path $script:Root 'scripts/package/CertRebindPackage.psm1') -Force
    $signing = @{}
    if ($env:CERTREBIND_SIGN_PFX) {
        $signing = @{ SigningPfxPath = $env:CERTREBIND_SIGN_PFX; SigningPassword = $env:CERTREBIND_SIGN_PASSWORD; TimestampUrl = $env:CERTREBIND_SIGN_TIMESTAMP_URL }
    }
    $output = Join-Path $script:Root 'build/package'
    Write-Host '==> package' -ForegroundColor Cyan
    $packages = @(
        New-CertRebindPackage -RepositoryRoot $script:Root -OutputPath $output @signing
        New-CertRebindPackage -RepositoryRoot $script:Root -OutputPath (Join-Path $output 'win-x64') -Runtime 'win-x64' @signing
    )
    $sizes = @(Measure-CertRebindPackage -Package $packages)
    $sizes | Format-Table -AutoSize | Out-String -Width 250 | Write-Host
    if ($packages[0].Signer) { Write-Host "Signed by $($packages[0].Signer): $($packages[0].SignedFiles.Count) files per package." }
    else { Write-Host 'UNSIGNED: CERTREBIND_SIGN_PFX is not set, so the package is not signed (its release notes say so).' -ForegroundColor Yellow }
    $over = @($sizes | Where-Object { -not $_.WithinLimit })
    if ($over) { throw "Over the size limit: $(($over | ForEach-Object { "$($_.Variant) $($_.NupkgMB) MB > $($_.LimitName) $($_.LimitMB) MB" }) -join '; ')." }
}

function Remove-CertRebindBuildOutput {
    foreach ($dir in 'build', 'dist', 'cs-src/CertRebind.Types/obj') {
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $script:Root $dir)
    }
}

Export-ModuleMember -Function Invoke-CertRebindBuild, Invoke-CertRebindDemo, Invoke-CertRebindTests, Invoke-CertRebindPackage, Remove-CertRebindBuildOutput
