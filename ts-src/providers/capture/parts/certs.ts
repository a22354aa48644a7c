import { parseX509, thumbprintOf } from "../../../core/certificate.js";
import { CertRebindError } from "../../../core/errors.js";
import type { StoreProperties } from "../../../platform/snapshot/cert-store.js";
import type { CapturePart, PartReport } from "../capture-part.js";
import type { CaptureSource } from "../capture-source.js";
import { redactText } from "../redaction.js";
import { toolFailure } from "../tool-failure.js";

/** A store name that can be a folder name on every system (LocalMachine store names: My, WebHosting, Remote Desktop, …). */
const STORE_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

/**
 * `certs/<Store>/<thumbprint>.cer` (DER) with `<thumbprint>.json` (hasPrivateKey, archived, renewalThumbprint,
 * friendlyName, and keyReaders when accounts besides SYSTEM and Administrators may read its key): every certificate of the stores the host's certificate store lists and the bindings name. Never a private key: the store
 * says whether one is there, and only that is written.
 */
export const certsPart: CapturePart = {
  name: "certs",
  async capture(source, out, redaction) {
    const report: PartReport = { part: "certs", count: 0, of: "certificates", files: [], warnings: [] };
    const seen = new Set<string>();
    for (const original of await source.certificates()) {
      if (!STORE_NAME.test(original.store) || original.store.endsWith(".")) {
        report.warnings.push(`The store name '${original.store}' cannot be a folder name: ${original.source} is not captured.`);
        continue;
      }
      let thumbprint: string;
      try {
        thumbprint = thumbprintOf(parseX509(original.der));
      } catch (error) {
        report.warnings.push(`${original.source} is not a readable certificate (${(error as Error).message}): not captured.`);
        continue;
      }
      const key = `${original.store.toLowerCase()}/${thumbprint}`;
      if (seen.has(key)) continue; // the same certificate listed twice in one store (two files of a snapshot host)
      seen.add(key);
      const certificate = redaction.certificate(original);
      const name = `certs/${certificate.store}/${thumbprintOf(parseX509(certificate.der))}`;
      report.files.push(await out.write(`${name}.cer`, certificate.der));
      const sidecar: StoreProperties = {
        hasPrivateKey: certificate.hasPrivateKey,
        archived: certificate.archived,
        renewalThumbprint: certificate.renewalThumbprint,
        friendlyName: certificate.friendlyName,
      };
      const readers = certificate.hasPrivateKey ? await keyReaders(source, original.store, thumbprint, report) : [];
      if (readers.length > 0) sidecar.keyReaders = readers.map((reader) => redactText(redaction, reader));
      report.files.push(await out.write(`${name}.json`, `${JSON.stringify(sidecar, null, 2)}\n`));
      report.count++;
    }
    return report;
  },
};

/**
 * Who besides SYSTEM and Administrators may read the key (host.keys.readers: on Windows from the key's DACL); none,
 * with a warning, when that cannot be read: the sidecar then says only SYSTEM and Administrators.
 */
async function keyReaders(source: CaptureSource, store: string, thumbprint: string, report: PartReport): Promise<string[]> {
  try {
    return (await source.host.keys.readers?.({ store, thumbprint })) ?? [];
  } catch (error) {
    const why = error instanceof CertRebindError ? error.message : toolFailure(error);
    if (why === null) throw error;
    report.warnings.push(`Who may read the private key of Cert:\\LocalMachine\\${store}\\${thumbprint} could not be read (${why}): its sidecar lists no keyReaders.`);
    return [];
  }
}
