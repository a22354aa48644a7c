import { recordKeyId } from "../../core/endpoints.js";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import type { SslCertDocument } from "../formats/netsh-sslcert.js";
import { lineOf } from "../formats/xml-rules.js";

/**
 * What `httpsys/sslcert.txt` must not be, though it parses: the tool would guess, and a guess about HTTP.sys moves or
 * misses records. Each is CR2007 with the file and the line.
 */

/** A lone CR ends no line netsh prints (CRLF, or LF once copied): the whole file would read as one line. */
export function refuseCrOnlyLineEnds(text: string, file: string): void {
  for (let cr = text.indexOf("\r"); cr >= 0; cr = text.indexOf("\r", cr + 1)) {
    if (text.charCodeAt(cr + 1) === 0x0a) continue;
    throw untrusted(file, lineOf(text, cr), "a line ends with a carriage return alone (CR, not CRLF or LF): save the file with Windows (CRLF) or Unix (LF) line ends");
  }
}

/** Two records of one endpoint (HTTP.sys holds one), or text that yields no record at all. */
export function refuseUntrustedRecords(document: SslCertDocument): void {
  const seen = new Map<string, number>();
  for (const { record, line } of document.entries) {
    const key = recordKeyId(record);
    const first = seen.get(key);
    if (first !== undefined) {
      throw untrusted(document.file, line, `the ${record.kind} record ${record.endpoint} is there twice (first on line ${first}); HTTP.sys holds one record per endpoint, so the file is not one capture`);
    }
    seen.set(key, line);
  }
  if (document.entries.length > 0) return;
  const { text, lineStarts } = document;
  for (let index = 0; index < lineStarts.length; index++) {
    const line = text.slice(lineStarts[index]!, lineStarts[index + 1] ?? text.length).replace(/^\uFEFF/, "").trim();
    // What netsh prints with no record: the title (ending with ':'), a line of dashes, blank lines.
    if (line === "" || /^-+$/.test(line) || (line.endsWith(":") && !line.slice(0, -1).includes(":"))) continue;
    throw untrusted(document.file, index + 1, `'${line.slice(0, 200)}' is not a record, and the file holds none: it is not the output of 'netsh http show sslcert' (an error message?)`);
  }
}

function untrusted(file: string, line: number, detail: string): CertRebindError {
  return new CertRebindError("CR2007", `${file}, line ${line}: ${detail}. Nothing was changed.`, ExitCode.BadInput, file);
}
