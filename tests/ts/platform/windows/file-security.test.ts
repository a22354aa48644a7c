import assert from "node:assert/strict";
import { test } from "node:test";
import { keepFileSecurity, type SecurityApi } from "../../../../ts-src/platform/windows/file-security.js";
import { Win32CallError } from "../../../../ts-src/platform/windows/httpapi/win32-errors.js";

// keepFileSecurity against a fake advapi32/kernel32 that keeps each file's descriptor as the API exposes it:
// pointers to an owner, a group and a DACL, and the SE_DACL_PROTECTED bit of the descriptor's control.

const SE_DACL_PROTECTED = 0x1000;
const OWNER_GROUP_DACL = 0x7;
const PROTECTED_DACL = 0x8000_0000;
const UNPROTECTED_DACL = 0x2000_0000;

interface Descriptor {
  owner: bigint;
  group: bigint;
  dacl: bigint;
  protectedDacl: boolean;
}

interface FakeOptions {
  /** Owners the caller may set without SeRestorePrivilege (the fake's token). */
  ownersWithoutPrivilege?: bigint[];
  tokenHoldsRestore?: boolean;
  setError?: number;
  getError?: number;
}

class FakeWindows {
  readonly files = new Map<string, Descriptor>();
  readonly live = new Map<bigint, Descriptor>();
  readonly sets: { path: string; info: number }[] = [];
  readonly enabled: string[] = [];
  private nextDescriptor = 0x10000n;
  private lastError = 0;
  private readonly luids = new Map<bigint, string>();

  constructor(private readonly options: FakeOptions = {}) {}

  get api(): SecurityApi {
    const path = (wide: unknown) => {
      const text = (wide as Buffer).toString("utf16le");
      assert.ok(text.endsWith("\0"), "a path is NUL-terminated UTF-16");
      return text.slice(0, -1);
    };
    return {
      getNamedSecurityInfo: (name, type, info, owner, group, dacl, sacl, sd) => {
        assert.equal(type, 1, "SE_FILE_OBJECT");
        assert.equal(info, OWNER_GROUP_DACL);
        assert.equal(sacl, null);
        if (this.options.getError) return this.options.getError;
        const file = this.files.get(path(name));
        if (!file) return 2;
        const address = (this.nextDescriptor += 0x100n);
        this.live.set(address, file);
        (owner as Buffer).writeBigUInt64LE(file.owner);
        (group as Buffer).writeBigUInt64LE(file.group);
        (dacl as Buffer).writeBigUInt64LE(file.dacl);
        (sd as Buffer).writeBigUInt64LE(address);
        return 0;
      },
      getSecurityDescriptorControl: (sd, control, revision) => {
        const file = this.live.get(sd as bigint);
        if (!file) return (this.lastError = 1338), 0;
        (control as Buffer).writeUInt16LE(file.protectedDacl ? SE_DACL_PROTECTED | 0x8004 : 0x8004);
        (revision as Buffer).writeUInt32LE(1);
        return 1;
      },
      setNamedSecurityInfo: (name, type, info, owner, group, dacl, sacl) => {
        assert.equal(type, 1);
        assert.equal(sacl, 0n);
        const info32 = info as number;
        this.sets.push({ path: path(name), info: info32 });
        if (this.options.setError) return this.options.setError;
        const allowed = this.options.ownersWithoutPrivilege ?? [owner as bigint];
        if (!allowed.includes(owner as bigint) && !this.enabled.includes("SeRestorePrivilege")) return 1307;
        assert.equal(info32 & OWNER_GROUP_DACL, OWNER_GROUP_DACL);
        assert.notEqual(Boolean(info32 & PROTECTED_DACL), Boolean(info32 & UNPROTECTED_DACL), "exactly one of PROTECTED_ and UNPROTECTED_DACL");
        this.files.set(path(name), { owner: owner as bigint, group: group as bigint, dacl: dacl as bigint, protectedDacl: Boolean(info32 & PROTECTED_DACL) });
        return 0;
      },
      localFree: (sd) => {
        assert.ok(this.live.delete(sd as bigint), "frees a descriptor GetNamedSecurityInfoW gave, once");
        return 0n;
      },
      getLastError: () => this.lastError,
      getCurrentProcess: () => 0xffff_ffff_ffff_ffffn,
      openProcessToken: (process, access, token) => {
        assert.equal(process, 0xffff_ffff_ffff_ffffn);
        assert.equal(access, 0x28, "TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY");
        (token as Buffer).writeBigUInt64LE(0x44n);
        return 1;
      },
      lookupPrivilegeValue: (system, name, luid) => {
        assert.equal(system, null);
        this.luids.set(0x13n, path(name));
        (luid as Buffer).writeBigUInt64LE(0x13n);
        return 1;
      },
      adjustTokenPrivileges: (token, disableAll, privileges, length, previous, returned) => {
        assert.deepEqual([token, disableAll, length, previous, returned], [0x44n, 0, 0, null, null]);
        const p = privileges as Buffer;
        assert.equal(p.readUInt32LE(0), 1);
        assert.equal(p.readUInt32LE(12), 2, "SE_PRIVILEGE_ENABLED");
        const name = this.luids.get(p.readBigUInt64LE(4))!;
        if (this.options.tokenHoldsRestore === false) this.lastError = 1300;
        else {
          this.lastError = 0;
          this.enabled.push(name);
        }
        return 1;
      },
      closeHandle: (handle) => {
        assert.equal(handle, 0x44n);
        return 1;
      },
    };
  }
}

const OLD = "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config";
const NEW = "C:\\Windows\\System32\\inetsrv\\config\\.applicationHost.config.certrebind-0a1b2c3d.tmp";
const INHERITED_ONLY: Descriptor = { owner: 0x900n, group: 0x910n, dacl: 0x920n, protectedDacl: false };

for (const protectedDacl of [true, false]) {
  test(`the replacement gets the owner, group and ${protectedDacl ? "protected" : "inheriting"} DACL of the file it replaces; the descriptor read is freed`, async () => {
    const windows = new FakeWindows();
    windows.files.set(OLD, { owner: 0x100n, group: 0x110n, dacl: 0x120n, protectedDacl });
    windows.files.set(NEW, INHERITED_ONLY);
    await keepFileSecurity(windows.api)(OLD, NEW);
    assert.deepEqual(windows.files.get(NEW), windows.files.get(OLD));
    assert.deepEqual(windows.sets, [{ path: NEW, info: (OWNER_GROUP_DACL | (protectedDacl ? PROTECTED_DACL : UNPROTECTED_DACL)) >>> 0 }]);
    assert.equal(windows.live.size, 0);
  });
}

test("an owner the caller may not set: SeRestorePrivilege is enabled once and the descriptor set again", async () => {
  const windows = new FakeWindows({ ownersWithoutPrivilege: [0x900n] });
  windows.files.set(OLD, { owner: 0x100n, group: 0x110n, dacl: 0x120n, protectedDacl: true });
  windows.files.set(NEW, INHERITED_ONLY);
  const keep = keepFileSecurity(windows.api);
  await keep(OLD, NEW);
  assert.deepEqual(windows.enabled, ["SeRestorePrivilege"]);
  assert.deepEqual(windows.files.get(NEW), windows.files.get(OLD));
  assert.equal(windows.sets.length, 2);
  await keep(OLD, NEW);
  assert.deepEqual(windows.enabled, ["SeRestorePrivilege"]);
  assert.equal(windows.live.size, 0);
});

test("a token without SeRestorePrivilege: the call fails naming AdjustTokenPrivileges, ERROR_NOT_ALL_ASSIGNED (1300)", async () => {
  const windows = new FakeWindows({ ownersWithoutPrivilege: [0x900n], tokenHoldsRestore: false });
  windows.files.set(OLD, { owner: 0x100n, group: 0x110n, dacl: 0x120n, protectedDacl: false });
  windows.files.set(NEW, INHERITED_ONLY);
  await assert.rejects(keepFileSecurity(windows.api)(OLD, NEW), (error: unknown) =>
    error instanceof Win32CallError && error.code === "CR4006" && error.functionName === "AdjustTokenPrivileges" && error.errorCode === 1300 &&
    error.message.startsWith("AdjustTokenPrivileges failed: ERROR_NOT_ALL_ASSIGNED (1300)"),
  );
  assert.deepEqual(windows.files.get(NEW), INHERITED_ONLY);
  assert.equal(windows.live.size, 0);
});

test("SetNamedSecurityInfoW refused: the error names the function and ERROR_ACCESS_DENIED (5); the descriptor is freed", async () => {
  const windows = new FakeWindows({ setError: 5 });
  windows.files.set(OLD, { owner: 0x100n, group: 0x110n, dacl: 0x120n, protectedDacl: true });
  windows.files.set(NEW, INHERITED_ONLY);
  await assert.rejects(keepFileSecurity(windows.api)(OLD, NEW), (error: unknown) =>
    error instanceof Win32CallError && error.message ===
      "SetNamedSecurityInfoW failed: ERROR_ACCESS_DENIED (5) (copying its security descriptor to its replacement; it was not replaced)",
  );
  assert.equal(windows.live.size, 0);
});

test("GetNamedSecurityInfoW refused: the error names it and its error; nothing is set", async () => {
  const windows = new FakeWindows({ getError: 32 });
  windows.files.set(OLD, { owner: 0x100n, group: 0x110n, dacl: 0x120n, protectedDacl: true });
  await assert.rejects(keepFileSecurity(windows.api)(OLD, NEW), (error: unknown) =>
    error instanceof Win32CallError && error.functionName === "GetNamedSecurityInfoW" && error.message.startsWith("GetNamedSecurityInfoW failed: ERROR_SHARING_VIOLATION (32)"),
  );
  assert.deepEqual(windows.sets, []);
});
