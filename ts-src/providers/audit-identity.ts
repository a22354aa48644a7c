import { hostname, userInfo } from "node:os";

/** Who ran, on which computer: the fields every audit record carries. */
export function auditIdentity(): { user: string; computer: string } {
  const domain = process.env["USERDOMAIN"];
  const name = userInfo().username;
  return { user: domain ? `${domain}\\${name}` : name, computer: hostname() };
}
