import type { EventFilter } from "../../../ts-src/events/filter.js";

/** A filter that selects every event. */
export const NO_FILTER: EventFilter = { ids: null, after: null, before: null, thumbprint: null };
