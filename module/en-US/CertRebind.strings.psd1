# Localized messages of the CertRebind module (en-US).
# Messages of the certrebind exe come from the exe itself; these are the module's own.
# Error ids raised by the module itself (the exe's ids are CRnnnn, see docs/cli-contract.md):
#   CRPS0001  the exe was not found
#   CRPS0002  the exe could not be started
#   CRPS0003  the exe did not print a JSON envelope
#   CRPS0004  the exe failed without reporting an error
#   CRPS0005  the exe printed an envelope of an unsupported schema version
#   CRPS0006  the Set of a DSC resource could not bring the server into the desired state
ConvertFrom-StringData @'
ExeNotFound = The certrebind executable was not found. Looked for: {0}. Build it from the repository root with './build.sh Build', or set the environment variable CERTREBIND_EXE to the full path of certrebind.
ExeNotFoundFromEnvironment = The environment variable CERTREBIND_EXE is set to '{0}', but no file exists there. Point CERTREBIND_EXE at the certrebind executable, or remove it to use the one shipped with the module.
ExeNotFoundRecommendedAction = Build the executable with './build.sh Build', or set CERTREBIND_EXE to its full path.
ExeStartFailed = The certrebind executable '{0}' could not be started: {1}
ExeInvalidOutput = certrebind {0} did not print a JSON envelope (exit code {1}). Standard output began with: '{2}'. Standard error began with: '{3}'.
ExeFailedWithoutError = certrebind {0} exited with code {1} but reported no error.
ExeUnsupportedSchema = certrebind {0} printed an envelope of schema version '{1}'; this module understands schema version {2}. Use the certrebind executable that ships with this module version.
ExeRunning = Running for {0} s.
ExeReadingResult = Reading the result: {0} of {1}.
MissingRecord = Site '{0}' binding {1} has no HTTP.sys record ({2} {3}): the site does not serve TLS.
RebindChangeDescription = Re-binding {0} {1} ({2}) from certificate {3} to {4}.
RebindChangeConfirmation = Re-bind {0} {1} ({2}) from certificate {3} to {4}? The rebind applies all of its changes or none: declining any change leaves every binding as it is.
RebindChangeCaption = Re-bind a certificate binding
RebindNoSites = no site
RebindDeclined = Nothing was changed: not every change of the rebind from certificate {0} to {1} was approved, and a rebind applies all of its changes in one run or none of them. Run Invoke-CertRebind again and approve every change, or review the plan first with -WhatIf.
RebindChangeNote = {0} {1}: {2}
RebindInformational = {0} {1} ({2}): {3}
RebindRunSummary = certrebind run {0} changed {1} binding(s). Backup: {2}. Audit record: {3}.
RebindNone = none
RebindChangeNotInPlan = {0} {1} was re-bound although it was not in the plan you approved: it was bound to the old certificate by the time the rebind ran. Review it with Get-CertBinding.
RebindAutoChangeDescription = Re-binding {0} {1} ({2}) from certificate {3} to its successor {4}: {5}
RebindAutoChangeConfirmation = Re-bind {0} {1} ({2}) from certificate {3} to its successor {4}? {5} The rebind applies all of its changes or none: declining any change leaves every binding as it is.
RebindAutoDeclined = Nothing was changed: not every change of the successor scan was approved, and a rebind applies all of its changes in one run or none of them. Run Invoke-CertRebind -Auto again and approve every change, or review the plan first with -WhatIf.
RebindSuccessor = {0} ({1}): {2}
TaskStepConfirmation = {0} Continue? The command does all of its steps or none: declining any step changes nothing.
TaskEnableCaption = Enable automatic certificate rebinding
TaskDisableCaption = Disable automatic certificate rebinding
TaskDeclined = Nothing was changed: not every step was approved, and the command does all of its steps in one run or none of them.
TaskStepNotPlanned = {0}: {1}
TaskXml = The task XML:{0}
TaskAudit = Audit record: {0}.
DscSetIncomplete = {0} could not bring the server into the desired state: {1}
'@
