import { runCli } from "../../../ts-src/cli/run-cli.js";
import type { Envelope } from "../../../ts-src/cli/envelope.js";

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  envelope(): Envelope;
}

/** Runs the command line in-process, as the exe would, with the clock fixed unless the test sets it. */
export async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { CERTREBIND_NOW: "2026-11-27T00:00:00Z", ...env },
  });
  return { exitCode, stdout, stderr, envelope: () => JSON.parse(stdout) as Envelope };
}
