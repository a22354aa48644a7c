import { WIN32_ERRORS } from "../../../ts-src/platform/windows/httpapi/win32-errors.js";
import {
  DACL_SECURITY_INFORMATION,
  NCRYPT_SECURITY_DESCR_PROPERTY,
  SDDL_REVISION_1,
  type KeySecurityApi,
} from "../../../ts-src/platform/windows/keys/key-security-api.js";
import type { FakeCrypt32 } from "./fake-crypt32.js";

const NCRYPT_PERSIST_ONLY_FLAG = 0x4000_0000;
const NTE_INVALID_HANDLE = 0x8009_0026;
/** NCryptGetProperty's status when pbOutput is too small. */
const NTE_BUFFER_TOO_SMALL = 0x8009_0028;
const NTE_NOT_SUPPORTED = 0x8009_0029;
const NTE_BAD_FLAGS = 0x8009_0009;
/** How ConvertSecurityDescriptorToStringSecurityDescriptorW spells the well-known SIDs back (SID strings page). */
const ALIASES: Record<string, string> = { "S-1-5-18": "SY", "S-1-5-32-544": "BA", "S-1-5-20": "NS", "S-1-5-19": "LS", "S-1-1-0": "WD", "S-1-5-11": "AU" };
/** How LookupAccountSidW names the built-in accounts (in English). */
const BUILT_IN: Record<string, string> = {
  "NT AUTHORITY\\SYSTEM": "S-1-5-18",
  "BUILTIN\\Administrators": "S-1-5-32-544",
  "NT AUTHORITY\\NETWORK SERVICE": "S-1-5-20",
  "NT AUTHORITY\\LOCAL SERVICE": "S-1-5-19",
  Everyone: "S-1-1-0",
};
export const DEFAULT_KEY_SDDL = "D:P(A;;GA;;;SY)(A;;GA;;;BA)";

/**
 * ncrypt's key properties and advapi32's account and SDDL functions as documented, in memory, over a FakeCrypt32
 * whose live CNG key handles they accept (any other handle: NTE_INVALID_HANDLE). NCryptGetProperty answers size
 * then data (NTE_BUFFER_TOO_SMALL for a short buffer); a descriptor is given only for DACL_SECURITY_INFORMATION;
 * LookupAccountNameW answers the sizes first (ERROR_INSUFFICIENT_BUFFER) and ERROR_NONE_MAPPED for an unknown
 * account; what the SDDL functions allocate must be LocalFree'd once (liveAllocations). The DACL reads back with
 * well-known SIDs as their aliases, as Windows prints them.
 */
export class FakeKeySecurity implements KeySecurityApi {
  readonly calls: string[] = [];
  readonly liveAllocations = new Map<bigint, Buffer>();
  private nextAddress = 0x5000_0000n;
  private error = 0;
  private readonly accounts: Map<string, string>;
  /** Accounts by their names as LookupAccountSidW gives them, the built-in ones included. */
  private readonly names: Map<string, string>;

  constructor(
    private readonly crypt32: FakeCrypt32,
    accounts: Record<string, string> = {},
    private readonly options: { failSet?: number } = {},
  ) {
    this.accounts = new Map(Object.entries(accounts).map(([name, sid]) => [name.toLowerCase(), sid]));
    this.names = new Map([...Object.entries(BUILT_IN), ...Object.entries(accounts)]);
  }

  nCryptGetProperty(key: bigint, property: string, output: Buffer | null, result: Buffer, flags: number): number {
    this.calls.push(`NCryptGetProperty ${property} 0x${flags.toString(16)}`);
    const owner = this.keyOf(key);
    if (owner === null) return NTE_INVALID_HANDLE;
    if (property !== NCRYPT_SECURITY_DESCR_PROPERTY) return NTE_NOT_SUPPORTED;
    if ((flags & DACL_SECURITY_INFORMATION) === 0) return NTE_BAD_FLAGS;
    const descriptor = encodeDescriptor(owner.keySddl ?? DEFAULT_KEY_SDDL);
    result.writeUInt32LE(descriptor.length, 0);
    if (output === null) return 0;
    if (output.length < descriptor.length) return NTE_BUFFER_TOO_SMALL;
    descriptor.copy(output);
    return 0;
  }

  nCryptSetProperty(key: bigint, property: string, input: Buffer, flags: number): number {
    this.calls.push(`NCryptSetProperty ${property} 0x${(flags >>> 0).toString(16)}`);
    const owner = this.keyOf(key);
    if (owner === null) return NTE_INVALID_HANDLE;
    if (property !== NCRYPT_SECURITY_DESCR_PROPERTY) return NTE_NOT_SUPPORTED;
    if ((flags & DACL_SECURITY_INFORMATION) === 0 || (flags & NCRYPT_PERSIST_ONLY_FLAG) !== 0) return NTE_BAD_FLAGS;
    if (this.options.failSet !== undefined) return this.options.failSet;
    owner.keySddl = decodeDescriptor(input);
    return 0;
  }

  lookupAccountName(account: string, sid: Buffer | null, sidSize: Buffer, domain: Buffer | null, domainSize: Buffer, use: Buffer): boolean {
    this.calls.push(`LookupAccountNameW ${account}`);
    const text = this.accounts.get(account.toLowerCase());
    if (text === undefined) return this.fail(WIN32_ERRORS.ERROR_NONE_MAPPED);
    const binary = encodeSid(text);
    const domainName = account.includes("\\") ? account.split("\\")[0]! : "";
    const small = sid === null || sid.length < binary.length || sidSize.readUInt32LE(0) < binary.length || domain === null || domainSize.readUInt32LE(0) < domainName.length + 1;
    sidSize.writeUInt32LE(binary.length, 0);
    if (small) {
      domainSize.writeUInt32LE(domainName.length + 1, 0);
      return this.fail(WIN32_ERRORS.ERROR_INSUFFICIENT_BUFFER);
    }
    binary.copy(sid);
    Buffer.from(`${domainName}\0`, "utf16le").copy(domain);
    domainSize.writeUInt32LE(domainName.length, 0);
    use.writeUInt32LE(1, 0);
    return true;
  }

  lookupAccountSid(sid: Buffer, name: Buffer | null, nameSize: Buffer, domain: Buffer | null, domainSize: Buffer, use: Buffer): boolean {
    const text = decodeSid(sid);
    this.calls.push(`LookupAccountSidW ${text}`);
    const account = [...this.names].find(([, s]) => s === text)?.[0];
    if (account === undefined) return this.fail(WIN32_ERRORS.ERROR_NONE_MAPPED);
    const [domainName, user] = account.includes("\\") ? account.split("\\") : ["", account];
    const small = name === null || nameSize.readUInt32LE(0) < user!.length + 1 || domain === null || domainSize.readUInt32LE(0) < domainName!.length + 1;
    if (small) {
      nameSize.writeUInt32LE(user!.length + 1, 0);
      domainSize.writeUInt32LE(domainName!.length + 1, 0);
      return this.fail(WIN32_ERRORS.ERROR_INSUFFICIENT_BUFFER);
    }
    Buffer.from(`${user}\0`, "utf16le").copy(name);
    Buffer.from(`${domainName}\0`, "utf16le").copy(domain);
    nameSize.writeUInt32LE(user!.length, 0);
    domainSize.writeUInt32LE(domainName!.length, 0);
    use.writeUInt32LE(1, 0);
    return true;
  }

  convertStringSidToSid(text: string, sid: Buffer): boolean {
    if (!/^S-1-\d+(-\d+)*$/.test(text)) return this.fail(WIN32_ERRORS.ERROR_INVALID_PARAMETER);
    sid.writeBigUInt64LE(this.allocate(encodeSid(text)), 0);
    return true;
  }

  getLengthSid(sid: bigint): number {
    const bytes = this.liveAllocations.get(sid);
    if (!bytes || bytes[0] !== 1) throw new Error(`GetLengthSid of ${sid}, which is not a live SID`);
    return 8 + 4 * bytes[1]!;
  }

  convertSidToStringSid(sid: Buffer, text: Buffer): boolean {
    text.writeBigUInt64LE(this.allocate(Buffer.from(`${decodeSid(sid)}\0`, "utf16le")), 0);
    return true;
  }

  convertSecurityDescriptorToString(descriptor: Buffer, revision: number, information: number, text: Buffer): boolean {
    if (revision !== SDDL_REVISION_1) return this.fail(WIN32_ERRORS.ERROR_INVALID_PARAMETER);
    const sddl = decodeDescriptor(descriptor);
    const dacl = (information & DACL_SECURITY_INFORMATION) === 0 ? "" : sddl.slice(sddl.indexOf("D:"));
    const printed = dacl.replace(/;(S-1-[0-9-]+)\)/g, (whole, sid: string) => (ALIASES[sid] ? `;${ALIASES[sid]})` : whole));
    text.writeBigUInt64LE(this.allocate(Buffer.from(`${printed}\0`, "utf16le")), 0);
    return true;
  }

  convertStringToSecurityDescriptor(sddl: string, revision: number, descriptor: Buffer, size: Buffer): boolean {
    if (revision !== SDDL_REVISION_1 || !/^D:[A-Z]*(\([^()]*\))*$/.test(sddl)) return this.fail(WIN32_ERRORS.ERROR_INVALID_PARAMETER);
    const bytes = encodeDescriptor(sddl);
    descriptor.writeBigUInt64LE(this.allocate(bytes), 0);
    size.writeUInt32LE(bytes.length, 0);
    return true;
  }

  localFree(address: bigint): bigint {
    if (!this.liveAllocations.delete(address)) throw new Error(`LocalFree of memory that was not allocated or was freed: ${address}`);
    return 0n;
  }

  wideStringAt(address: bigint): string {
    const bytes = this.liveAllocations.get(address);
    if (!bytes) throw new Error(`a string at ${address}, which is not live memory`);
    return bytes.toString("utf16le").replace(/\0[\s\S]*$/, "");
  }

  copyMemory(address: bigint, length: number): Buffer {
    const bytes = this.liveAllocations.get(address);
    if (!bytes || bytes.length < length) throw new Error(`${length} bytes at ${address}, which is not live memory`);
    return Buffer.from(bytes.subarray(0, length));
  }

  lastError(): number {
    return this.error;
  }

  private keyOf(handle: bigint) {
    return this.crypt32.liveKeys.get(handle) === "cng" ? this.crypt32.keyOwners.get(handle)! : null;
  }

  private allocate(bytes: Buffer): bigint {
    const address = this.nextAddress;
    this.nextAddress += BigInt(bytes.length + 0x100);
    this.liveAllocations.set(address, Buffer.from(bytes));
    return address;
  }

  private fail(error: number): false {
    this.error = error;
    return false;
  }
}

/** The fake's self-relative descriptor: revision 1, then the SDDL (it stands for the binary form). */
function encodeDescriptor(sddl: string): Buffer {
  return Buffer.concat([Buffer.from([1, 0]), Buffer.from(sddl, "utf8")]);
}

function decodeDescriptor(bytes: Buffer): string {
  if (bytes[0] !== 1) throw new Error("not a security descriptor this fake made");
  return bytes.subarray(2).toString("utf8");
}

/** A SID's binary form (https://learn.microsoft.com/windows/win32/api/winnt/ns-winnt-sid). */
function encodeSid(text: string): Buffer {
  const [, , authority, ...subs] = text.split("-");
  const sid = Buffer.alloc(8 + 4 * subs.length);
  sid[0] = 1;
  sid[1] = subs.length;
  sid.writeUIntBE(Number(authority), 2, 6);
  subs.forEach((sub, i) => sid.writeUInt32LE(Number(sub), 8 + 4 * i));
  return sid;
}

function decodeSid(sid: Buffer): string {
  const subs = Array.from({ length: sid[1]! }, (_, i) => sid.readUInt32LE(8 + 4 * i));
  return `S-${sid[0]}-${sid.readUIntBE(2, 6)}${subs.map((s) => `-${s}`).join("")}`;
}
