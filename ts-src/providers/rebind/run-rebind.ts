import { CertRebindError, ExitCode } from "../../core/errors.js";
import { certificateView } from "../../core/inventory.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import type { Host } from "../../platform/ports.js";
import { executeRebind, type RebindOutcome, type RunOptions } from "./execute-rebind.js";
import { planPairs } from "./load-plan.js";

export type { RebindData, RebindOutcome } from "./execute-rebind.js";

export interface RebindRequest extends RunOptions {
  old: Thumbprint;
  new: Thumbprint;
  force: boolean;
}

/** `rebind --old --new`: everything bound to one certificate moves to another. */
export async function runRebind(host: Host, request: RebindRequest): Promise<RebindOutcome> {
  if (request.old === request.new) {
    throw new CertRebindError("CR2011", `The old and the new thumbprint are the same (${request.old}): there is nothing to move.`, ExitCode.BadInput, request.old);
  }
  return executeRebind(host, request, (reading) => {
    const plan = planPairs(host, reading, [{ old: request.old, new: request.new }], request.force, request.now);
    const view = (thumbprint: string) => {
      const cert = reading.certificates.find((c) => c.thumbprint === thumbprint);
      return cert ? certificateView(cert, request.now) : null;
    };
    return {
      plan,
      data: {
        old: { thumbprint: request.old, certificate: view(request.old) },
        new: { thumbprint: request.new, certificate: view(request.new) },
      },
      errors: [],
      warnings: [],
      audit: { old: request.old, new: request.new, force: request.force },
    };
  });
}
