import { CertRebindError } from "../../../core/errors.js";
import { LIFECYCLE_CHANNELS } from "../../../events/model.js";
import type { EventLog, LifecycleChannel } from "../../../platform/ports.js";
import type { CapturePart, PartReport } from "../capture-part.js";
import { redactText, type Redaction } from "../redaction.js";
import { toolFailure } from "../tool-failure.js";

const EVERYTHING = { ids: null, after: null, before: null } as const;

/**
 * `events/Lifecycle-System.xml` and `Lifecycle-User.xml`: every event of each lifecycle channel, streamed (a log is
 * never held whole), written UTF-8. A missing channel writes no file, as on the source; a disabled one neither (a
 * snapshot cannot record a disabled channel: docs/snapshot-host.md), with a warning. On Windows, a log wevtutil
 * printed nothing of is written empty, as it was read, with a warning.
 */
export const eventsPart: CapturePart = {
  name: "events",
  async capture(source, out, redaction) {
    const report: PartReport = { part: "events", count: 0, of: "channels", files: [], warnings: [] };
    const log = source.host.eventLog;
    for (const channel of LIFECYCLE_CHANNELS) {
      const chunks = await readChannel(log, channel, report);
      if (chunks === null) continue;
      const written = await out.writeChunks(`events/Lifecycle-${channel}.xml`, redaction.active ? redactedChunks(chunks, redaction) : chunks);
      report.files.push(written.path);
      report.count++;
      if (written.bytes === 0 && source.root === null) {
        // qe /e:Events prints a root element (lifecycle-log.ts; INFERRED: around no events too). wine 8's stub prints nothing.
        report.warnings.push(
          `wevtutil printed nothing for the ${channel} lifecycle channel, not even the <Events> element /e:Events asks for: ${written.path} is empty, and whether the channel holds events is not known.`,
        );
      }
    }
    return report;
  },
};

/**
 * The channel's events; null when the host has no such log (a snapshot host's missing file) or, on Windows, the
 * channel is missing or disabled (CR4005, kept as a warning: a snapshot host has no disabled channels), or wevtutil
 * fails or cannot be started before the events are streamed (a warning too; a failure while they are streamed still
 * stops the capture: the log would be cut short).
 */
export async function readChannel(log: EventLog, channel: LifecycleChannel, report: { warnings: string[] } | null): Promise<AsyncIterable<string> | null> {
  try {
    return await log.readEvents(channel, EVERYTHING);
  } catch (error) {
    if (error instanceof CertRebindError && error.code === "CR4005") {
      report?.warnings.push(`${error.message} The capture has no log of the ${channel} channel.`);
      return null;
    }
    const why = toolFailure(error);
    if (why === null) throw error;
    report?.warnings.push(`The ${channel} lifecycle channel could not be read (${why}): the capture has no log of it.`);
    return null;
  }
}

/**
 * The chunks with their names replaced, cut after the last `>` of each chunk: no name, address or thumbprint holds a
 * `>`, so none is split between two pieces that are replaced apart.
 */
async function* redactedChunks(chunks: AsyncIterable<string>, redaction: Redaction): AsyncGenerator<string> {
  let carried = "";
  for await (const chunk of chunks) {
    const text = carried + chunk;
    const cut = text.lastIndexOf(">") + 1;
    carried = text.slice(cut);
    if (cut > 0) yield redactText(redaction, text.slice(0, cut));
  }
  if (carried) yield redactText(redaction, carried);
}
