import { randomBytes } from "node:crypto";
import { hostname, userInfo } from "node:os";

/** Who ran, on which computer: the fields every audit record carries. */
export function auditIdentity(): { user: string; computer: string } {
  const domain = process.env["USERDOMAIN"];
  const name = userInfo().username;
  return { user: domain ? `${domain}\\${name}` : name, computer: hostname() };
}

/** A run's id: its start time to the second, and six random hex digits (`20261127T000000Z-3fa2c1`). */
export function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${randomBytes(3).toString("hex")}`;
}
