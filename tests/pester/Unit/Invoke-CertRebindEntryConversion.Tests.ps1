<#
    Unit tests of Invoke-CertRebindEntryConversion, the loop of the converters of the exe's data: it hands the
    entries to the batch converter by batches of 512, in order, with the same context each time, returns what the
    converter returns, and writes progress between batches only once the conversion has taken a second.
#>

BeforeAll {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath '../TestHelpers.psm1') -Force
    Import-CertRebindModule -WithMockDefaults
}

AfterAll {
    Remove-CertRebindModule
}

Describe 'Invoke-CertRebindEntryConversion' -Tag 'Unit' {
    Context 'When 1,300 entries are converted quickly' {
        BeforeAll {
            Mock -CommandName Write-Progress
            $conversion = InModuleScope -ScriptBlock {
                $batches = [System.Collections.Generic.List[System.Object]]::new()
                $context = @{ Batches = $batches }
                $convertBatch = {
                    param ($Entry, $Context)
                    $Context.Batches.Add(@($Entry))
                    foreach ($item in $Entry) { $item * 2 }
                }
                $output = @(Invoke-CertRebindEntryConversion -Entry @(1..1300) -ConvertBatch $convertBatch -Context $context -Activity 'test')
                @{ Output = $output; Batches = $batches }
            }
        }

        It 'Should hand over batches of 512 entries, the last one with the rest' {
            @($conversion.Batches | ForEach-Object -Process { $_.Count }) | Should -Be @(512, 512, 276)
            $conversion.Batches[1][0] | Should -Be 513
        }

        It 'Should return what the batch converter returns, in the entries'' order' {
            $conversion.Output | Should -HaveCount 1300
            $conversion.Output[0] | Should -Be 2
            $conversion.Output[1299] | Should -Be 2600
        }

        It 'Should write no progress' {
            Should -Invoke -CommandName Write-Progress -Exactly -Times 0 -Scope Context
        }
    }

    Context 'When there are no entries' {
        It 'Should not call the batch converter' {
            $calls = InModuleScope -ScriptBlock {
                $context = @{ Calls = 0 }
                Invoke-CertRebindEntryConversion -Entry $null -ConvertBatch { param ($Entry, $Context) $Context.Calls++ } -Context $context -Activity 'test'
                $context.Calls
            }
            $calls | Should -Be 0
        }
    }

    Context 'When the conversion takes more than a second' {
        BeforeAll {
            $progress = [System.Collections.Generic.List[System.Object]]::new()
            Mock -CommandName Write-Progress -MockWith {
                $progress.Add([PSCustomObject] @{ Activity = $Activity; Completed = [System.Boolean] $Completed })
            }
            InModuleScope -ScriptBlock {
                $slowBatch = { param ($Entry, $Context) Start-Sleep -Milliseconds 1100 }
                Invoke-CertRebindEntryConversion -Entry @(1..600) -ConvertBatch $slowBatch -Context @{} -Activity 'certrebind bindings'
            }
        }

        It 'Should write progress before the second batch, and close it once at the end' {
            @($progress | Where-Object -FilterScript { -not $_.Completed }) | Should -HaveCount 1
            @($progress | Where-Object -Property Completed) | Should -HaveCount 1
            $progress[-1].Completed | Should -BeTrue
            @($progress.Activity | Sort-Object -Unique) | Should -Be @('certrebind bindings')
        }
    }
}
