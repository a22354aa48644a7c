import { writeSync } from "node:fs";
import { runCli } from "./run-cli.js";

// fs.writeSync rather than console.log: under wine, stdout as a pipe breaks console.log (toolchain.md §4).
// A reader that stops early (`| head`) closes the pipe: the rest of the output is dropped, not an error.
const write = (fd: number) => (text: string) => {
  const bytes = Buffer.from(text, "utf8");
  try {
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPIPE") throw error;
  }
};

function main(): void {
  runCli(process.argv.slice(2), { stdout: write(1), stderr: write(2), env: process.env })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      write(2)(`certrebind: ${String(error)}\n`);
      process.exitCode = 1;
    });
}

main();
