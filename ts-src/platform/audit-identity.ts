import { randomBytes } from "node:crypto";
import { hostname, userInfo } from "node:os";
import { CertRebindError, ExitCode } from "../core/errors.js";

/**
 * Who ran, on which computer: the fields every audit record carries. A user the system cannot name (no entry in
 * its user database, as in a container run under a bare uid) cannot be audited: CR4009, before anything changes.
 */
export function auditIdentity(): { user: string; computer: string } {
  const domain = process.env["USERDOMAIN"];
  let name: string;
  try {
    name = userInfo().username;
  } catch (error) {
    const uid = typeof process.getuid === "function" ? process.getuid() : "?";
    throw new CertRebindError(
      "CR4009",
      `/etc/passwd: the user running certrebind (uid ${uid}) has no entry in the user database, so the audit could not name who ran; add an entry for it (or run as a user that has one), then run again. Nothing was changed.`,
      ExitCode.Environment,
      "/etc/passwd",
      { cause: error },
    );
  }
  return { user: domain ? `${domain}\\${name}` : name, computer: hostname() };
}

/** A run's id: its start time to the second, and six random hex digits (`20261127T000000Z-3fa2c1`). */
export function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${randomBytes(3).toString("hex")}`;
}
