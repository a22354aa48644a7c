import { readFileSync } from "node:fs";
import { interrupts } from "../platform/interrupts.js";
import { runCli } from "./run-cli.js";
import { writeAll } from "./write-out.js";

const write = (fd: number) => (text: string) => writeAll(fd, text);

/** Standard input to its end, read only when a command asks (`dsc`); a terminal gives no input rather than a wait. */
async function readStdin(): Promise<string> {
  let stdin: NodeJS.ReadStream;
  try {
    stdin = process.stdin;
  } catch {
    // Under wine a pipe cannot become a stream (EBADF, as for stdout, seen with wine 8); reading the descriptor works.
    return readFileSync(0, "utf8");
  }
  if (stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** The executable's process: runs the command line it was given, exit code in process.exitCode. */
export function main(): void {
  interrupts.install(write(2));
  runCli(process.argv.slice(2), { stdout: write(1), stderr: write(2), stdin: readStdin, env: process.env })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      write(2)(`certrebind: ${String(error)}\n`);
      process.exitCode = 1;
    });
}
