import { execa } from "execa";
import { encodingOf } from "../files/decode-text.js";

export interface ToolResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A tool whose standard output is read as it arrives (wevtutil qe: a log can be larger than memory). */
export interface ToolStream {
  /** The bytes of stdout, in chunks as the tool writes them. */
  stdout: AsyncIterable<Uint8Array>;
  /**
   * Settles once the tool has ended: its exit code and its stderr (at most STREAM_STDERR_BYTES, decoded as
   * decodeToolText does). Rejects when the tool could not be started.
   */
  finished: Promise<{ exitCode: number; stderr: string }>;
  /** Ends the tool, for a reader that gives up before the end of stdout. */
  stop(): void;
}

export type ToolStreamer = (file: string, args: readonly string[]) => ToolStream;

/**
 * Starts one Windows tool with an argument array, never through a shell. Adapters receive a runner so that
 * tests can record the exact command lines and answer with recorded real outputs. `stream`, where the runner has
 * it, starts the tool the same way but hands its stdout over in chunks instead of holding all of it; adapters fall
 * back to the buffered call when it is missing (test runners).
 */
export type ToolRunner = ((file: string, args: readonly string[], options?: { input?: string }) => Promise<ToolResult>) & {
  readonly stream?: ToolStreamer;
};

import { ToolStartError } from "./tool-start-error.js";

export { ToolStartError };

export const STREAM_STDERR_BYTES = 1024 * 1024;

const runBuffered = async (file: string, args: readonly string[], options?: { input?: string }): Promise<ToolResult> => {
  const result = await execa(file, [...args], {
    shell: false,
    reject: false,
    windowsHide: true,
    stripFinalNewline: false,
    ...(options?.input !== undefined ? { input: options.input } : {}),
  });
  if (result.failed && result.exitCode === undefined) {
    throw new ToolStartError(file, String(result.shortMessage));
  }
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
};

const streamTool: ToolStreamer = (file, args) => {
  const subprocess = execa(file, [...args], {
    shell: false,
    reject: false,
    windowsHide: true,
    stdin: "ignore",
    encoding: "buffer",
    buffer: { stdout: false, stderr: true },
    maxBuffer: { stderr: STREAM_STDERR_BYTES },
  });
  const finished = subprocess.then((result) => {
    if (result.failed && result.exitCode === undefined && !result.isTerminated && !result.isMaxBuffer) {
      throw new ToolStartError(file, String(result.shortMessage));
    }
    return { exitCode: result.exitCode ?? -1, stderr: decodeToolText(result.stderr as Uint8Array) };
  });
  // Whoever reads stdout awaits `finished` after it; an early failure must not be an unhandled rejection meanwhile.
  finished.catch(() => {});
  return {
    stdout: subprocess.stdout as AsyncIterable<Uint8Array>,
    finished,
    stop: () => {
      subprocess.kill();
    },
  };
};

export const execaRunner: ToolRunner = Object.assign(runBuffered, { stream: streamTool });

/** Tool output as bytes → text: UTF-16 when it starts with a byte order mark or has zero bytes (/uni:true), else UTF-8. */
export function decodeToolText(bytes: Uint8Array | undefined): string {
  if (!bytes || bytes.length === 0) return "";
  return new TextDecoder(encodingOf(bytes)).decode(bytes);
}
