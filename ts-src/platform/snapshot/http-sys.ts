import { join } from "node:path";
import type { HttpSysRecord } from "../../core/model.js";
import { decodeHostText, spliceHostText, type HostText } from "../files/host-text.js";
import { readHostBytes } from "../files/read-host-file.js";
import { sameFileBytes } from "../files/same-bytes.js";
import type { HostWriter } from "../files/host-writer.js";
import { parseSslCertDocument, rebindLines, unappliedRebinds, type SslCertDocument, type SslCertEdit } from "../formats/netsh-sslcert.js";
import { RebindWriteError, type HttpSys, type RecordRebind } from "../ports.js";
import { refuseCrOnlyLineEnds, refuseUntrustedRecords } from "./sslcert-checks.js";

/**
 * `httpsys/sslcert.txt`: the output of `netsh http show sslcert`, in any UI language. Changes rewrite only
 * the hash (and store name) lines of the changed records, so the file stays what netsh would print.
 */
export class SnapshotHttpSys implements HttpSys {
  /** The file as last read or written, parsed: the same bytes read again are not parsed again. */
  private known: { read: HostText; document: SslCertDocument } | null = null;

  constructor(
    private readonly root: string,
    private readonly writer: HostWriter,
  ) {}

  get filePath(): string {
    return join(this.root, "httpsys", "sslcert.txt");
  }

  async readRecords(): Promise<HttpSysRecord[]> {
    const document = await this.read();
    return document === null ? [] : document.entries.map((e) => e.record);
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

  private async read(): Promise<SslCertDocument | null> {
    if (this.known && (await sameFileBytes(this.filePath, this.known.read.bytes))) return this.known.document;
    const bytes = await readHostBytes(this.filePath);
    if (bytes === null) return null;
    if (!this.known?.read.bytes.equals(bytes)) {
      const read = decodeHostText(bytes, this.filePath);
      refuseCrOnlyLineEnds(read.text, this.filePath);
      const document = parseSslCertDocument(read.text, this.filePath);
      refuseUntrustedRecords(document);
      this.known = { read, document };
    }
    return this.known.document;
  }

  /**
   * Prints the file with the edits, writes it, and reads it back: the bytes must be those written, and the lines
   * edited must read as the edits (the rest of the file is the document already parsed, byte for byte). A rebind of
   * 11,000 records parsed the 13.5 MB file three times before; now once.
   */
  private async edit(edits: SslCertEdit[]): Promise<void> {
    if (edits.length === 0) return;
    const document = await this.read();
    if (document === null) throw new RebindWriteError(`${this.filePath} has disappeared`, edits.map((e) => e.key.endpoint));
    const lines = rebindLines(document, edits);
    // Only the bytes of the lines edited are new, in the file's encoding (an OEM or ANSI file stays one).
    const bytes = spliceHostText(this.known!.read, [...lines].map(([index, value]) => ({ start: document.lineStarts[index]!, end: document.lineStarts[index + 1] ?? document.text.length, value })), this.filePath);
    await this.writer.write(this.filePath, bytes);
    if (!(await sameFileBytes(this.filePath, bytes))) {
      throw new RebindWriteError(`${this.filePath} does not read back as written`, edits.map((e) => e.key.endpoint));
    }
    const wrong = unappliedRebinds(document, lines, edits);
    if (wrong.length > 0) {
      throw new RebindWriteError(`${this.filePath} does not read back as written`, wrong.map((e) => e.key.endpoint));
    }
    this.known = null;
  }
}
