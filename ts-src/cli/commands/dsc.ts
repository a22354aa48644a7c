import { DSC_RESOURCES, parseDesiredState, type DscResourceName } from "../../core/dsc/desired-state.js";
import type { DscOutcome } from "../../providers/dsc/run-dsc.js";
import type { CommandModule } from "../command.js";
import { withScope, type ErrorScope } from "../../core/errors.js";
import type { EnvelopeError } from "../envelope.js";
import { VERSION } from "../version.js";

const OPERATIONS = ["get", "test", "set"] as const;

interface DscArgs {
  operation: (typeof OPERATIONS)[number];
  resource: DscResourceName;
  exePath?: string;
  json: boolean;
}

/**
 * The DSC v3 command-based resources CertRebind/CertBindingsCurrent and CertRebind/CertAutoRebind
 * (certrebind.dsc.resource.json, certrebind.autorebind.dsc.resource.json): the desired state as one JSON object on
 * stdin, the state as one JSON line on stdout (`test` adds `_inDesiredState`). Warnings and errors go to stderr as
 * DSC trace lines, {"warn":"…"} and {"error":"…"}. With --json, the usual envelope instead, its data the state.
 */
export const dscCommand: CommandModule<DscArgs> = {
  name: "dsc",
  command: "dsc <operation>",
  describe: "DSC v3 resource operations: the desired state of --resource as JSON on stdin, its state as JSON on stdout",
  builder: (yargs) =>
    yargs
      .positional("operation", { type: "string", choices: OPERATIONS, describe: "get: the state; test: the state and _inDesiredState; set: bring the host into the desired state" })
      .option("resource", { type: "string", choices: DSC_RESOURCES, required: true, requiresArg: true, describe: "The resource: CertBindingsCurrent or CertAutoRebind" })
      .option("exe-path", { type: "string", requiresArg: true, describe: "CertAutoRebind set: the certrebind exe to install (default: this exe)" }),
  changesHost: (args) => args.operation === "set",
  async run(args, context) {
    const desired = parseDesiredState(args.resource, await context.stdin());
    // Loaded on use, as every command's work is: start-up loads only what parsing the command line needs.
    const { runningExe } = await import("../running-exe.js");
    const exe = await runningExe(args.exePath);
    const host = await context.openHost();
    const { dscGet, dscSet } = await import("../../providers/dsc/run-dsc.js");
    const dscContext = { version: VERSION, runningExe: exe, now: context.now, waitMs: 60_000 };
    const outcome: DscOutcome = args.operation === "set" ? await dscSet(host, desired, dscContext) : await dscGet(host, desired, dscContext);
    const state = args.operation === "test" ? { ...outcome.state, _inDesiredState: outcome.inDesiredState } : outcome.state;
    if (args.json) {
      return { data: state, exitCode: outcome.exitCode, errors: outcome.errors, warnings: outcome.warnings, text: () => "" };
    }
    // DSC reads stderr as JSON trace lines; plain lines would only show at its trace level.
    for (const warning of outcome.warnings) context.stderr(`${JSON.stringify({ warn: warning })}\n`);
    for (const error of outcome.errors.map(withScope)) context.stderr(`${JSON.stringify({ error: describeError(error), scope: error.scope })}\n`);
    return { data: state, exitCode: outcome.exitCode, errors: [], warnings: [], text: () => `${JSON.stringify(state)}\n` };
  },
};

/** DSC logs only the line's `error` text, so the scope is in it too. */
function describeError(error: EnvelopeError & { scope: ErrorScope }): string {
  return `${error.code} (scope: ${error.scope}): ${error.message}${error.target && !error.message.includes(error.target) ? ` (${error.target})` : ""}`;
}
