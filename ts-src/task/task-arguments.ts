/** The parameters of the task's arguments (TASK_ARGUMENTS in auto-rebind-task.ts), as a trigger without values leaves them. */
const PLACEHOLDERS: ReadonlySet<string> = new Set(["$(OldCertHash)", "$(NewCertHash)"]);

/**
 * What Task Scheduler passed for a `$(name)` of the task's arguments. It substitutes the value query of that
 * name of the event that fired the trigger; a trigger without such a value (the 1006 and daily triggers of
 * `\CertRebind\AutoRebind`) leaves the text `$(name)` as it is (MS-TSCH §2.5.9.2), and a value query that
 * matched nothing may give an empty value. Either way: null, "no value". Any other `$(…)` is a value.
 */
export function substitutedValue(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === "" || PLACEHOLDERS.has(trimmed)) return null;
  return value;
}

/**
 * Whether the command line ends as the task writes it, `--old VALUE --new VALUE`, with these values. Task
 * Scheduler pastes an event's values into `--old "…" --new "…"` as text, so a value with a quote in it ends its
 * argument early and adds arguments of its own, between the two options or after the last one. The task's command
 * line starts with `--old`; so when each option is there once (a check of the parser) and the four are last,
 * nothing was added.
 */
export function endsAsTaskWritesIt(argv: readonly string[], old: string | undefined, next: string | undefined): boolean {
  const tail = argv.slice(-4);
  return tail.length === 4 && tail[0] === "--old" && tail[1] === old && tail[2] === "--new" && tail[3] === next;
}
