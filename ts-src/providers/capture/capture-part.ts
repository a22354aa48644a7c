import type { CaptureOutput } from "./capture-output.js";
import type { CaptureSource } from "./capture-source.js";
import type { Redaction } from "./redaction.js";

/** What one part of the snapshot layout wrote. */
export interface PartReport {
  /** The folder of the layout: `inetsrv`, `httpsys`, `certs`, `events`, `tasks`, `services`. */
  part: string;
  /** How many of `of` the part captured. */
  count: number;
  of: "files" | "records" | "certificates" | "channels" | "tasks" | "services";
  /** The files written, relative to the capture, `/`-separated. */
  files: string[];
  warnings: string[];
  /** httpsys: where sslcert.txt came from (`copied`, `netsh`, `rendered`, or null when none was written). */
  sslcertText?: "copied" | "netsh" | "rendered" | null;
}

/**
 * One part of the snapshot layout (docs/snapshot-host.md): reads it from the source through the host's ports and
 * writes it. A binding kind with a capture form of its own is one more part in capture-parts.ts.
 */
export interface CapturePart {
  name: string;
  capture(source: CaptureSource, out: CaptureOutput, redaction: Redaction): Promise<PartReport>;
}
