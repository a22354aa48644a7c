import { writeSync } from "node:fs";

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to a descriptor, synchronously. fs.writeSync rather than console.log: under wine, stdout as a
 * pipe breaks console.log (toolchain.md §4). A reader that stops early (`| head`) closes the pipe: the rest of the
 * output is dropped, not an error. A pipe in non-blocking mode (its other end's choice; yargs made ours so by opening
 * process.stdout) takes what fits and says EAGAIN: wait for the reader and go on, or an envelope larger than the
 * pipe's buffer would be cut off.
 */
export function writeAll(fd: number, text: string, write: typeof writeSync = writeSync): void {
  const bytes = Buffer.from(text, "utf8");
  try {
    for (let offset = 0; offset < bytes.length; ) {
      try {
        offset += write(fd, bytes, offset);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
        Atomics.wait(PAUSE, 0, 0, 2);
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPIPE") throw error;
  }
}
