/** How many runs' backups a run that changed something keeps, its own included (docs/snapshot-host.md, "The journal"). */
export const DEFAULT_KEEP_BACKUPS = 10;
