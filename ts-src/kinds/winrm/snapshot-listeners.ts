import { join } from "node:path";
import { recordKeyId } from "../../core/endpoints.js";
import { malformedHostFile } from "../../core/errors.js";
import { editJsonHostFile, readJsonHostFile, type JsonHostFile } from "../../platform/files/json-host-file.js";
import { setMember } from "../../platform/formats/json-member-edit.js";
import type { SnapshotAccess } from "../../platform/kind-access.js";
import { RebindWriteError, type Host, type RecordRebind } from "../../platform/ports.js";
import type { ApplySession } from "../binding-kind.js";
import type { ListenersRead, ListenerWrite, WinrmAccess } from "./access.js";
import { LISTENERS_FILE } from "./listener-names.js";
import { listenersOfJson, type ListenerEntry } from "./listeners-json.js";

/**
 * A snapshot host's WinRM: `winrm/listeners.json`, what `ConvertTo-Json` prints of Get-WSManInstance's listeners
 * (docs/snapshot-host.md, "WinRM listeners"). No file: WinRM has no listeners here (absent). A malformed file is
 * CR2003, as every snapshot file. A write changes only the CertificateThumbprint values' bytes, atomically, then
 * plays WinRM's part: the listener's HTTP.sys record moves to the new certificate (host.httpSys.rebindRecords).
 */
export class SnapshotWinrm implements WinrmAccess {
  constructor(
    private readonly host: Host,
    private readonly snapshot: SnapshotAccess,
  ) {}

  /** The file a run writes: only on a host opened with the kinds' files (snapshot.file throws otherwise). */
  get filePath(): string {
    return this.snapshot.file(LISTENERS_FILE);
  }

  async read(): Promise<ListenersRead> {
    // Read where it is whether or not this host may write it (a host opened without the kinds' files reads it too).
    const file = await readJsonHostFile(join(this.snapshot.root, ...LISTENERS_FILE.split("/")));
    if (file === null) return { absent: true };
    return { listeners: entriesOf(file).map((e) => e.listener), warnings: [] };
  }

  async write(writes: readonly ListenerWrite[], session: ApplySession): Promise<void> {
    /** Each value's JSON text before the write (as written: its case, its escapes), for the undo. */
    const before = new Map<string, string>();
    const edit = (value: (write: ListenerWrite) => string) =>
      editJsonHostFile(this.snapshot.writer, this.filePath, (file) => {
        const entries = entriesOf(file);
        return writes.map((write) => {
          const entry = entries.find((e) => e.listener.transport.toUpperCase() === "HTTPS" && e.listener.address.toLowerCase() === write.address.toLowerCase());
          const member = entry?.node.members.find((m) => m.key === "CertificateThumbprint");
          if (!entry || !member) throw new RebindWriteError(`${this.filePath} has no listener ${write.endpoint} with a CertificateThumbprint any more`, [write.endpoint]);
          if (!before.has(write.address)) before.set(write.address, file.text.slice(member.value.start, member.value.end));
          return setMember(file.text, entry.node, "CertificateThumbprint", value(write));
        });
      });
    session.onUndo(LISTENERS_FILE, async () => {
      if (before.size > 0) await edit((write) => before.get(write.address) ?? JSON.stringify(write.from));
    });
    await edit((write) => JSON.stringify(write.to));
    await this.moveRecords(writes, session);
  }

  /** WinRM's part: each listener's HTTP.sys record on the listener's new certificate, every other setting kept. */
  private async moveRecords(writes: readonly ListenerWrite[], session: ApplySession): Promise<void> {
    const claimed = writes.filter((w) => w.record !== null);
    if (claimed.length === 0) return;
    const records = await this.host.httpSys.readRecords();
    const moves: RecordRebind[] = [];
    for (const write of claimed) {
      const record = records.find((r) => recordKeyId(r) === recordKeyId(write.record!));
      if (record && record.thumbprint?.toUpperCase() !== write.to) moves.push({ record, thumbprint: write.to, storeName: record.storeName });
    }
    if (moves.length === 0) return;
    session.onUndo("WinRM's HTTP.sys records", () => this.host.httpSys.restoreRecords(moves.map((m) => m.record)));
    await this.host.httpSys.rebindRecords(moves);
  }
}

function entriesOf(file: JsonHostFile): ListenerEntry[] {
  const { entries, problems } = listenersOfJson(file.root);
  if (problems.length > 0) {
    throw malformedHostFile(file.path, null, `${problems[0]} (expected { "Address": "*", "Transport": "HTTPS", "Port": "5986", "Hostname": "…", "Enabled": "true", "CertificateThumbprint": "40 hex" })`);
  }
  return entries;
}
