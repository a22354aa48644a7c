/*
 * Runs one certrebind command line in this process and prints one line of JSON: its exit code, its envelope, how
 * long it took and the process's peak resident memory. huge-xml.test.ts starts it as a process of its own, so that
 * the peak is that of the command alone.
 */
import { performance } from "node:perf_hooks";
import { runCli } from "../../../ts-src/cli/run-cli.js";

let stdout = "";
const started = performance.now();
const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => (stdout += text),
  stderr: () => {},
  env: { CERTREBIND_NOW: "2026-11-27T00:00:00Z" },
});
const ms = Math.round(performance.now() - started);
// maxRSS is in kilobytes.
const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ exitCode, envelope: JSON.parse(stdout) as unknown, ms, peakMiB })}\n`);
