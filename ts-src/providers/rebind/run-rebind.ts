import { CertRebindError, ExitCode } from "../../core/errors.js";
import { certificateView } from "../../core/inventory.js";
import { swappedPair, unknownThumbprint, type ThumbprintCheck } from "../../core/rebind/suspicious-thumbprints.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import type { Host } from "../../platform/ports.js";
import { executeRebind, type RunOptions } from "./execute-rebind.js";
import type { RebindOutcome } from "./rebind-outcome.js";
import { planPairs } from "./load-plan.js";

export type { RebindData, RebindOutcome } from "./rebind-outcome.js";

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
    const find = (thumbprint: string) => reading.certificates.find((c) => c.thumbprint === thumbprint) ?? null;
    const view = (thumbprint: string) => {
      const cert = find(thumbprint);
      return cert ? certificateView(cert, request.now) : null;
    };
    const checks = [
      unknownThumbprint(request.old, "the old certificate ", reading.certificates, plan.changes.length > 0),
      swappedPair(find(request.old), find(request.new)),
    ].filter((c): c is ThumbprintCheck => c !== null);
    return {
      plan,
      data: {
        old: { thumbprint: request.old, certificate: view(request.old) },
        new: { thumbprint: request.new, certificate: view(request.new) },
        checks,
      },
      errors: [],
      warnings: checks.map((c) => c.message),
      audit: { old: request.old, new: request.new, force: request.force },
    };
  });
}
