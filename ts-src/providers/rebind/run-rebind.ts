import { randomBytes } from "node:crypto";
import { hostname, userInfo } from "node:os";
import { dirname } from "node:path";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import { certificateView } from "../../core/inventory.js";
import type { ChangeView } from "../../core/rebind/plan.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import type { EnvelopeError } from "../../cli/envelope.js";
import type { Host } from "../../platform/ports.js";
import { applyPlan } from "./apply-plan.js";
import { loadPlan, type LoadedPlan } from "./load-plan.js";

export interface RebindRequest {
  old: Thumbprint;
  new: Thumbprint;
  dryRun: boolean;
  force: boolean;
  waitMs: number;
  trigger: string;
  now: Date;
}

export interface RebindOutcome {
  data: RebindData;
  exitCode: number;
  errors: EnvelopeError[];
  warnings: string[];
}

export interface RebindData {
  runId: string;
  dryRun: boolean;
  old: { thumbprint: string; certificate: ReturnType<typeof certificateView> | null };
  new: { thumbprint: string; certificate: ReturnType<typeof certificateView> };
  changes: ChangeView[];
  informational: LoadedPlan["plan"]["informational"];
  changed: number;
  backup: string | null;
  audit: string | null;
}

/** `rebind --old --new`: validate, plan, and unless a dry run, apply under the lock, verify, roll back, audit. */
export async function runRebind(host: Host, request: RebindRequest): Promise<RebindOutcome> {
  if (request.old === request.new) {
    throw new CertRebindError("CR2011", `The old and the new thumbprint are the same (${request.old}): there is nothing to move.`, ExitCode.BadInput, request.old);
  }
  const runId = newRunId(request.now);
  const preview = await loadPlan(host, request.old, request.new, request.force, request.now);
  if (request.dryRun) return outcome(runId, request, preview, null, null, []);
  const notWritable = await host.state.checkWritable(filesToChange(host, preview));
  if (notWritable) throw new CertRebindError("CR4004", notWritable, ExitCode.Environment, null);

  const lock = await host.state.acquireLock(request.waitMs);
  const warnings: string[] = [];
  let result: RebindOutcome | null = null;
  try {
    const loaded = await loadPlan(host, request.old, request.new, request.force, request.now);
    let backup: string | null = null;
    if (loaded.plan.changes.some((c) => c.view.status === "planned")) {
      backup = dirname(await host.state.writeBackup(runId, "httpsys-records.json", JSON.stringify(loaded.records, null, 2)));
    }
    const applied = await applyPlan(host, loaded.plan.changes, async (text) => {
      await host.state.writeBackup(runId, "applicationHost.config", text);
    });
    result = outcome(runId, request, loaded, backup, applied.failure, warnings);
  } finally {
    const audit = await writeAudit(host, request, runId, result);
    if (result) result.data.audit = audit.path;
    if (audit.warning) warnings.push(audit.warning);
    await lock.release();
  }
  return result;
}

function filesToChange(host: Host, loaded: LoadedPlan): string[] {
  const planned = loaded.plan.changes.filter((c) => c.view.status === "planned");
  const files: string[] = [];
  if (host.httpSys.filePath && planned.some((c) => c.target.type === "record")) files.push(host.httpSys.filePath);
  if (loaded.config && planned.some((c) => c.target.type === "ftp")) files.push(loaded.config.path);
  return files;
}

function outcome(
  runId: string,
  request: RebindRequest,
  loaded: LoadedPlan,
  backup: string | null,
  failure: { message: string; restored: boolean; restoreError: string | null } | null,
  warnings: string[],
): RebindOutcome {
  const changes = loaded.plan.changes.map((c) => c.view);
  const errors: EnvelopeError[] = changes
    .filter((c) => c.status === "refused" || c.status === "failed")
    .map((c) => ({ code: c.code!, message: c.reason!, target: c.endpoint }));
  if (failure) {
    errors.push(
      failure.restored
        ? { code: "CR1001", message: `The rebind failed and everything it had changed was restored: ${failure.message}.`, target: null }
        : { code: "CR1002", message: `The rebind failed and restoring failed too (${failure.restoreError}). Restore by hand from the backup in ${backup ?? "(no backup)"}.`, target: backup },
    );
  }
  const exitCode = failure ? ExitCode.Failed : changes.some((c) => c.status === "refused") ? ExitCode.Partial : ExitCode.Ok;
  return {
    data: {
      runId,
      dryRun: request.dryRun,
      old: { thumbprint: request.old, certificate: loaded.oldCertificate && certificateView(loaded.oldCertificate, request.now) },
      new: { thumbprint: request.new, certificate: certificateView(loaded.newCertificate, request.now) },
      changes,
      informational: loaded.plan.informational,
      changed: changes.filter((c) => c.status === "applied").length,
      backup,
      audit: null,
    },
    exitCode,
    errors,
    warnings,
  };
}

async function writeAudit(host: Host, request: RebindRequest, runId: string, result: RebindOutcome | null) {
  return host.state.appendAudit({
    time: new Date().toISOString(),
    runId,
    command: "rebind",
    trigger: request.trigger,
    user: currentUser(),
    computer: hostname(),
    exitCode: result?.exitCode ?? ExitCode.Failed,
    old: request.old,
    new: request.new,
    force: request.force,
    changes: result?.data.changes.map(({ kind, endpoint, from, to, status, code }) => ({ kind, endpoint, from, to, status, code })) ?? [],
    errors: result?.errors ?? [{ code: "CR1000", message: "the run stopped on an unexpected error", target: null }],
    backup: result?.data.backup ?? null,
  });
}

function currentUser(): string {
  const domain = process.env["USERDOMAIN"];
  const name = userInfo().username;
  return domain ? `${domain}\\${name}` : name;
}

function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${randomBytes(3).toString("hex")}`;
}
