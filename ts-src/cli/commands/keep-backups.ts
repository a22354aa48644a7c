import { usageError } from "../../core/errors.js";
import { DEFAULT_KEEP_BACKUPS } from "../../providers/rebind/keep-backups.js";
import type { Options } from "yargs";

/** `--keep-backups N` of the commands that rebind (docs/cli-contract.md). */
export const KEEP_BACKUPS_OPTION: Options = {
  type: "number",
  default: DEFAULT_KEEP_BACKUPS,
  requiresArg: true,
  describe: "Keep the backups of the newest N runs (this one included); older ones are removed after a run that changed something",
};

export function parseKeepBackups(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 100_000) throw usageError(`--keep-backups ${value}: give a whole number of runs from 1 to 100000.`);
  return value;
}
