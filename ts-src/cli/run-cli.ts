import { CertRebindError, ExitCode, usageError } from "../core/errors.js";
import { environmentError } from "../platform/files/environment-error.js";
import { KIND_SNAPSHOT_FILES } from "../kinds/registry.js";
import { openHost } from "../platform/open-host.js";
import type { Host } from "../platform/ports.js";
import { describePendingRun, findPendingRun, type PendingRun } from "../providers/journal/pending-run.js";
import { describeRecovery, recoverBeforeCommand, type Recovery } from "../providers/journal/recover-interrupted-run.js";
import { parseCommandLine, type OptionSpec } from "./argv.js";
import type { CommandContext, CommandModule, CommandResult } from "./command.js";
import { bindingsCommand } from "./commands/bindings.js";
import { captureCommand } from "./commands/capture.js";
import { dscCommand } from "./commands/dsc.js";
import { eventsCommand } from "./commands/events.js";
import { onTaskCommand } from "./commands/on-task.js";
import { rebindCommand } from "./commands/rebind.js";
import { taskCommand } from "./commands/task.js";
import { versionCommand } from "./commands/version.js";
import { envelope, type EnvelopeError } from "./envelope.js";
import { writeJsonPieces } from "./json-pieces.js";
import { VERSION } from "./version.js";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input, read to its end; only commands that take input (`dsc`) ask. Absent: no input. */
  stdin?(): Promise<string>;
  env: NodeJS.ProcessEnv;
  /** Opens the host a command works on; absent: open-host.ts. Tests give a Windows host with recorded tools. */
  openHost?: typeof openHost;
}

// Commands are listed here, not discovered: a single executable application has no module files to find.
const COMMANDS: CommandModule<any>[] = [bindingsCommand, eventsCommand, rebindCommand, taskCommand, onTaskCommand, dscCommand, captureCommand, versionCommand];

interface GlobalArgs {
  json: boolean;
  hostRoot?: string;
}

const GLOBAL_OPTIONS: OptionSpec[] = [
  { name: "json", type: "boolean", default: false, describe: "Print exactly one JSON envelope on stdout" },
  { name: "host-root", type: "string", requiresArg: true, describe: "Work on the snapshot host in this directory (or set CERTREBIND_HOST_ROOT)" },
];

/** argv → command → envelope or text → exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const wantsJson = argv.includes("--json");
  let commandName = argv.find((a) => !a.startsWith("-")) ?? "";
  const found: Found = { recovery: null, pending: null };
  try {
    const now = clock(io.env);
    // A command that changes the host first finishes the business of a run it finds interrupted; one that only
    // reads writes nothing, and says what is pending.
    const openRecoveredHost = async (hostRoot: string | undefined, changesHost: boolean): Promise<Host> => {
      const host = await (io.openHost ?? openHost)(hostRoot, undefined, io.env, KIND_SNAPSHOT_FILES);
      if (changesHost) found.recovery ??= await recoverBeforeCommand(host, commandName);
      else if (found.pending === null) found.pending = await findPendingRun(host);
      return host;
    };
    const line = parseCommandLine(argv, COMMANDS, GLOBAL_OPTIONS, "certrebind");
    if (line.kind === "help") {
      io.stdout(`${line.text}\n`);
      return ExitCode.Ok;
    }
    const command = line.command as CommandModule<unknown>;
    commandName = command.name;
    const global = line.args as unknown as GlobalArgs;
    const changesHost = command.changesHost?.(line.args) ?? false;
    const context: CommandContext = { now, openHost: () => openRecoveredHost(global.hostRoot, changesHost), stdin: () => io.stdin?.() ?? Promise.resolve(""), stderr: io.stderr, argv };
    const result = await command.run(line.args, context);
    return emit(commandName, { result, json: global.json, found }, io);
  } catch (error) {
    return emitError(commandName || "(none)", error, wantsJson, io, found);
  }
}

/** What a command found of an earlier run before its own work: a recovery, or (commands that only read) a journal. */
interface Found {
  recovery: Recovery | null;
  pending: PendingRun | null;
}

function foundWarnings(found: Found): string[] {
  return [...(found.recovery ? [describeRecovery(found.recovery)] : []), ...(found.pending ? [describePendingRun(found.pending)] : [])];
}

function emit(command: string, outcome: { result: CommandResult; json: boolean; found: Found }, io: CliIo): number {
  const { result, json, found } = outcome;
  const errors = result.errors ?? [];
  const warnings = [...foundWarnings(found), ...(result.warnings ?? [])];
  if (json) {
    let pending = "";
    writeJsonPieces(envelope(command, result.exitCode, result.data, errors, warnings, found.recovery, found.pending), (piece) => {
      pending += piece;
      if (pending.length >= 256 * 1024) {
        io.stdout(pending);
        pending = "";
      }
    });
    io.stdout(`${pending}\n`);
  } else {
    io.stdout(result.text());
    for (const warning of warnings) io.stderr(`certrebind: warning: ${warning}\n`);
    for (const error of errors) io.stderr(`certrebind: ${error.code}: ${error.message}\n`);
  }
  return result.exitCode;
}

function emitError(command: string, error: unknown, json: boolean, io: CliIo, found: Found): number {
  // An error of the system (disk full, permission, I/O, …) is the environment's, not a bug: CR4009, exit 4.
  const known = error instanceof CertRebindError ? error : environmentError(error);
  const entry: EnvelopeError = known
    ? { code: known.code, message: known.message, target: known.target }
    : { code: "CR1000", message: `Internal error: ${(error as Error)?.stack ?? String(error)}`, target: null };
  const exitCode = known ? known.exitCode : ExitCode.Failed;
  const warnings = foundWarnings(found);
  if (json) io.stdout(`${JSON.stringify(envelope(command, exitCode, null, [entry], warnings, found.recovery, found.pending))}\n`);
  for (const warning of warnings) io.stderr(`certrebind: warning: ${warning}\n`);
  io.stderr(`certrebind: ${entry.code}: ${entry.message}\n`);
  return exitCode;
}

function clock(env: NodeJS.ProcessEnv): Date {
  const fixed = env["CERTREBIND_NOW"];
  if (!fixed) return new Date();
  const now = new Date(fixed);
  if (Number.isNaN(now.getTime())) {
    throw usageError(`CERTREBIND_NOW='${fixed}' is not a time; use ISO 8601, e.g. 2026-11-27T00:00:00Z.`);
  }
  return now;
}

export { VERSION };
