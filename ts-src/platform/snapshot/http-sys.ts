import { join } from "node:path";
import type { HttpSysRecord } from "../../core/model.js";
import { readHostText } from "../files/read-host-file.js";
import type { HostWriter } from "../files/host-writer.js";
import { parseSslCertDocument, printWithRebinds, type SslCertEdit } from "../formats/netsh-sslcert.js";
import { RebindWriteError, type HttpSys, type RecordRebind } from "../ports.js";

/**
 * `httpsys/sslcert.txt`: the output of `netsh http show sslcert`, in any UI language. Changes rewrite only
 * the hash (and store name) lines of the changed records, so the file stays what netsh would print.
 */
export class SnapshotHttpSys implements HttpSys {
  constructor(
    private readonly root: string,
    private readonly writer: HostWriter,
  ) {}

  get filePath(): string {
    return join(this.root, "httpsys", "sslcert.txt");
  }

  async readRecords(): Promise<HttpSysRecord[]> {
    const text = await readHostText(this.filePath);
    return text === null ? [] : parseSslCertDocument(text, this.filePath).entries.map((e) => e.record);
  }

  async rebindRecords(rebinds: readonly RecordRebind[]): Promise<void> {
    await this.edit(rebinds.map(({ record, thumbprint, storeName }) => ({
      key: record,
      thumbprint,
      storeName: storeName === record.storeName ? undefined : storeName,
    })));
  }

  async restoreRecords(records: readonly HttpSysRecord[]): Promise<void> {
    await this.edit(records.map((record) => ({ key: record, thumbprint: record.thumbprint!, storeName: record.storeName })));
  }

  private async edit(edits: SslCertEdit[]): Promise<void> {
    if (edits.length === 0) return;
    const text = await readHostText(this.filePath);
    if (text === null) throw new RebindWriteError(`${this.filePath} has disappeared`, edits.map((e) => e.key.endpoint));
    await this.writer.write(this.filePath, printWithRebinds(parseSslCertDocument(text, this.filePath), edits));
    const after = new Map((await this.readRecords()).map((r) => [`${r.kind}|${r.endpoint.toLowerCase()}`, r]));
    const wrong = edits.filter(({ key, thumbprint, storeName }) => {
      const record = after.get(`${key.kind}|${key.endpoint.toLowerCase()}`);
      return !record || record.thumbprint !== thumbprint.toUpperCase() || (storeName !== undefined && record.storeName !== storeName);
    });
    if (wrong.length > 0) {
      throw new RebindWriteError(`${this.filePath} does not read back as written`, wrong.map((e) => e.key.endpoint));
    }
  }
}
