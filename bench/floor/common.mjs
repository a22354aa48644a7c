/**
 * What every floor script shares. A floor is the least a Node process must do to answer a command: read the same
 * inputs, scan them once with native `indexOf`, write an output of the same size (and, for an applied rebind, make
 * the same fsyncs). bench/run.ts times each floor beside the exe in the same run, with the Node the exe embeds.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, writeSync } from "node:fs";
import path from "node:path";

/** The files `bindings` and `rebind` read on a snapshot host made by generate-host.ts (records.json, not sslcert.txt). */
export function siteInputs(hostRoot) {
  const certs = path.join(hostRoot, "certs");
  const certFiles = readdirSync(certs, { recursive: true }).map((f) => path.join(certs, String(f))).filter((f) => statSync(f).isFile());
  return [path.join(hostRoot, "httpsys", "records.json"), path.join(hostRoot, "inetsrv", "applicationHost.config"), ...certFiles.sort()];
}

/** The lifecycle logs `events` reads. */
export function eventInputs(hostRoot) {
  return ["System", "User"].map((channel) => path.join(hostRoot, "events", `Lifecycle-${channel}.xml`));
}

export const inputBytes = (files) => files.reduce((sum, f) => sum + statSync(f).size, 0);

/** The offsets of `needle` in `bytes`, found with Buffer's native indexOf. */
export function offsetsOf(bytes, needle) {
  const offsets = [];
  for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + needle.length)) offsets.push(at);
  return offsets;
}

/** Reads each file whole and scans it once; returns the files' bytes and where `needle` is in each. */
export function readAndScan(files, needle) {
  return files.map((file) => {
    const bytes = readFileSync(file);
    return { file, bytes, offsets: offsetsOf(bytes, needle) };
  });
}

/** Counts `needle` in a file read in chunks of `chunkBytes` (as the exe reads a log), never holding it whole. */
export function countInChunks(file, needle, chunkBytes = 64 * 1024) {
  const fd = openSync(file, "r");
  const buffer = Buffer.alloc(chunkBytes + needle.length);
  let count = 0;
  let kept = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, kept, chunkBytes, null);
      if (read === 0) return count;
      const end = kept + read;
      let at = buffer.indexOf(needle, 0);
      let next = 0;
      while (at >= 0 && at + needle.length <= end) {
        count++;
        next = at + needle.length;
        at = buffer.indexOf(needle, next);
      }
      // A needle cut by the chunk's end is found in the next round: its start is kept.
      const tail = Math.max(next, end - needle.length + 1);
      buffer.copy(buffer, 0, tail, end);
      kept = end - tail;
    }
  } finally {
    closeSync(fd);
  }
}

/** Writes `bytes` bytes to stdout (what the exe's envelope weighs), in one buffer: `head` (if longer, all of it), then spaces. */
export function writeOutput(bytes, head = Buffer.alloc(0)) {
  const out = Buffer.alloc(Math.max(bytes, head.length), 0x20);
  head.copy(out);
  for (let at = 0; at < out.length; ) at += writeSync(1, out, at);
}

/** `--name value` options of a floor script. */
export function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i > 0 && process.argv[i + 1] !== undefined) return process.argv[i + 1];
  if (fallback !== undefined) return fallback;
  console.error(`floor: --${name} is needed`);
  process.exit(2);
}
