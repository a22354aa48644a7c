/**
 * The floor of an applied `certrebind rebind --old OLD --new NEW --json`, with the exe's fsyncs (21 on a host with
 * HTTP.sys records and FTP sites to change, counted with `strace -e fsync` on the exe): read records.json,
 * applicationHost.config and the certificate store and scan each once for OLD with native indexOf; back up the two
 * files it changes (file and folder fsynced); write the journal six times (temporary file, fsync, rename, folder
 * fsync); write each changed file the same way, OLD replaced by NEW where the scan found it; append the audit record
 * and fsync it; remove the journal; write as many bytes as the exe's envelope.
 *   node bench/floor/rebind-applied.mjs --host-root DIR --old OLD --new NEW --output-bytes N --audit-bytes M
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { option, readAndScan, siteInputs, writeOutput } from "./common.mjs";

const JOURNAL_WRITES = 6;
const hostRoot = option("host-root");
const oldThumbprint = option("old");
const newBytes = Buffer.from(option("new"));
const [records, config] = readAndScan(siteInputs(hostRoot), oldThumbprint);
const changed = [records, config];

function fsyncFolder(folder) {
  const fd = openSync(folder, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeDurably(file, bytes, flags) {
  const fd = openSync(file, flags, 0o600);
  try {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function replaceAtomically(file, bytes) {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.floor-${process.pid}.tmp`);
  writeDurably(temporary, bytes, "wx");
  renameSync(temporary, file);
  fsyncFolder(path.dirname(file));
}

const state = path.join(hostRoot, "state");
const backups = path.join(state, "backups", `floor-${process.pid}-${Date.now()}`);
mkdirSync(backups, { recursive: true });
for (const { file, bytes } of changed) {
  writeDurably(path.join(backups, path.basename(file)), bytes, "wx");
  fsyncFolder(backups);
}
const journal = path.join(state, "journal.json");
const journalBytes = Buffer.alloc(4096, 0x20);
for (let i = 0; i < JOURNAL_WRITES; i++) {
  replaceAtomically(journal, journalBytes);
  // The changed files are written between the journal's steps, as the exe does.
  if (i === 1 || i === 3) {
    const { file, bytes, offsets } = changed[i === 1 ? 0 : 1];
    for (const at of offsets) newBytes.copy(bytes, at);
    replaceAtomically(file, bytes);
  }
}
writeDurably(path.join(state, "audit.jsonl"), Buffer.alloc(Number(option("audit-bytes", "1024")), 0x20), "a");
unlinkSync(journal);
writeOutput(Number(option("output-bytes")));
