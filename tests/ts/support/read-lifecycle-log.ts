import type { LifecycleChannel } from "../../../ts-src/platform/ports.js";
import { LifecycleLogReader, type LogItem } from "../../../ts-src/events/log-stream.js";

/** Reads a whole log from its chunks: an async generator of events and problems, never holding the whole log. */
export async function* readLifecycleLog(chunks: AsyncIterable<string>, channel: LifecycleChannel): AsyncGenerator<LogItem> {
  const reader = new LifecycleLogReader(channel);
  for await (const chunk of chunks) yield* reader.write(chunk);
  yield* reader.end();
}
