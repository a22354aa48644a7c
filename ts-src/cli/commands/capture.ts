import { resolve } from "node:path";
import { usageError } from "../../core/errors.js";
import type { IisConfigFile } from "../../platform/files/iis-config-file.js";
import type { Host } from "../../platform/ports.js";
import type { CaptureResult } from "../../providers/capture/capture-host.js";
import type { CaptureSource } from "../../providers/capture/capture-source.js";
import type { CommandModule } from "../command.js";
import { renderTable } from "../text-table.js";

interface CaptureArgs {
  out?: string;
  redact: boolean;
  force: boolean;
}

type CapturableHost = Host & { iisConfig: IisConfigFile; root?: string; tokenElevated?: () => Promise<boolean> };

export const captureCommand: CommandModule<CaptureArgs> = {
  name: "capture",
  command: "capture",
  describe: "Write a snapshot host of this server (or of the snapshot host given by --host-root) into a new folder: never a private key",
  builder: (yargs) =>
    yargs
      .option("out", { type: "string", requiresArg: true, required: true, describe: "The folder to write the snapshot host into (new or empty)" })
      .option("redact", { type: "boolean", default: false, describe: "Replace host names, site names, IP addresses and thumbprints consistently, for sharing the capture" })
      .option("force", { type: "boolean", default: false, describe: "Replace the snapshot host already in the output folder" }),
  async run(args, context) {
    if (!args.out || args.out.trim() === "") throw usageError("--out needs a folder: the new snapshot host is written there.");
    const out = resolve(args.out);
    const host = (await context.openHost()) as CapturableHost;
    const source = await sourceOf(host);
    const { noRedaction } = await import("../../providers/capture/redaction.js");
    const redaction = args.redact ? await (await import("../../providers/capture/redact/redactor.js")).buildRedactor(source) : noRedaction;
    const { captureHost } = await import("../../providers/capture/capture-host.js");
    const result = await captureHost(source, out, { force: args.force, redaction });
    return { data: result, exitCode: 0, warnings: result.warnings, text: () => renderCapture(result) };
  },
};

async function sourceOf(host: CapturableHost): Promise<CaptureSource> {
  const sources = await import("../../providers/capture/capture-source.js");
  if (typeof host.root === "string") return sources.snapshotSource(host, host.root);
  const { execaRunner } = await import("../../platform/windows/tool-runner.js");
  if (!host.tokenElevated) throw new Error(`${host.description} cannot say whether this process is elevated`);
  return sources.windowsSource(host, execaRunner, await host.tokenElevated());
}

function renderCapture(result: CaptureResult): string {
  const rows = result.parts.map((p) => [p.part, `${p.count} ${p.count === 1 ? p.of.replace(/s$/, "") : p.of}`, String(p.files.length)]);
  const sslcert = result.parts.find((p) => p.part === "httpsys")?.sslcertText;
  const lines = [
    `Captured ${result.source} into ${result.out}${result.redacted ? " (redacted)" : ""}: ${result.files} files.`,
    "",
    renderTable(["Part", "Captured", "Files"], rows),
  ];
  if (sslcert === "rendered") lines.push("", "httpsys/sslcert.txt was rendered from the records: the source had no netsh text.");
  return `${lines.join("\n")}\n`;
}
