import { CertRebindError, ExitCode } from "../core/errors.js";
import type { ServiceControl, ServiceInfo } from "./service-ports.js";

/**
 * Restarts a service and requires it to run again within `timeoutMs`: CR4013 naming the service and the state it
 * came to when it does not (`--restart-services` then rolls the run back). A failed call stays CR4006.
 */
export async function restartAndWaitForRunning(services: ServiceControl, name: string, timeoutMs: number): Promise<ServiceInfo> {
  const restarted = await services.restart(name, timeoutMs);
  if (restarted.state === "running") return restarted;
  throw new CertRebindError(
    "CR4013",
    `The service ${name} did not come back after its restart: it is ${restarted.state} ${Math.round(timeoutMs / 1000)} s after it was started. Check its event log entries (System log, Service Control Manager) and its own logs for why it does not start.`,
    ExitCode.Environment,
    name,
  );
}
