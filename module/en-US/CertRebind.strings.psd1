# Localized messages of the CertRebind module (en-US).
# Messages of the certrebind exe come from the exe itself; these are the module's own. Remedy<Kind> says the
# remedy of an exe message (docs/cli-contract.md, "Remedies") with the module's cmdlets and parameters.
# Error ids raised by the module itself (the exe's ids are CRnnnn, see docs/cli-contract.md):
#   CRPS0001  the exe was not found
#   CRPS0002  the exe could not be started
#   CRPS0003  the exe did not print a JSON envelope
#   CRPS0004  the exe failed without reporting an error
#   CRPS0005  the exe printed an envelope of an unsupported schema version
#   CRPS0006  the Set of a DSC resource could not bring the server into the desired state
ConvertFrom-StringData @'
ExeNotFound = The certrebind executable was not found. Looked for: {0}. It ships with the module under bin/: reinstall the module with 'Install-PSResource CertRebind -Reinstall', or set the environment variable CERTREBIND_EXE to the full path of certrebind.
ExeNotFoundFromEnvironment = The environment variable CERTREBIND_EXE is set to '{0}', but no file exists there. Point CERTREBIND_EXE at the certrebind executable, or remove it to use the one shipped with the module.
TypesNotFound = The CertRebind module cannot load its data types: CertRebind.Types.dll was not found. Looked for: {0}. It ships with the module under bin/lib/: reinstall the module with 'Install-PSResource CertRebind -Reinstall'.
TypesOfAnotherBuild = This PowerShell session already holds the data types of another build of CertRebind ({0}), not this version's ({1}): the module was updated while the session ran, and a session cannot load two builds. Start a new PowerShell session and import CertRebind again.
ExeNotFoundRecommendedAction = Reinstall the module with 'Install-PSResource CertRebind -Reinstall', or set CERTREBIND_EXE to the full path of certrebind.
ExeNotExecutable = The certrebind executable '{0}' is not executable and could not be made so: {1} Run 'chmod +x' on it as the owner of the module folder, or reinstall the module.
ExeStartFailed = The certrebind executable '{0}' could not be started: {1}
ExeInvalidOutput = certrebind {0} did not print a JSON envelope (exit code {1}). Standard output began with: '{2}'. Standard error began with: '{3}'.
ExeFailedWithoutError = certrebind {0} exited with code {1} but reported no error.
ExeUnsupportedSchema = certrebind {0} printed an envelope of schema version '{1}'; this module understands schema version {2}. Use the certrebind executable that ships with this module version.
ExeRunning = Running for {0} s.
ExeReadingResult = Reading the result: {0} of {1}.
MissingRecord = Site '{0}' binding {1} has no HTTP.sys record ({2} {3}): the site does not serve TLS.
BindingNoThumbprint = The input names no certificate: give -Thumbprint a thumbprint, or pipe certificates, bindings or lifecycle events that have one.
DailyAtInvalid = '{0}' is not a time of day for -DailyAt. Give 'HH:mm' (00:00 to 23:59), a [datetime] (its time of day is used) or a [timespan] of whole minutes under 24 hours.
RebindChangeDescription = Re-binding {0} {1} ({2}) from certificate {3} to {4}.
RebindChangeConfirmation = Re-bind {0} {1} ({2}) from certificate {3} to {4}? Declining leaves this binding as it is; the changes you approve are applied.
RebindChangeCaption = Re-bind a certificate binding
RebindChangeNeeds = {0} Needs: {1}.
RebindNeedKeyRead = key read: {0} {1}
RebindNeedRestart = restart {0}
RebindNeedRestartItsService = restart its service
RebindNoSites = no site
RebindDeclined = Nothing was changed: no change of the rebind from certificate {0} to {1} was approved. Review the plan with -WhatIf.
RebindChangeNote = {0} {1}: {2}
RebindInformational = {0} {1} ({2}): {3}
RebindRunSummary = certrebind run {0} changed {1} binding(s). Backup: {2}. Audit record: {3}.
RebindNone = none
RebindAutoChangeDescription = Re-binding {0} {1} ({2}) from certificate {3} to its successor {4}: {5}
RebindAutoChangeConfirmation = Re-bind {0} {1} ({2}) from certificate {3} to its successor {4}? {5} Declining leaves this binding as it is; the changes you approve are applied.
RebindAutoDeclined = Nothing was changed: no change of the successor scan was approved. Review the plan with Invoke-CertRebind -Auto -WhatIf.
RebindSuccessor = {0} ({1}): {2}
RebindAllDescription = Re-binding every binding of certificate {0} to {1}.
RebindAllConfirmation = Re-bind every binding of certificate {0} to {1}?
RebindAutoAllDescription = Re-binding every binding of a certificate that needs replacing to its successor.
RebindAutoAllConfirmation = Re-bind every binding of a certificate that needs replacing to its successor?
RebindAllCaption = Re-bind certificate bindings
TaskStepConfirmation = {0} Continue? The command does all of its steps or none: declining any step changes nothing.
TaskEnableCaption = Enable automatic certificate rebinding
TaskDisableCaption = Disable automatic certificate rebinding
TaskDeclined = Nothing was changed: not every step was approved, and the command does all of its steps in one run or none of them.
TaskStepNotPlanned = {0}: {1}
TaskXml = The task XML:{0}
TaskAudit = Audit record: {0}.
DscSetIncomplete = {0} could not bring the server into the desired state: {1}
SnapshotCaption = Write a snapshot host
SnapshotDescription = Writing a snapshot host of {0} into {1}.
SnapshotDescriptionForce = Writing a snapshot host of {0} into {1}, replacing the snapshot host there.
SnapshotThisMachine = this machine
SnapshotConfirmation = Write a snapshot host of {0} into {1}?
RemedyAllowNameMismatch = Use -AllowNameMismatch to rebind anyway.
RemedyReadableConfigOrAllowNameMismatch = Make the configuration readable, or use -AllowNameMismatch to rebind anyway.
RemedyChoosePair = Choose one and run Invoke-CertRebind with -OldThumbprint and -NewThumbprint.
RemedyRebindPair = Rebind it with Invoke-CertRebind -OldThumbprint -NewThumbprint.
RemedyFixRenewalLinkOrRebindPair = Remove the wrong renewal link (certutil -repairstore) or rebind it with Invoke-CertRebind -OldThumbprint -NewThumbprint.
RemedyWaitLonger = Try again when it has finished, or wait longer with -WaitSeconds.
RemedyHostRootOrWindows = Pass -HostRoot with a snapshot host directory, or run on Windows without it.
RemedyHostRootOfSnapshot = Pass -HostRoot with the folder that holds them.
RemedyHostRootRequired = Pass -HostRoot with a snapshot host directory to work on it instead of this machine.
RemedyExePath = Point the environment variable CERTREBIND_EXE at the built certrebind executable, or remove it to use the one shipped with the module.
RemedyReplaceBuiltin = Add -ReplaceBuiltIn to disable it.
RemedyEnableTask = Run Enable-IISCertAutoRebind.
RemedyUpdateTask = Run Enable-IISCertAutoRebind to update it.
RemedyEnableTaskReplaceBuiltin = Run Enable-IISCertAutoRebind -ReplaceBuiltIn to disable it.
RemedyRaiseMax = Raise -MaxEvents (0 lists every one).
RemedyRestartServices = Restart them yourself, or run Invoke-CertRebind with -RestartService to have them restarted.
RemedyForceReplaceSnapshot = Give a new or empty folder, or -Force to replace a snapshot host there.
'@
