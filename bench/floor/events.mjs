/**
 * The floor of `certrebind events --json --max N`: read both lifecycle logs in 64 KiB chunks (as the exe does:
 * memory flat), count the events with native indexOf on `</Event>`, write as many bytes as the exe's envelope.
 *   node bench/floor/events.mjs --host-root DIR --output-bytes N
 */
import { existsSync } from "node:fs";
import { countInChunks, eventInputs, option, writeOutput } from "./common.mjs";

const end = Buffer.from("</Event>");
let events = 0;
for (const file of eventInputs(option("host-root"))) if (existsSync(file)) events += countInChunks(file, end);
if (events === 0) console.error("floor: no events");
writeOutput(Number(option("output-bytes")));
