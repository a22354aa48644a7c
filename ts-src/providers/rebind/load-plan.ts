import { certificateFromStore, type Certificate } from "../../core/certificate.js";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import type { HttpSysRecord, IisConfiguration } from "../../core/model.js";
import { planRebind, type RebindPlan } from "../../core/rebind/plan.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import type { Host } from "../../platform/ports.js";

export interface LoadedPlan {
  plan: RebindPlan;
  records: HttpSysRecord[];
  config: IisConfiguration | null;
  oldCertificate: Certificate | null;
  newCertificate: Certificate;
}

/** Reads the host once and plans the rebind; CR2010 when no store holds the new certificate. */
export async function loadPlan(host: Host, old: Thumbprint, next: Thumbprint, force: boolean, now: Date): Promise<LoadedPlan> {
  const [records, config, stored] = await Promise.all([host.httpSys.readRecords(), host.iisConfig.read(), host.certStore.list()]);
  const certificates = stored.map(certificateFromStore);
  const newCertificates = certificates.filter((c) => c.thumbprint === next);
  if (newCertificates.length === 0) {
    const stores = [...new Set(certificates.map((c) => c.store))].join(", ") || "none found";
    throw new CertRebindError(
      "CR2010",
      `The new certificate ${next} is in no certificate store of ${host.description} (stores looked at: ${stores}). Import it into LocalMachine\\My or WebHosting, with its private key, and run again.`,
      ExitCode.BadInput,
      next,
    );
  }
  const plan = planRebind({
    records,
    config,
    newCertificates,
    oldThumbprint: old,
    force,
    now,
    restatable: host.httpSys.checkRestatable?.bind(host.httpSys),
  });
  return { plan, records, config, oldCertificate: certificates.find((c) => c.thumbprint === old) ?? null, newCertificate: newCertificates[0]! };
}
