import { usageError } from "../../../core/errors.js";
import type { CaptureSource } from "../capture-source.js";
import type { Redaction } from "../redaction.js";

export async function buildRedactor(_source: CaptureSource): Promise<Redaction> {
  throw usageError("--redact is not available in this build.");
}
