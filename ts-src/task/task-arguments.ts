/**
 * What Task Scheduler passed for a `$(name)` of the task's arguments. It substitutes the value query of that
 * name of the event that fired the trigger; a trigger without such a value (the 1006 and daily triggers of
 * `\CertRebind\AutoRebind`) leaves the text `$(name)` as it is (MS-TSCH §2.5.9.2), and a value query that
 * matched nothing may give an empty value. Either way: null, "no value".
 */
export function substitutedValue(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === "" || /^\$\([A-Za-z0-9_]*\)$/.test(trimmed)) return null;
  return value;
}
