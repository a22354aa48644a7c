import { usageError } from "../core/errors.js";

/** What yargs hands a check about the options it knows: their names and types. */
interface KnownOptions {
  key?: Record<string, unknown>;
  array?: readonly string[];
  string?: readonly string[];
}

/**
 * A yargs check, before any command runs: every option has one value of its own type, else CR2000. yargs would make
 * an array of an option given twice and `false` of a text option given as `--no-<name>`, which no command expects;
 * and in `on-task` a second `--old` can only come from an event value that broke out of its quotes.
 */
export function checkOptionValues(argv: Record<string, unknown>, options: KnownOptions): true {
  for (const name of Object.keys(options.key ?? {})) {
    const value = argv[name];
    if (Array.isArray(value) && !options.array?.includes(name)) {
      throw usageError(`--${name} is given ${value.length} times: give it once.`);
    }
    if (value !== undefined && !Array.isArray(value) && options.string?.includes(name) && typeof value !== "string") {
      throw usageError(`--${name} takes a value: give it as --${name} VALUE.`);
    }
  }
  return true;
}
