import { execa } from "execa";

export interface ToolResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Starts one Windows tool with an argument array, never through a shell. Adapters receive a runner so that
 * tests can record the exact command lines and answer with recorded real outputs.
 */
export type ToolRunner = (file: string, args: readonly string[], options?: { input?: string }) => Promise<ToolResult>;

export const execaRunner: ToolRunner = async (file, args, options) => {
  const result = await execa(file, [...args], {
    shell: false,
    reject: false,
    windowsHide: true,
    stripFinalNewline: false,
    ...(options?.input !== undefined ? { input: options.input } : {}),
  });
  if (result.failed && result.exitCode === undefined) {
    throw new Error(`${file} could not be started: ${result.shortMessage}`);
  }
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
};
