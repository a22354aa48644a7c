import type { ToolResult, ToolRunner } from "../../../ts-src/platform/windows/tool-runner.js";

/** A ToolRunner that records every command line and answers each with the same recorded result. */
export function recordingRunner(result: ToolResult) {
  const calls: { file: string; args: readonly string[] }[] = [];
  const run: ToolRunner = async (file, args) => {
    calls.push({ file, args: [...args] });
    return result;
  };
  return { calls, run };
}
