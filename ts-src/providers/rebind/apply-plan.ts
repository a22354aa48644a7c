import type { HttpSysRecord } from "../../core/model.js";
import type { PlannedChange } from "../../core/rebind/plan.js";
import { ftpCertificateReplacements, ftpCertificateUndo, type FtpCertificateEdit } from "../../platform/formats/application-host-edit.js";
import { metabaseReplacements, metabaseUndo } from "../../platform/formats/metabase-edit.js";
import { RebindWriteError, type Host, type RecordRebind, type WrittenBeforeFailure } from "../../platform/ports.js";
import type { OpenJournal } from "../journal/run-journal.js";
import { interrupts, InterruptedError } from "../../platform/interrupts.js";
import { verifyFtpApplied, verifyMetabaseApplied } from "./verify.js";

export interface ApplyResult {
  ok: boolean;
  /** What went wrong (`error`: the error itself), and whether everything applied was put back. */
  failure: { message: string; error: unknown; failedTargets: string[]; restored: boolean; restoreError: string | null } | null;
}

type Undo = { name: string; run: () => Promise<void> };

/** A change that edits the configuration file: an FTP target, or a record whose site's metabase entries change with it. */
export const changesConfig = (c: PlannedChange): boolean => c.target.type === "ftp" || c.view.metabase.length > 0;

/**
 * Applies the planned changes: HTTP.sys records in one batch, then the FTP attributes and the metabase entries
 * that go with the records in one write of the configuration file; reads everything back, marking each step done in the run's journal. On any failure, undoes
 * what was applied, newest first. Sets each change's status.
 */
export async function applyPlan(host: Host, changes: PlannedChange[], journal: Pick<OpenJournal, "markDone">): Promise<ApplyResult> {
  const planned = changes.filter((c) => c.view.status === "planned");
  const recordChanges = planned.filter((c) => c.target.type === "record");
  const ftpChanges = planned.filter((c) => c.target.type === "ftp");
  const configChanges = planned.filter(changesConfig);
  const undo: Undo[] = [];
  let step: PlannedChange[] = [];
  try {
    if (recordChanges.length > 0) {
      const originals = recordChanges.map((c) => (c.target as { record: HttpSysRecord }).record);
      const rebinds: RecordRebind[] = recordChanges.map((c) => ({
        record: (c.target as { record: HttpSysRecord }).record,
        thumbprint: c.view.to,
        storeName: c.view.storeName.to,
      }));
      undo.push({ name: "HTTP.sys records", run: () => host.httpSys.restoreRecords(originals) });
      step = recordChanges;
      interrupts.checkpoint();
      await host.httpSys.rebindRecords(rebinds);
      await journal.markDone("httpsys");
    }
    if (configChanges.length > 0) {
      const edits: FtpCertificateEdit[] = ftpChanges.map((c) => ({
        site: (c.target as { site: string | null }).site,
        thumbprint: c.view.to,
        ...(c.view.storeName.to !== c.view.storeName.from ? { storeName: c.view.storeName.to ?? "MY" } : {}),
      }));
      const metabase = configChanges.flatMap((c) => c.view.metabase);
      step = configChanges;
      interrupts.checkpoint();
      const edit = await host.iisConfig.edit(
        (text, path) => [...ftpCertificateReplacements(text, path, edits), ...metabaseReplacements(text, path, metabase)],
        (before, text, path) => [
          ...ftpCertificateReplacements(text, path, ftpCertificateUndo(before, path, edits)),
          ...metabaseReplacements(text, path, metabaseUndo(metabase)),
        ],
      ).catch((error: unknown) => {
        const written = (error as Partial<WrittenBeforeFailure>).undo;
        if (written) undo.push({ name: "applicationHost.config", run: written });
        throw error;
      });
      undo.push({ name: edit.path, run: () => edit.undo() });
      await journal.markDone("config");
    }
    step = planned;
    // Read back once for both checks: each read is a full parse of the file (0.34 s in bench/README.md).
    const config = configChanges.length > 0 ? await host.iisConfig.read() : null;
    const mismatches = [...verifyFtpApplied(config, planned), ...verifyMetabaseApplied(config, planned)];
    if (mismatches.length > 0) throw new ReadBackError(mismatches);
    // The last moment a signal undoes the run; after it, the run is complete and kept.
    interrupts.checkpoint();
    await journal.markDone("verified");
    for (const change of planned) change.view.status = "applied";
    return { ok: true, failure: null };
  } catch (error) {
    const failedTargets = error instanceof InterruptedError ? [] : failedIn(step, error);
    const restoreError = await undoAll(undo);
    for (const change of planned) {
      const failed = failedTargets.includes(change.view.endpoint);
      change.view.status = failed || restoreError ? "failed" : "rolled-back";
      change.view.code = restoreError ? "CR1002" : "CR1001";
      change.view.reason = failed
        ? `The change failed: ${(error as Error).message}.`
        : error instanceof InterruptedError
          ? `Not kept: the run was ${error.message}.`
          : "Not kept: another change of the run failed, and a run is all or nothing.";
    }
    return {
      ok: false,
      failure: { message: (error as Error).message, error, failedTargets, restored: restoreError === null, restoreError },
    };
  }
}

class ReadBackError extends Error {
  constructor(readonly targets: string[]) {
    super(`reading back after the change, ${targets.join(", ")} ${targets.length === 1 ? "was" : "were"} not as planned`);
  }
}

/** The targets of the step that failed: those the error names, or all of the step. */
function failedIn(step: PlannedChange[], error: unknown): string[] {
  const endpoints = step.map((c) => c.view.endpoint);
  const named = error instanceof ReadBackError ? error.targets : error instanceof RebindWriteError ? error.failed : [];
  const matching = endpoints.filter((e) => named.includes(e));
  return matching.length > 0 ? matching : endpoints;
}

async function undoAll(undo: Undo[]): Promise<string | null> {
  const errors: string[] = [];
  for (const step of [...undo].reverse()) {
    try {
      await step.run();
    } catch (error) {
      errors.push(`${step.name}: ${(error as Error).message}`);
    }
  }
  return errors.length ? errors.join("; ") : null;
}
