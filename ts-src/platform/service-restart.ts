import { CertRebindError, ExitCode } from "../core/errors.js";
import type { RestartedService, ServiceControl } from "./service-ports.js";

/**
 * Restarts a service and requires it, and the services depending on it that the restart stopped, to run again
 * within `timeoutMs`: CR4013 naming the service and the state it came to when one does not (`--restart-services`
 * then rolls the run back). A failed call stays CR4006.
 */
export async function restartAndWaitForRunning(services: ServiceControl, name: string, timeoutMs: number): Promise<RestartedService> {
  const restarted = await services.restart(name, timeoutMs);
  const down = [restarted, ...(restarted.dependents ?? [])].find((service) => service.state !== "running");
  if (down === undefined) return restarted;
  const which = down === restarted ? `The service ${name}` : `The service ${down.name}, which depends on ${name},`;
  throw new CertRebindError(
    "CR4013",
    `${which} did not come back after its restart: it is ${down.state} ${Math.round(timeoutMs / 1000)} s after it was started. Check its event log entries (System log, Service Control Manager) and its own logs for why it does not start.`,
    ExitCode.Environment,
    down.name,
  );
}
