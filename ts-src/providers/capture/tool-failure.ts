import { CertRebindError } from "../../core/errors.js";
import { ToolStartError } from "../../platform/windows/tool-start-error.js";

/**
 * Why a part could not be read through a Windows tool (the tool failed, CR4002, or could not be started at all:
 * missing, or blocked by an application control policy), for the part's warning; null for any other error, which
 * the part throws on. A capture without that part is still worth having: an administrator gets the HTTP.sys records
 * and certificates even where powershell.exe is blocked.
 */
export function toolFailure(error: unknown): string | null {
  if (error instanceof ToolStartError) return error.message;
  if (error instanceof CertRebindError && error.code === "CR4002") return error.message;
  return null;
}
