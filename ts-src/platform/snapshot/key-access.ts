import { createHash } from "node:crypto";
import { extname } from "node:path";
import { CertRebindError, ExitCode, malformedHostFile, usageError } from "../../core/errors.js";
import { sameStore } from "../../core/certificate.js";
import { DEFAULT_KEY_READERS, sameAccount, whyNotAccountName } from "../accounts/account-names.js";
import { editJsonHostFile, readJsonHostFile, type JsonHostFile } from "../files/json-host-file.js";
import type { HostWriter } from "../files/host-writer.js";
import { appendItem, memberOf, removeLastItem, removeMember, setMember, type JsonArrayNode, type JsonObjectNode } from "../formats/json-member-edit.js";
import { WIN32_ERRORS, Win32CallError } from "../windows/httpapi/win32-errors.js";
import { UnfinishedKeyGrantError, type KeyAccess, type KeyGrant, type KeyRef } from "../service-ports.js";
import type { SnapshotCertStore } from "./cert-store.js";

const THUMBPRINT = /^[0-9A-F]{40}$/;

/**
 * Who may read a certificate's private key on a snapshot host (docs/snapshot-host.md, "Key readers"): the
 * certificate sidecar `certs/<Store>/<name>.json`'s `"keyReaders": [ … ]`, the accounts given read access besides
 * SYSTEM and Administrators (absent: only those two). Account names are compared case-insensitively, the built-in
 * accounts' names as one (accounts/account-names.ts). A grant appends the account to the list (or adds the list) and
 * a revoke takes exactly that text out again; every other byte of the sidecar stays.
 */
export class SnapshotKeyAccess implements KeyAccess {
  constructor(
    private readonly certStore: SnapshotCertStore,
    private readonly writer: HostWriter,
  ) {}

  async canRead(key: KeyRef, account: string): Promise<boolean | null> {
    checkAccount(account);
    const found = await this.find(key);
    if (found === null || !found.hasPrivateKey) return null;
    const sidecar = await readJsonHostFile(found.sidecar);
    return readersOf(sidecar).some((reader) => sameAccount(reader, account));
  }

  async readers(key: KeyRef): Promise<string[] | null> {
    const found = await this.find(key);
    if (found === null || !found.hasPrivateKey) return null;
    return listed(await readJsonHostFile(found.sidecar)) ?? [];
  }

  async grantRead(key: KeyRef, account: string): Promise<KeyGrant> {
    checkAccount(account);
    const found = await this.keyFile(key);
    const sidecar = found.sidecar;
    let before: string[] | null = null;
    let writing = false;
    const grant = () => ({ key: { store: found.store, thumbprint: normalized(key).thumbprint }, account, before: JSON.stringify(before) });
    let edited: JsonHostFile | null;
    try {
      edited = await editJsonHostFile(this.writer, sidecar, (file) => {
        before = listed(file);
        if (readersOf(file).some((reader) => sameAccount(reader, account))) return null;
        const list = readersArray(file);
        writing = true;
        return [list ? appendItem(list, JSON.stringify(account)) : setMember(file.text, rootObject(file), "keyReaders", JSON.stringify([account]))];
      });
    } catch (error) {
      // The sidecar may be replaced already (the write failed at its folder's flush, after the rename): the caller's
      // undo must still take the grant out.
      if (writing) throw new UnfinishedKeyGrantError(grant(), error);
      throw error;
    }
    if (edited === null) throw noSidecar(sidecar);
    return grant();
  }

  async revoke(grant: KeyGrant): Promise<void> {
    checkAccount(grant.account);
    let before: unknown;
    try {
      before = JSON.parse(grant.before);
    } catch {
      before = undefined;
    }
    if (before !== null && !(Array.isArray(before) && before.every((a) => typeof a === "string"))) {
      throw usageError(`The key grant to undo does not hold a snapshot host's readers list (${JSON.stringify(grant.before)}); nothing was changed.`);
    }
    const previous = before as string[] | null;
    if (previous?.some((reader) => sameAccount(reader, grant.account))) return;
    const { sidecar } = await this.keyFile(grant.key);
    await editJsonHostFile(this.writer, sidecar, (file) => {
      const now = listed(file);
      if (now === null || !now.some((reader) => sameAccount(reader, grant.account))) return null;
      const root = rootObject(file);
      const granted = [...(previous ?? []), grant.account];
      // Unchanged since the grant: the list as it was, byte for byte (or no list); otherwise only the grant goes.
      if (JSON.stringify(now) === JSON.stringify(granted)) return [previous === null ? removeMember(root, "keyReaders")! : removeLastItem(readersArray(file)!)!];
      return [setMember(file.text, root, "keyReaders", JSON.stringify(now.filter((reader) => !sameAccount(reader, grant.account))))];
    });
  }

  /** The sidecar that holds the key's readers; CR4006 as on Windows when there is no such certificate or key. */
  async hostFile(key: KeyRef): Promise<string> {
    return (await this.keyFile(key)).sidecar;
  }

  private async keyFile(key: KeyRef): Promise<{ sidecar: string; store: string }> {
    const found = await this.find(key);
    const ref = `Cert:\\LocalMachine\\${key.store}\\${key.thumbprint}`;
    if (found === null) throw new Win32CallError("CertFindCertificateInStore", WIN32_ERRORS.CRYPT_E_NOT_FOUND, `${ref} is not on this snapshot host`);
    if (!found.hasPrivateKey) throw new Win32CallError("CryptAcquireCertificatePrivateKey", WIN32_ERRORS.CRYPT_E_NO_KEY_PROPERTY, `${ref} (${found.source}) has no private key`);
    return found;
  }

  private async find(key: KeyRef): Promise<{ sidecar: string; store: string; hasPrivateKey: boolean; source: string } | null> {
    const { store, thumbprint } = normalized(key);
    for (const certificate of await this.certStore.list()) {
      if (!sameStore(certificate.store, store)) continue;
      if (createHash("sha1").update(certificate.der).digest("hex").toUpperCase() !== thumbprint) continue;
      const source = certificate.source;
      return { sidecar: `${source.slice(0, source.length - extname(source).length)}.json`, store: certificate.store, hasPrivateKey: certificate.hasPrivateKey, source };
    }
    return null;
  }
}

function normalized(key: KeyRef): KeyRef {
  const thumbprint = key.thumbprint.toUpperCase();
  if (!THUMBPRINT.test(thumbprint)) throw usageError(`'${key.thumbprint}' is not a thumbprint (40 hexadecimal characters).`);
  return { store: key.store, thumbprint };
}

function checkAccount(account: string): void {
  const why = whyNotAccountName(account);
  if (why) throw usageError(`${JSON.stringify(account)} is not an account name: ${why}. Nothing was changed.`);
}

/** The sidecar's `keyReaders`, or null when it has none; CR2003 when it is not a list of account names. */
function listed(file: JsonHostFile | null): string[] | null {
  if (file === null) return null;
  const member = memberOf(rootObject(file), "keyReaders");
  if (member === undefined) return null;
  const value = member.value;
  if (value.type !== "array" || !value.items.every((item) => item.type === "string" && whyNotAccountName(item.value) === null)) {
    throw malformedHostFile(file.path, null, "\"keyReaders\" must be a list of account names such as [\"NT AUTHORITY\\\\NETWORK SERVICE\", \"NT SERVICE\\\\MSSQLSERVER\"]");
  }
  return value.items.map((item) => (item as { value: string }).value);
}

/** The sidecar's keyReaders array node (listed() has checked it), or null when there is none. */
function readersArray(file: JsonHostFile): JsonArrayNode | null {
  const value = memberOf(rootObject(file), "keyReaders")?.value;
  return value?.type === "array" ? value : null;
}

function rootObject(file: JsonHostFile): JsonObjectNode {
  if (file.root.type === "object") return file.root;
  throw malformedHostFile(file.path, null, "expected an object such as { \"hasPrivateKey\": true, \"keyReaders\": [\"NT AUTHORITY\\\\NETWORK SERVICE\"] }");
}

/** Everyone who may read the key: SYSTEM, Administrators and the sidecar's readers. */
function readersOf(file: JsonHostFile | null): string[] {
  return [...DEFAULT_KEY_READERS, ...(listed(file) ?? [])];
}

function noSidecar(path: string): CertRebindError {
  return new CertRebindError(
    "CR4004",
    `${path} does not exist: on a snapshot host the accounts that may read a private key are kept in its certificate's sidecar (docs/snapshot-host.md, "Key readers"). Create it (with {} for no properties) and run again. Nothing was changed.`,
    ExitCode.Environment,
    path,
  );
}
