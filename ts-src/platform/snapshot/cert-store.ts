import { createPrivateKey } from "node:crypto";
import { readdir } from "node:fs/promises";
import { extname, join } from "node:path";
import { parseX509, privateKeyMatches } from "../../core/certificate.js";
import { CertRebindError, malformedHostFile, unreadableHostFile } from "../../core/errors.js";
import type { StoredCertificate } from "../../core/model.js";
import { tryNormalizeThumbprint } from "../../core/thumbprint.js";
import type { CertStore } from "../ports.js";
import { isNotFound, readHostBytes, withoutBom } from "../files/read-host-file.js";

const CERTIFICATE_EXTENSIONS = new Set([".cer", ".crt", ".der", ".pem"]);

/**
 * `certs/<Store>/<name>.cer|.crt|.der|.pem` (DER or PEM), with an optional `<name>.key` (a PEM or DER private
 * key: present and matching means the certificate has its private key) and `<name>.json` (store properties; its
 * `hasPrivateKey` says whether the certificate has its key where there is no `.key` file, as a capture writes it).
 */
export class SnapshotCertStore implements CertStore {
  readonly warnings: string[] = [];

  constructor(private readonly root: string) {}

  async list(): Promise<StoredCertificate[]> {
    const certsDir = join(this.root, "certs");
    const stores = await listDirectory(certsDir, true);
    const found: StoredCertificate[] = [];
    for (const store of stores) {
      const storeDir = join(certsDir, store);
      for (const file of await listDirectory(storeDir, false)) {
        if (!CERTIFICATE_EXTENSIONS.has(extname(file).toLowerCase())) continue;
        const certificate = await this.readOne(store, storeDir, file);
        if (certificate) found.push(certificate);
      }
    }
    return found;
  }

  /** The certificate; null, with a warning naming the file, when the file cannot be read or is no certificate. */
  private async readOne(store: string, dir: string, file: string): Promise<StoredCertificate | null> {
    const path = join(dir, file);
    const base = join(dir, file.slice(0, file.length - extname(file).length));
    let x509;
    try {
      const bytes = await readHostBytes(path);
      if (bytes === null) return null; // removed since the folder was listed
      try {
        x509 = parseX509(bytes);
      } catch (error) {
        throw malformedHostFile(path, null, `not a DER or PEM certificate (${(error as Error).message})`);
      }
    } catch (error) {
      // One certificate that cannot be read is left out; the others still count (a command is not stopped by it).
      if (!(error instanceof CertRebindError)) throw error;
      this.warnings.push(`${error.message}; this certificate is left out of store ${store}.`);
      return null;
    }
    const properties = await readProperties(`${base}.json`);
    return {
      store,
      der: Buffer.from(x509.raw),
      hasPrivateKey: (await this.hasMatchingKey(`${base}.key`, x509)) ?? properties.hasPrivateKey,
      archived: properties.archived,
      friendlyName: properties.friendlyName,
      renewalThumbprint: properties.renewalThumbprint,
      source: path,
    };
  }

  /** Whether the key file is the certificate's private key; null when there is no key file (the sidecar decides). */
  private async hasMatchingKey(path: string, x509: ReturnType<typeof parseX509>): Promise<boolean | null> {
    const bytes = await readHostBytes(path);
    if (bytes === null) return null;
    try {
      const text = bytes.toString("utf8");
      const key = text.includes("-----BEGIN")
        ? createPrivateKey(text)
        : createPrivateKey({ key: bytes, format: "der", type: "pkcs8" });
      if (privateKeyMatches(x509, key)) return true;
      this.warnings.push(`${path} is not the private key of its certificate; the certificate counts as having no private key.`);
    } catch (error) {
      this.warnings.push(`${path} is not a readable private key (${(error as Error).message}); the certificate counts as having no private key.`);
    }
    return false;
  }
}

async function listDirectory(dir: string, directories: boolean): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => (directories ? entry.isDirectory() : entry.isFile()))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if (isNotFound(error)) return [];
    throw unreadableHostFile(dir, error);
  }
}

/** A certificate's `<name>.json` sidecar, as a snapshot host reads it and a capture writes it. */
export interface StoreProperties {
  hasPrivateKey: boolean;
  archived: boolean;
  friendlyName: string | null;
  renewalThumbprint: string | null;
  /**
   * Accounts that may read the private key besides SYSTEM and Administrators (key-access.ts); absent: only those
   * two. Read by SnapshotKeyAccess, not by the store.
   */
  keyReaders?: string[];
}

async function readProperties(path: string): Promise<StoreProperties> {
  const bytes = await readHostBytes(path);
  if (bytes === null) return { hasPrivateKey: false, archived: false, friendlyName: null, renewalThumbprint: null };
  let json: unknown;
  try {
    json = JSON.parse(withoutBom(bytes.toString("utf8")));
  } catch (error) {
    throw malformedHostFile(path, null, `not JSON (${(error as Error).message})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw malformedHostFile(path, null, "expected an object such as { \"hasPrivateKey\": true, \"archived\": false, \"renewalThumbprint\": \"…\" }");
  }
  const { hasPrivateKey = false, archived = false, friendlyName = null, renewalThumbprint = null } = json as Record<string, unknown>;
  if (typeof hasPrivateKey !== "boolean") throw malformedHostFile(path, null, "\"hasPrivateKey\" must be true or false");
  if (typeof archived !== "boolean") throw malformedHostFile(path, null, "\"archived\" must be true or false");
  if (friendlyName !== null && typeof friendlyName !== "string") throw malformedHostFile(path, null, "\"friendlyName\" must be a string");
  if (renewalThumbprint !== null && (typeof renewalThumbprint !== "string" || !tryNormalizeThumbprint(renewalThumbprint))) {
    throw malformedHostFile(path, null, "\"renewalThumbprint\" must be a 40-hex-character thumbprint");
  }
  return {
    hasPrivateKey,
    archived,
    friendlyName,
    renewalThumbprint: renewalThumbprint === null ? null : tryNormalizeThumbprint(renewalThumbprint as string),
  };
}
