import { BINDING_KINDS } from "../../kinds/registry.js";
import type { CapturePart } from "./capture-part.js";
import { certsPart } from "./parts/certs.js";
import { eventsPart } from "./parts/events.js";
import { inetsrvPart } from "./parts/inetsrv.js";
import { servicesPart } from "./parts/services.js";
import { tasksPart } from "./parts/tasks.js";

/**
 * The parts of a capture, in the order of docs/snapshot-host.md's layout: IIS's configuration files, each
 * registered binding kind's own snapshot form (ts-src/kinds/<name>/), then the certificates, events, tasks and services.
 */
export const CAPTURE_PARTS: readonly CapturePart[] = [
  inetsrvPart,
  ...BINDING_KINDS.flatMap((kind) => (kind.capture ? [kind.capture] : [])),
  certsPart,
  eventsPart,
  tasksPart,
  servicesPart,
];
