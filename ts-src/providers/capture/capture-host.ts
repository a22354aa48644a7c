import { CaptureOutput } from "./capture-output.js";
import type { CapturePart, PartReport } from "./capture-part.js";
import { CAPTURE_PARTS } from "./capture-parts.js";
import type { CaptureSource } from "./capture-source.js";
import type { Redaction } from "./redaction.js";

export interface CaptureResult {
  /** The output folder, absolute. */
  out: string;
  /** What was captured: `snapshot host <folder>` or `this Windows machine`. */
  source: string;
  redacted: boolean;
  parts: PartReport[];
  /** How many files the capture holds. */
  files: number;
  warnings: string[];
}

/**
 * Writes a snapshot host of `source` into `dir`: every part into a fresh folder beside it, then that folder renamed
 * into place (capture-output.ts). A failure removes what was written and leaves `dir` as it was.
 */
export async function captureHost(
  source: CaptureSource,
  dir: string,
  options: { force: boolean; redaction: Redaction; parts?: readonly CapturePart[] },
): Promise<CaptureResult> {
  const out = await CaptureOutput.prepare(dir, { force: options.force, sourceRoot: source.root });
  const parts: PartReport[] = [];
  try {
    for (const part of options.parts ?? CAPTURE_PARTS) parts.push(await part.capture(source, out, options.redaction));
    await out.commit();
  } catch (error) {
    await out.abandon().catch(() => undefined);
    throw error;
  }
  return {
    out: dir,
    source: source.host.description,
    redacted: options.redaction.active,
    parts,
    files: out.files().length,
    warnings: [...source.host.warnings(), ...parts.flatMap((p) => p.warnings)],
  };
}
