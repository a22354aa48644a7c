/** The demo's RSA test keys: PKCS#8 PEM files, read as they are or generated afresh. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface TestKey {
  key: crypto.KeyObject;
  /** The file's exact text, so copies are byte-identical. */
  pem: string;
}

export function generateKey(): TestKey {
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 0x10001 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return { key: privateKey, pem };
}

/** Reads `<dir>/<name>.key` for every name; with `fresh`, first writes new keys there. */
export function loadKeys(dir: string, names: string[], fresh: boolean): Map<string, TestKey> {
  const keys = new Map<string, TestKey>();
  if (fresh) fs.mkdirSync(dir, { recursive: true });
  for (const name of names) {
    const file = path.join(dir, `${name}.key`);
    if (fresh) fs.writeFileSync(file, generateKey().pem);
    if (!fs.existsSync(file)) throw new Error(`${file} does not exist: run with --new-keys to create the test keys`);
    const pem = fs.readFileSync(file, "utf8");
    keys.set(name, { key: crypto.createPrivateKey(pem), pem });
  }
  return keys;
}
