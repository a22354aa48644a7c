import { runCli } from "../../../ts-src/cli/run-cli.js";
import type { Envelope } from "../../../ts-src/cli/envelope.js";

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  envelope(): Envelope;
}

/**
 * Runs the command line in-process, as the exe would, with the clock fixed unless the test sets it. `stdin` is what
 * the command reads from standard input (none when left out).
 */
export async function run(argv: string[], env: NodeJS.ProcessEnv = {}, stdin?: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    ...(stdin === undefined ? {} : { stdin: async () => stdin }),
    env: { CERTREBIND_NOW: "2026-11-27T00:00:00Z", ...env },
  });
  return { exitCode, stdout, stderr, envelope: () => JSON.parse(stdout) as Envelope };
}
