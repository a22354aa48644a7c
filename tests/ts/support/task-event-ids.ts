import type { TaskDefinition } from "../../../ts-src/task/task-definition.js";

/** The event ids the task's event triggers select (`EventID=1001` in their XPath). */
export function eventIds(definition: TaskDefinition): number[] {
  return definition.triggers.flatMap((t) => (t.kind === "event" ? t.selects.flatMap((s) => [...s.xpath.matchAll(/EventID=(\d+)/g)].map((m) => Number(m[1]))) : []));
}
