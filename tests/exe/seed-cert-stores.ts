// Certificates put into a wine prefix's LocalMachine stores through crypt32, by seed-cert-stores.exe
// (tests/native/cert-store-seeder/README.md): what the exe's certificate-store reader then finds through the real
// (wine's) crypt32. Used with installStandin(…, prefixName) for a prefix of one's own, since the stores are shared
// by every run in that prefix.
import { spawnSync } from "node:child_process";
import { createHash, type KeyObject } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, runToFiles, wine64, zPath } from "./support.js";
import { tempDir } from "../ts/support/temp-dir.js";

export interface SeedCertificate {
  store: string;
  der: Buffer;
  /**
   * Its private key (RSA only), imported into a key container of the Microsoft Enhanced Cryptographic Provider:
   * `machine` (CRYPT_MACHINE_KEYSET, as on a server) or `user` (the key set of wine's user); "missing":
   * CERT_KEY_PROV_INFO_PROP_ID names a machine container that does not exist; null: no key.
   */
  key: { keySet: "machine" | "user"; privateKey: KeyObject } | "missing" | null;
  archived?: boolean;
  renewalThumbprint?: string | null;
  friendlyName?: string | null;
}

const seederSource = join(repoRoot, "tests/native/cert-store-seeder");
export const seederExe = join(seederSource, "build/seed-cert-stores.exe");

let built = false;
export function buildSeeder(): void {
  if (built) return;
  const result = spawnSync("bash", [join(seederSource, "build.sh")], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`the certificate-store seeder did not build:\n${result.stderr}`);
  built = true;
}

export const thumbprintOf = (der: Buffer) => createHash("sha1").update(der).digest("hex").toUpperCase();

/**
 * Empties `stores` (My and WebHosting by default) of the prefix `env` names (WINEPREFIX) and adds `certificates`,
 * each with its properties and key; throws with the seeder's message when a line fails.
 */
export function seedCertStores(env: NodeJS.ProcessEnv, certificates: readonly SeedCertificate[], stores: readonly string[] = ["My", "WebHosting"]): void {
  buildSeeder();
  const dir = tempDir("certrebind-seed-");
  const lines = stores.map((store) => `clear ${store}`);
  certificates.forEach((certificate, index) => {
    const der = join(dir, `${index}.cer`);
    writeFileSync(der, certificate.der);
    const container = `certrebind-test-${thumbprintOf(certificate.der)}`;
    let key = "-";
    if (certificate.key === "missing") key = `missing:${container}-missing`;
    else if (certificate.key !== null) {
      const blob = join(dir, `${index}.key`);
      writeFileSync(blob, privateKeyBlob(certificate.key.privateKey));
      key = `csp-${certificate.key.keySet}:${container}-${certificate.key.keySet}:${zPath(blob)}`;
    }
    const friendly = certificate.friendlyName ? Buffer.from(certificate.friendlyName, "utf16le").toString("hex") : "-";
    lines.push(`add ${certificate.store} ${zPath(der)} ${key} ${certificate.archived ? 1 : 0} ${certificate.renewalThumbprint ?? "-"} ${friendly}`);
  });
  const plan = join(dir, "plan.txt");
  writeFileSync(plan, `${lines.join("\n")}\n`);
  const result = runToFiles(wine64, [seederExe, zPath(plan)], env);
  if (result.status !== 0) throw new Error(`seed-cert-stores.exe failed (${result.status}):\n${result.stderr.slice(-2000)}`);
}

/**
 * seedCertStores, unless the prefix already holds exactly these certificates (a marker file in the prefix records
 * what was seeded): for prefixes that several test files and runs share.
 */
export function seedCertStoresOnce(prefix: string, env: NodeJS.ProcessEnv, certificates: readonly SeedCertificate[], stores: readonly string[] = ["My", "WebHosting"]): void {
  const marker = join(prefix, "certrebind-seeded.sha256");
  const hash = createHash("sha256");
  hash.update(JSON.stringify(stores));
  for (const c of certificates) {
    const key = c.key === null || c.key === "missing" ? String(c.key) : `${c.key.keySet}:${c.key.privateKey.export({ format: "der", type: "pkcs8" }).toString("hex")}`;
    hash.update(JSON.stringify([c.store, c.der.toString("hex"), key, c.archived ?? false, c.renewalThumbprint ?? null, c.friendlyName ?? null]));
  }
  const digest = hash.digest("hex");
  if (existsSync(marker) && readFileSync(marker, "utf8") === digest) return;
  seedCertStores(env, certificates, stores);
  writeFileSync(`${marker}.tmp`, digest);
  renameSync(`${marker}.tmp`, marker);
}

/**
 * An RSA private key as a CryptoAPI PRIVATEKEYBLOB (https://learn.microsoft.com/windows/win32/seccrypto/base-provider-key-blobs):
 * BLOBHEADER (PRIVATEKEYBLOB 7, version 2, CALG_RSA_KEYX 0xa400), RSAPUBKEY ("RSA2", bit length, public exponent),
 * then modulus, prime1, prime2, exponent1, exponent2, coefficient and private exponent, each little-endian.
 */
export function privateKeyBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: "jwk" });
  const big = (value: string | undefined) => Buffer.from(value ?? "", "base64url");
  const modulus = big(jwk.n);
  const bits = modulus.length * 8;
  const littleEndian = (value: string | undefined, bytes: number) => {
    const be = big(value);
    if (be.length > bytes) throw new Error(`a key component of ${be.length} bytes does not fit in ${bytes}`);
    return Buffer.concat([Buffer.alloc(bytes - be.length), be]).reverse();
  };
  const head = Buffer.alloc(20);
  head.writeUInt8(0x07, 0);
  head.writeUInt8(0x02, 1);
  head.writeUInt32LE(0xa400, 4);
  head.writeUInt32LE(0x32415352, 8);
  head.writeUInt32LE(bits, 12);
  head.writeUInt32LE(big(jwk.e).reduce((value, byte) => value * 256 + byte, 0), 16);
  const half = bits / 16;
  return Buffer.concat([
    head,
    littleEndian(jwk.n, bits / 8),
    littleEndian(jwk.p, half),
    littleEndian(jwk.q, half),
    littleEndian(jwk.dp, half),
    littleEndian(jwk.dq, half),
    littleEndian(jwk.qi, half),
    littleEndian(jwk.d, bits / 8),
  ]);
}
