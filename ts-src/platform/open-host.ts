import { resolve } from "node:path";
import { CertRebindError, ExitCode } from "../core/errors.js";
import { withRemedy } from "../core/remedy.js";
import type { Host } from "./ports.js";

/**
 * `--host-root` (or CERTREBIND_HOST_ROOT) selects a snapshot host; otherwise this machine, on Windows only.
 * `kindFiles`: the registered binding kinds' snapshot files (BindingKind.snapshotFiles).
 */
export async function openHost(
  hostRoot: string | undefined,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  kindFiles: readonly string[] = [],
): Promise<Host> {
  const root = hostRoot ?? env["CERTREBIND_HOST_ROOT"];
  if (root) {
    const { SnapshotHost } = await import("./snapshot/snapshot-host.js");
    return SnapshotHost.open(resolve(root), env, kindFiles);
  }
  if (platform !== "win32") {
    throw new CertRebindError(
      "CR4001",
      withRemedy(`This is ${platform}, not Windows.`, "hostRootRequired"),
      ExitCode.Environment,
    );
  }
  const { WindowsHost } = await import("./windows/windows-host.js");
  return new WindowsHost(undefined, env);
}
