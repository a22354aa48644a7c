import { existsSync } from "node:fs";
import { join } from "node:path";
import type { HttpSysRecord } from "../../core/model.js";
import { decodeHostText, spliceHostText, type HostText } from "../files/host-text.js";
import { readHostBytes } from "../files/read-host-file.js";
import { sameFileBytes } from "../files/same-bytes.js";
import type { HostWriter } from "../files/host-writer.js";
import {
  decodeRecordsJson,
  parseRecordsJson,
  printWithRecordEdits,
  unappliedRecordEdits,
  type RecordsJsonDocument,
} from "../formats/httpsys-records-json.js";
import { parseSslCertDocument, type SslCertDocument } from "../formats/netsh-sslcert.js";
import { editedLineRanges, rebindLines, unappliedRebinds, type SslCertEdit } from "../formats/netsh-sslcert-rebind.js";
import { RebindWriteError, type HttpSys, type RecordRebind } from "../ports.js";
import { refuseCrOnlyLineEnds, refuseUntrustedRecords } from "./sslcert-checks.js";

type Parsed = { format: "json"; document: RecordsJsonDocument } | { format: "text"; document: SslCertDocument; read: HostText };

/**
 * The HTTP.sys records of a snapshot host: `httpsys/records.json` (the API's structure, every field), or, where
 * there is none, `httpsys/sslcert.txt` (the output of `netsh http show sslcert`, in any UI language). When both
 * exist, records.json is the source of truth and sslcert.txt is neither read nor changed (docs/snapshot-host.md).
 * Changes rewrite only the hash (and store name) values of the changed records, every other byte as it was.
 */
export class SnapshotHttpSys implements HttpSys {
  /** The file as last read or written, parsed: the same bytes read again are not parsed again. */
  private known: { path: string; bytes: Buffer; parsed: Parsed } | null = null;

  constructor(
    private readonly root: string,
    private readonly writer: HostWriter,
  ) {}

  get jsonPath(): string {
    return join(this.root, "httpsys", "records.json");
  }

  get textPath(): string {
    return join(this.root, "httpsys", "sslcert.txt");
  }

  /** The file that holds the records: records.json when it exists, else sslcert.txt. */
  get filePath(): string {
    return existsSync(this.jsonPath) ? this.jsonPath : this.textPath;
  }

  get recordFiles(): readonly string[] {
    return [this.filePath];
  }

  async readRecords(): Promise<HttpSysRecord[]> {
    const parsed = await this.read();
    return parsed === null ? [] : parsed.document.entries.map((e) => e.record);
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

  private async read(): Promise<Parsed | null> {
    const path = this.filePath;
    if (this.known?.path === path && (await sameFileBytes(path, this.known.bytes))) return this.known.parsed;
    const bytes = await readHostBytes(path);
    if (bytes === null) return null;
    if (!(this.known?.path === path && this.known.bytes.equals(bytes))) this.known = { path, bytes, parsed: parse(path, bytes, path === this.jsonPath) };
    return this.known.parsed;
  }

  /**
   * Prints the file with the edits, writes it, and reads it back: the bytes must be those written, and the values
   * edited (sslcert.txt: the lines edited; records.json: the values replaced) must read as the edits; the rest of the
   * file is the document already parsed, byte for byte. A rebind of 11,000 records parses the file once.
   */
  private async edit(edits: SslCertEdit[]): Promise<void> {
    if (edits.length === 0) return;
    const parsed = await this.read();
    const path = this.known?.path ?? this.filePath;
    if (parsed === null) throw new RebindWriteError(`${path} has disappeared`, edits.map((e) => e.key.endpoint));
    let bytes: Buffer;
    let unapplied: () => string[];
    if (parsed.format === "json") {
      const text = printWithRecordEdits(parsed.document, edits);
      bytes = Buffer.from(text, "utf8");
      unapplied = () => unappliedRecordEdits(parsed.document, text, edits);
    } else {
      const document = parsed.document;
      const lines = rebindLines(document, edits);
      // Only the bytes of the lines edited are new, in the file's encoding (an OEM or ANSI file stays one).
      bytes = spliceHostText(parsed.read, editedLineRanges(document, lines), path);
      unapplied = () => unappliedRebinds(document, lines, edits).map((e) => e.key.endpoint);
    }
    await this.writer.write(path, bytes);
    if (!(await sameFileBytes(path, bytes))) {
      throw new RebindWriteError(`${path} does not read back as written`, edits.map((e) => e.key.endpoint));
    }
    const wrong = unapplied();
    if (wrong.length > 0) throw new RebindWriteError(`${path} does not read back as written`, wrong);
    this.known = null;
  }
}

function parse(path: string, bytes: Buffer, json: boolean): Parsed {
  if (json) return { format: "json", document: parseRecordsJson(decodeRecordsJson(bytes, path), path) };
  const read = decodeHostText(bytes, path);
  refuseCrOnlyLineEnds(read.text, path);
  const document = parseSslCertDocument(read.text, path);
  refuseUntrustedRecords(document);
  return { format: "text", document, read };
}
