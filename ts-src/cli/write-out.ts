import { writeSync } from "node:fs";

/**
 * Writes all of `text` to a descriptor, synchronously. fs.writeSync rather than console.log: under wine, stdout as a
 * pipe breaks console.log (EBADF, seen with wine 8). A reader that stops early (`| head`) closes the pipe: the rest of the
 * output is dropped, not an error. A pipe in non-blocking mode (its other end's choice; yargs made ours so by opening
 * process.stdout) takes what fits and says EAGAIN: wait for the reader and go on, or an envelope larger than the
 * pipe's buffer would be cut off.
 */
export function writeAll(fd: number, text: string, write: typeof writeSync = writeSync): void {
  try {
    // Encoded a piece at a time into one buffer: an envelope of 13 MB (a rebind of 11,000 records) is not copied
    // whole into fresh memory.
    for (let at = 0; at < text.length; ) {
      let end = Math.min(text.length, at + CHUNK_CHARS);
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--; // a pair stays in one piece
      chunk ??= Buffer.allocUnsafe(CHUNK_CHARS * 3);
      const length = chunk.write(text.slice(at, end), 0, "utf8");
      for (let offset = 0; offset < length; ) {
        try {
          offset += write(fd, chunk, offset, length - offset);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
          pause ??= new Int32Array(new SharedArrayBuffer(4));
          Atomics.wait(pause, 0, 0, 2);
        }
      }
      at = end;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPIPE") throw error;
  }
}

const CHUNK_CHARS = 256 * 1024;
/** Room for CHUNK_CHARS characters in UTF-8: at most 3 bytes each (a surrogate pair: 4 bytes for 2). */
let chunk: Buffer | null = null;
/** Made on first use: a start-up snapshot is built without SharedArrayBuffer (snapshot-main.ts). */
let pause: Int32Array | null = null;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
