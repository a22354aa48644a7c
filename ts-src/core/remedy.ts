/**
 * What to do about an error or a warning, when that means another option or command of this exe. The message says it
 * in the exe's words (its last sentence is the remedy's `text`); the envelope carries the remedy as data too
 * (docs/cli-contract.md, "Remedies"), so that a caller with other names for the same things (the PowerShell module:
 * -AllowNameMismatch, Enable-IISCertAutoRebind) says it in its own words instead of quoting the exe's.
 */
export interface Remedy {
  /** Stable: what the remedy is, whatever the wording. */
  kind: RemedyKind;
  /** The exe options the remedy names, as typed. */
  options: string[];
  /** The exe command the remedy names (`task enable`), or null. */
  command: string | null;
  /** The remedy as the message ends with it. */
  text: string;
}

const CATALOGUE = {
  allowNameMismatch: { options: ["--allow-name-mismatch"], command: null, text: "Use --allow-name-mismatch to rebind anyway." },
  readableConfigOrAllowNameMismatch: {
    options: ["--allow-name-mismatch"],
    command: null,
    text: "Make the configuration readable, or use --allow-name-mismatch to rebind anyway.",
  },
  choosePair: { options: ["--old", "--new"], command: null, text: "Choose one with --old/--new." },
  rebindPair: { options: ["--old", "--new"], command: null, text: "Rebind it with --old/--new." },
  fixRenewalLinkOrRebindPair: {
    options: ["--old", "--new"],
    command: null,
    text: "Remove the wrong renewal link (certutil -repairstore) or rebind it with --old/--new.",
  },
  waitLonger: { options: ["--wait"], command: null, text: "Try again when it has finished, or wait longer with --wait." },
  hostRootOrWindows: {
    options: ["--host-root"],
    command: null,
    text: "Pass --host-root with a snapshot host directory (see docs/snapshot-host.md), or run on Windows without it.",
  },
  hostRootOfSnapshot: { options: ["--host-root"], command: null, text: "Pass --host-root with the folder that holds them (see docs/snapshot-host.md)." },
  hostRootRequired: {
    options: ["--host-root"],
    command: null,
    text: "Pass --host-root DIR (or set CERTREBIND_HOST_ROOT) to work on a snapshot host directory instead of this machine.",
  },
  exePath: { options: ["--exe-path"], command: null, text: "Build it (./build.sh Build) and run the exe, or name the exe to install with --exe-path." },
  replaceBuiltin: { options: ["--replace-builtin"], command: null, text: "Add --replace-builtin to disable it." },
  enableTask: { options: [], command: "task enable", text: "Run 'certrebind task enable'." },
  updateTask: { options: [], command: "task enable", text: "Run 'certrebind task enable' to update it." },
  enableTaskReplaceBuiltin: { options: ["--replace-builtin"], command: "task enable", text: "Run 'certrebind task enable --replace-builtin' to disable it." },
  raiseMax: { options: ["--max"], command: null, text: "Raise --max (0 lists every one)." },
  restartServices: { options: ["--restart-services"], command: null, text: "Restart them yourself, or rebind with --restart-services to have them restarted." },
  forceReplaceSnapshot: { options: ["--force"], command: null, text: "Give a new or empty folder, or --force to replace a snapshot host there." },
} as const satisfies Record<string, Omit<Remedy, "kind">>;

export type RemedyKind = keyof typeof CATALOGUE;

/** Every remedy the exe may give, by kind (the contract's table; the module has a sentence for each). */
export const REMEDY_KINDS = Object.keys(CATALOGUE) as RemedyKind[];

const byMessage = new Map<string, RemedyKind>();

/** `statement` followed by the remedy's text; the message is remembered, so that the envelope can carry the remedy. */
export function withRemedy(statement: string, kind: RemedyKind): string {
  const message = `${statement} ${CATALOGUE[kind].text}`;
  byMessage.set(message, kind);
  return message;
}

/** The remedy a message made by withRemedy ends with, or null. */
export function remedyOf(message: string | null | undefined): Remedy | null {
  const kind = message == null ? undefined : byMessage.get(message);
  if (kind === undefined) return null;
  const { options, command, text } = CATALOGUE[kind];
  return { kind, options: [...options], command, text };
}

/** `{ remedy }` when `message` ends with a remedy, else nothing: to spread into a view or an error. */
export function remedyField(message: string | null | undefined): { remedy?: Remedy } {
  const remedy = remedyOf(message);
  return remedy ? { remedy } : {};
}
