/*
 * `dsc get | test | set`: the two DSC resources over the host, through the same providers as `bindings`,
 * `rebind --auto` and `task`. Get and test read only; set changes the host exactly as those commands do, then reads
 * the state back.
 */
import type { EnvelopeError } from "../../core/errors.js";
import { autoRebindState } from "../../core/dsc/auto-rebind-state.js";
import { bindingsCurrentState, type SuccessorSummary } from "../../core/dsc/bindings-state.js";
import type { AutoRebindDesired, BindingsCurrentDesired, DesiredState } from "../../core/dsc/desired-state.js";
import { ExitCode } from "../../core/errors.js";
import type { ChangeView } from "../../core/rebind/plan.js";
import type { Host } from "../../platform/ports.js";
import { readHost, readInventory } from "../read-inventory.js";
import { runAutoRebind } from "../rebind/run-auto-rebind.js";
import { disableTask, enableTask, taskStatus } from "../task/run-task.js";
import type { TaskContext } from "../task/task-status.js";

export interface DscContext extends TaskContext {
  /** How long `set` of CertBindingsCurrent waits for another run's lock. */
  waitMs: number;
}

export interface DscOutcome {
  /** The instance's state (after the change, for set). */
  state: Record<string, unknown>;
  inDesiredState: boolean;
  exitCode: number;
  errors: EnvelopeError[];
  warnings: string[];
}

/** The audit record's `trigger` of a run that DSC started. */
export const DSC_TRIGGER = "dsc";

/** The current state, with the reasons it differs from `desired`. Reads only. */
export async function dscGet(host: Host, desired: DesiredState, context: DscContext): Promise<DscOutcome> {
  return desired.resource === "CertBindingsCurrent" ? getBindingsCurrent(host, desired, context) : getAutoRebind(host, desired, context);
}

/** Brings the host into the desired state, then reads its state back. */
export async function dscSet(host: Host, desired: DesiredState, context: DscContext): Promise<DscOutcome> {
  return desired.resource === "CertBindingsCurrent" ? setBindingsCurrent(host, desired, context) : setAutoRebind(host, desired, context);
}

async function getBindingsCurrent(host: Host, desired: BindingsCurrentDesired, context: DscContext): Promise<DscOutcome> {
  const reading = await readHost(host);
  const inventory = await readInventory(host, context.now, reading);
  const scan = await runAutoRebind(host, { dryRun: true, days: desired.days, force: false, waitMs: context.waitMs, trigger: DSC_TRIGGER, now: context.now, reading });
  const { state, inDesiredState } = bindingsCurrentState(desired, inventory.bindings, {
    changes: scan.data.changes,
    successors: (scan.data["successors"] as SuccessorSummary[] | undefined) ?? [],
    errors: scan.errors,
  });
  // The scan's errors are the reasons of the state: reading the state went well.
  return { state: { ...state }, inDesiredState, exitCode: ExitCode.Ok, errors: [], warnings: unique([...inventory.warnings, ...scan.warnings]) };
}

/** `rebind --auto`, all or nothing as always; refused targets and failures are errors (exit 3 or 1) beside the state. */
async function setBindingsCurrent(host: Host, desired: BindingsCurrentDesired, context: DscContext): Promise<DscOutcome> {
  const run = await runAutoRebind(host, { dryRun: false, days: desired.days, force: false, waitMs: context.waitMs, trigger: DSC_TRIGGER, now: context.now });
  const after = await getBindingsCurrent(host, desired, context);
  const applied = run.data.changes.filter((c: ChangeView) => c.status === "applied").length;
  const warnings = [...run.warnings, ...after.warnings];
  if (run.exitCode === ExitCode.Partial && applied > 0) {
    warnings.push(`${applied} binding(s) moved to their successors; the refused ones kept their certificates (see the errors).`);
  }
  return { ...after, exitCode: run.exitCode, errors: run.errors, warnings: unique(warnings) };
}

async function getAutoRebind(host: Host, desired: AutoRebindDesired, context: DscContext): Promise<DscOutcome> {
  const status = await taskStatus(host, context);
  const { state, inDesiredState } = autoRebindState(desired, status.data);
  return { state: { ...state }, inDesiredState, exitCode: status.exitCode, errors: status.errors, warnings: status.warnings };
}

/** `task enable` (with the desired daily time and --replace-builtin) or `task disable`; both are idempotent. */
async function setAutoRebind(host: Host, desired: AutoRebindDesired, context: DscContext): Promise<DscOutcome> {
  const outcome = desired.exist
    ? await enableTask(host, { ...context, dailyAt: desired.dailyAt, replaceBuiltin: desired.replaceBuiltIn, dryRun: false })
    : await disableTask(host, { ...context, dryRun: false });
  const { state, inDesiredState } = autoRebindState(desired, outcome.data);
  return { state: { ...state }, inDesiredState, exitCode: outcome.exitCode, errors: outcome.errors, warnings: outcome.warnings };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
