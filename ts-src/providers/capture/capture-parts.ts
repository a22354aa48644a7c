import type { CapturePart } from "./capture-part.js";
import { certsPart } from "./parts/certs.js";
import { eventsPart } from "./parts/events.js";
import { httpsysPart } from "./parts/httpsys.js";
import { inetsrvPart } from "./parts/inetsrv.js";
import { servicesPart } from "./parts/services.js";
import { tasksPart } from "./parts/tasks.js";

/** The parts of a capture, in the order of docs/snapshot-host.md's layout; a new binding kind adds its own. */
export const CAPTURE_PARTS: readonly CapturePart[] = [inetsrvPart, httpsysPart, certsPart, eventsPart, tasksPart, servicesPart];
