import { CertRebindError, ExitCode, malformedHostFile } from "../../core/errors.js";
import { JsonScanError, lineFinder, scanJson, type JsonNode } from "../formats/json-scan.js";
import { decodeHostText, spliceHostText, type TextReplacement } from "./host-text.js";
import type { HostWriter } from "./host-writer.js";
import { readHostBytes } from "./read-host-file.js";

/** A host file in JSON as read: its bytes, its text (in its own encoding) and where each value is (json-scan.ts). */
export interface JsonHostFile {
  path: string;
  bytes: Buffer;
  text: string;
  root: JsonNode;
}

/** The file; null when it does not exist; CR2003 with the line when it is not JSON. */
export async function readJsonHostFile(path: string): Promise<JsonHostFile | null> {
  const bytes = await readHostBytes(path);
  return bytes === null ? null : parseJsonHostBytes(path, bytes);
}

/** The bytes of a JSON host file (`path` names it in messages); CR2003 with the line when they are not JSON. */
export function parseJsonHostBytes(path: string, bytes: Buffer): JsonHostFile {
  const { text } = decodeHostText(bytes, path);
  try {
    return { path, bytes, text, root: scanJson(text, text.startsWith("\uFEFF") ? 1 : 0) };
  } catch (error) {
    if (!(error instanceof JsonScanError)) throw error;
    throw malformedHostFile(path, lineFinder(text)(error.offset), `not JSON: ${error.detail}`);
  }
}

/**
 * Changes values of a JSON host file in place: `plan` gives the replacements for the file as it is (null: nothing
 * to change; it throws to refuse). Only the replaced characters' bytes change, in the file's own encoding; the file
 * is replaced atomically (HostWriter) and only if no one wrote it since it was read, else read and planned again.
 * Returns the file as it was just before the write, or null when it does not exist (nothing written).
 */
export async function editJsonHostFile(
  writer: HostWriter,
  path: string,
  plan: (file: JsonHostFile) => TextReplacement[] | null,
): Promise<JsonHostFile | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const file = await readJsonHostFile(path);
    if (file === null) return null;
    const replacements = plan(file);
    if (replacements === null || replacements.length === 0) return file;
    const bytes = spliceHostText(decodeHostText(file.bytes, path), replacements, path);
    const outcome = await writer.replaceIfUnchanged(path, file.bytes, bytes);
    if (outcome.superseded) {
      throw new CertRebindError("CR4004", `${path} was written by another program while certrebind replaced it; its change may be lost: check the file.`, ExitCode.Environment, path);
    }
    if (outcome.replaced) return file;
  }
  throw new CertRebindError("CR4004", `${path} kept changing while certrebind tried to change it; it was left as the other program wrote it.`, ExitCode.Environment, path);
}
