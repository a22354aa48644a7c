import { LIFECYCLE_CHANNELS } from "../../../events/model.js";
import type { CapturePart, PartReport } from "../capture-part.js";
import { redactText, type Redaction } from "../redaction.js";

const EVERYTHING = { ids: null, after: null, before: null } as const;

/**
 * `events/Lifecycle-System.xml` and `Lifecycle-User.xml`: every event of each lifecycle channel, streamed (a log is
 * never held whole), written UTF-8. A missing channel writes no file, as on the source; a disabled one neither (a
 * snapshot cannot record a disabled channel: docs/snapshot-host.md), with a warning.
 */
export const eventsPart: CapturePart = {
  name: "events",
  async capture(source, out, redaction) {
    const report: PartReport = { part: "events", count: 0, of: "channels", files: [], warnings: [] };
    const log = source.host.eventLog;
    for (const channel of LIFECYCLE_CHANNELS) {
      const state = await log.channelState(channel);
      if (!state.exists) continue;
      if (!state.enabled) {
        report.warnings.push(`The ${channel} lifecycle channel is disabled: not captured (a snapshot host has no disabled channels; the capture has no such log).`);
        continue;
      }
      const chunks = await log.readEvents(channel, EVERYTHING);
      if (chunks === null) continue;
      const written = await out.writeChunks(`events/Lifecycle-${channel}.xml`, redaction.active ? redactedChunks(chunks, redaction) : chunks);
      report.files.push(written.path);
      report.count++;
    }
    return report;
  },
};

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
