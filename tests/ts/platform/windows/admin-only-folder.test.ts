import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { join } from "node:path";
import { CertRebindError, ExitCode } from "../../../../ts-src/core/errors.js";
import { FileHostState, unguardedState, type StateFolderGuard } from "../../../../ts-src/platform/files/file-host-state.js";
import { WindowsHost } from "../../../../ts-src/platform/windows/windows-host.js";
import { testDir } from "../../support/snapshot.js";
import { ADMIN_ONLY_GRANTS, ensureAdminOnlyFolder, foldersFromRoot, verifyAdminOnly, type FolderOps } from "../../../../ts-src/platform/windows/admin-only-folder.js";
import { daclProtected, nonAdminFolderWriters } from "../../../../ts-src/platform/windows/sddl.js";
import type { ToolRunner } from "../../../../ts-src/platform/windows/tool-runner.js";

/*
 * The default DACL of C:\ProgramData, written as SDDL from Sysinternals accesschk's listing of it
 * (https://pastebin.com/kf7ZLSM0): protected; SYSTEM and Administrators full control (OI CI); CREATOR OWNER generic
 * all, inherit only; Users list/read/traverse (0x1200a9, OI CI); Users add file, add subdirectory, write attributes
 * and extended attributes (0x116, CI only). Microsoft documents that the folder lets standard users store data
 * without elevation (https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-shell-setup-folderlocations-programdata).
 * INFERRED: the rights are accesschk's, the SDDL text is assembled from them (not a Get-Acl recording).
 */
const PROGRAM_DATA = "O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICIIO;GA;;;CO)(A;OICI;0x1200a9;;;BU)(A;CI;0x116;;;BU)";
/** A folder SYSTEM creates in it without setting its ACL (the state folder until now): every ACE inherited. */
const INHERITING = "O:SYG:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIIOID;GA;;;CO)(A;OICIID;0x1200a9;;;BU)(A;CIID;0x116;;;BU)";
/** The same folder created by a user (planted): the user owns it, and CREATOR OWNER's ACE became theirs. */
const USER = "S-1-5-21-1004336348-1177238915-682003330-1001";
const PLANTED = `O:${USER}G:${USER}D:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;FA;;;${USER})(A;OICIID;0x1200a9;;;BU)(A;CIID;0x116;;;BU)`;
/** After `icacls <folder> /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F`. */
const ADMIN_ONLY = "O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";
/** A file created in an administrators-only folder: it inherits SYSTEM and Administrators only. */
const ADMIN_ONLY_FILE = "O:SYG:SYD:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)";

describe("who may change a folder under %ProgramData% (SDDL)", () => {
  it("the default ProgramData DACL lets Users create files and folders", () => {
    assert.match(nonAdminFolderWriters(PROGRAM_DATA).join("; "), /Users \(S-1-5-32-545\) may change/);
  });
  it("a folder created there with inherited rights does too (the state folder of earlier versions)", () => {
    assert.match(nonAdminFolderWriters(INHERITING).join("; "), /Users \(S-1-5-32-545\) may change it \(rights 0x116\)/);
    assert.equal(daclProtected(INHERITING), false);
  });
  it("a folder a user created is theirs", () => {
    const reasons = nonAdminFolderWriters(PLANTED).join("; ");
    assert.match(reasons, new RegExp(`its owner ${USER} is not an administrator`));
    assert.match(reasons, new RegExp(`${USER} may change it`));
  });
  it("SYSTEM and Administrators only, inheritance off: nobody else", () => {
    assert.deepEqual(nonAdminFolderWriters(ADMIN_ONLY), []);
    assert.equal(daclProtected(ADMIN_ONLY), true);
    assert.deepEqual(nonAdminFolderWriters(ADMIN_ONLY_FILE), []);
  });
  it("rights that only new files would inherit count for a folder", () => {
    assert.match(nonAdminFolderWriters(`${ADMIN_ONLY}(A;OICIIO;0x116;;;BU)`).join(), /what is created in it/);
    assert.deepEqual(nonAdminFolderWriters(`${ADMIN_ONLY}(A;OICI;0x1200a9;;;BU)`), [], "reading is fine");
  });
});

describe("foldersFromRoot", () => {
  it("lists %ProgramData%\\CertRebind and each folder below it down to the one asked for", () => {
    assert.deepEqual(foldersFromRoot("C:\\ProgramData", "C:\\ProgramData\\CertRebind\\native"), ["C:\\ProgramData\\CertRebind", "C:\\ProgramData\\CertRebind\\native"]);
    assert.deepEqual(foldersFromRoot("C:\\ProgramData\\", "C:\\ProgramData\\CertRebind"), ["C:\\ProgramData\\CertRebind"]);
  });
  for (const outside of ["C:\\ProgramData", "C:\\ProgramData\\Other\\state", "C:\\ProgramData\\CertRebind\\..\\x", "D:\\CertRebind\\state", "\\\\server\\share\\CertRebind", "C:\\ProgramData\\CertRebind\\a'b"]) {
    it(`refuses ${outside}`, () => assert.throws(() => foldersFromRoot("C:\\ProgramData", outside), /not a folder under/));
  }
});

/** Windows as the folder code sees it: folders with their SDDL and entries; icacls and the ACL script act on them. */
function fakeWindows(initial: Record<string, { sddl: string; entries?: number | null }>, hooks: { afterMkdir?: (path: string) => void; icaclsExit?: number } = {}) {
  // entries: a folder's number of entries; null for a file.
  const folders = new Map(Object.entries(initial).map(([path, v]) => [path, { sddl: v.sddl, entries: v.entries === undefined ? 0 : v.entries }]));
  const calls: string[] = [];
  const run: ToolRunner = async (file, args) => {
    if (file === "icacls.exe") {
      calls.push(`icacls ${args.join(" ")}`);
      if (hooks.icaclsExit) return { exitCode: hooks.icaclsExit, stdout: "", stderr: "Access is denied." };
      const folder = folders.get(args[0]!)!;
      assert.deepEqual(args.slice(1), ["/inheritance:r", "/grant:r", ...ADMIN_ONLY_GRANTS]);
      folder.sddl = ADMIN_ONLY;
      return { exitCode: 0, stdout: "processed file", stderr: "" };
    }
    assert.equal(file, "powershell.exe");
    const script = Buffer.from(args.at(-1)!, "base64").toString("utf16le");
    const paths = [...script.match(/foreach \(\$path in @\(([^)]*)\)\)/)![1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
    calls.push(`acl ${paths.join(" ")}`);
    const items = paths.map((path) => {
      const folder = folders.get(path);
      return folder ? { path, exists: true, sddl: folder.sddl, entries: folder.entries } : { path, exists: false, sddl: null, entries: null };
    });
    return { exitCode: 0, stdout: JSON.stringify({ user: "S-1-5-18", elevated: true, items }), stderr: "" };
  };
  const ops: FolderOps = {
    mkdir: async (path) => {
      calls.push(`mkdir ${path}`);
      folders.set(path, { sddl: INHERITING, entries: 0 });
      hooks.afterMkdir?.(path);
    },
    rename: async (from, to) => {
      calls.push(`rename ${from} -> ${to}`);
      if (folders.has(to)) throw Object.assign(new Error("EPERM: operation not permitted, rename"), { code: "EPERM" });
      folders.set(to, folders.get(from)!);
      folders.delete(from);
    },
    rm: async (path) => {
      calls.push(`rm ${path}`);
      folders.delete(path);
    },
  };
  return { run, ops, folders, calls };
}

const ROOT = "C:\\ProgramData\\CertRebind";
const STATE = `${ROOT}\\state`;
const temporaryOf = (calls: string[], name: string) => calls.find((c) => c.startsWith("mkdir ") && c.includes(`\\.${name}.`))!.slice("mkdir ".length);

describe("ensureAdminOnlyFolder", () => {
  it("creates each missing folder under a temporary name, SYSTEM and Administrators only, checks it, then renames it into place", async () => {
    const windows = fakeWindows({});
    await ensureAdminOnlyFolder(windows.run, "C:\\ProgramData", STATE, windows.ops);
    assert.equal(windows.folders.get(ROOT)?.sddl, ADMIN_ONLY);
    assert.equal(windows.folders.get(STATE)?.sddl, ADMIN_ONLY);
    const rootTemp = temporaryOf(windows.calls, "CertRebind");
    assert.match(rootTemp, /^C:\\ProgramData\\\.CertRebind\.[0-9a-f]{8}\.tmp$/);
    assert.deepEqual(windows.calls.slice(0, 5), [
      `acl ${ROOT} ${STATE}`,
      `mkdir ${rootTemp}`,
      `icacls ${rootTemp} /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F`,
      `acl ${rootTemp}`,
      `rename ${rootTemp} -> ${ROOT}`,
    ]);
  });

  it("leaves an administrators-only folder as it is", async () => {
    const windows = fakeWindows({ [ROOT]: { sddl: ADMIN_ONLY, entries: 1 }, [STATE]: { sddl: ADMIN_ONLY_FILE.replace("D:AI(A;ID;", "D:AI(A;OICIID;").replace(")(A;ID;", ")(A;OICIID;"), entries: 4 } });
    await ensureAdminOnlyFolder(windows.run, "C:\\ProgramData", STATE, windows.ops);
    assert.deepEqual(windows.calls, [`acl ${ROOT} ${STATE}`]);
  });

  it("refuses (CR4008) a state folder others can write, and changes nothing", async () => {
    for (const sddl of [INHERITING, PLANTED]) {
      const windows = fakeWindows({ [ROOT]: { sddl: ADMIN_ONLY }, [STATE]: { sddl, entries: 2 } });
      await assert.rejects(ensureAdminOnlyFolder(windows.run, "C:\\ProgramData", STATE, windows.ops), (error: { code: string; message: string }) => {
        assert.equal(error.code, "CR4008");
        assert.match(error.message, /C:\\ProgramData\\CertRebind\\state can be changed by people other than administrators: .*icacls "C:\\ProgramData\\CertRebind\\state" \/inheritance:r/);
        return true;
      });
      assert.deepEqual(windows.calls, [`acl ${ROOT} ${STATE}`]);
    }
  });

  it("refuses a parent folder a user planted before the first run", async () => {
    const windows = fakeWindows({ [ROOT]: { sddl: PLANTED } });
    await assert.rejects(ensureAdminOnlyFolder(windows.run, "C:\\ProgramData", STATE, windows.ops), /CertRebind can be changed by people other than administrators/);
    assert.equal(windows.folders.has(STATE), false);
  });

  it("a file planted in the new folder before its rights were set makes it go, and nothing is renamed into place", async () => {
    const windows = fakeWindows({ [ROOT]: { sddl: ADMIN_ONLY } }, { afterMkdir: (path) => (windows.folders.get(path)!.entries = 1) });
    await assert.rejects(ensureAdminOnlyFolder(windows.run, "C:\\ProgramData", STATE, windows.ops), /1 entries appeared in it while it was being created/);
    assert.equal(windows.folders.has(STATE), false);
    assert.ok(windows.calls.at(-1)!.startsWith(`rm ${ROOT}\\.state.`), "the temporary folder is removed");
  });

  it("a folder someone created under the final name meanwhile is checked like any other", async () => {
    const windows = fakeWindows({ [ROOT]: { sddl: ADMIN_ONLY } }, { afterMkdir: () => windows.folders.set(STATE, { sddl: PLANTED, entries: 1 }) });
    await assert.rejects(ensureAdminOnlyFolder(windows.run, "C:\\ProgramData", STATE, windows.ops), /CR4008|can be changed by people other than administrators/);
    assert.equal(windows.folders.get(STATE)?.sddl, PLANTED, "theirs is not re-permissioned");
  });

  it("icacls failing is CR4002, and the temporary folder goes", async () => {
    const windows = fakeWindows({ [ROOT]: { sddl: ADMIN_ONLY } }, { icaclsExit: 5 });
    await assert.rejects(ensureAdminOnlyFolder(windows.run, "C:\\ProgramData", STATE, windows.ops), (error: { code: string }) => error.code === "CR4002");
    assert.deepEqual([...windows.folders.keys()], [ROOT]);
  });
});

describe("verifyAdminOnly", () => {
  it("refuses a journal, lock or backup file others can write (CR4008); reads only", async () => {
    const journal = `${STATE}\\journal.json`;
    const windows = fakeWindows({ [STATE]: { sddl: ADMIN_ONLY, entries: 1 }, [journal]: { sddl: `${ADMIN_ONLY_FILE}(A;;FA;;;${USER})`, entries: null } });
    await assert.rejects(verifyAdminOnly(windows.run, "C:\\ProgramData", [STATE, journal]), /journal\.json can be changed by people other than administrators/);
    await verifyAdminOnly(windows.run, "C:\\ProgramData", [STATE, `${STATE}\\lock`]);
    assert.ok(windows.calls.every((c) => c.startsWith("acl ")));
  });
});

describe("the Windows state folder", () => {
  it("a run on a machine where a user planted %ProgramData%\\CertRebind refuses with CR4008 before it takes the lock or writes", async () => {
    const windows = fakeWindows({ [ROOT]: { sddl: PLANTED, entries: 1 } });
    const host = new WindowsHost(windows.run, { ProgramData: "C:\\ProgramData" }, { configDir: join(testDir(), "no-iis"), elevated: () => true });
    await assert.rejects(host.state.acquireLock(0), (error: { code: string }) => error.code === "CR4008");
    // The audit never throws (a record that cannot be written is a warning): here it is not written at all.
    const audit = await host.state.appendAudit({ time: "", runId: "r", command: "", trigger: "", user: "", computer: "", exitCode: 0 });
    assert.equal(audit.written, false);
    assert.match(audit.warning ?? "", /could not be written: .*(administrators|Administrators)/);
    assert.deepEqual(windows.calls, [`acl ${ROOT} ${STATE}`, `acl ${ROOT} ${STATE}`]);
  });

  it("a run that is not elevated neither makes nor checks the folder: it has no rights a planted file could borrow", () => {
    const windows = fakeWindows({ [ROOT]: { sddl: PLANTED, entries: 1 } });
    const elevated = new WindowsHost(windows.run, { ProgramData: "C:\\ProgramData" }, { configDir: join(testDir(), "no-iis"), elevated: () => true });
    const plain = new WindowsHost(windows.run, { ProgramData: "C:\\ProgramData" }, { configDir: join(testDir(), "no-iis"), elevated: () => false });
    assert.notEqual((elevated.state as unknown as { guard: unknown }).guard, (plain.state as unknown as { guard: unknown }).guard);
    assert.equal((plain.state as unknown as { guard: unknown }).guard, unguardedState);
  });

  it("a journal is checked before it is read: a writable one is CR4008, not followed", async () => {
    const dir = testDir({ "journal.json": "{ planted" });
    const checked: string[][] = [];
    const guard: StateFolderGuard = {
      prepare: async () => {
        throw new Error("a read prepares nothing");
      },
      verify: async (paths) => {
        checked.push([...paths]);
        throw new CertRebindError("CR4008", "the journal can be changed by people other than administrators", ExitCode.Environment);
      },
    };
    const state = new FileHostState(dir, undefined, undefined, { guard });
    await assert.rejects(state.readJournal(), (error: { code: string }) => error.code === "CR4008");
    assert.deepEqual(checked, [[dir, join(dir, "journal.json")]]);
    const empty = new FileHostState(testDir(), undefined, undefined, { guard });
    assert.equal(await empty.readJournal(), null, "no journal: nothing to check, no PowerShell started");
    assert.equal(checked.length, 1);
  });

  it("a backup is checked before it is read, once its name is known to be one of the run's own", async () => {
    const runId = "20261127T000000Z-abcdef";
    const dir = testDir({ [`backups/${runId}/sslcert.txt`]: "prior bytes\n" });
    const checked: string[][] = [];
    const guard: StateFolderGuard = {
      prepare: async () => {},
      verify: async (paths) => {
        checked.push([...paths]);
        throw new CertRebindError("CR4008", "a backup can be changed by people other than administrators", ExitCode.Environment);
      },
    };
    const state = new FileHostState(dir, undefined, undefined, { guard });
    await assert.rejects(state.readJournaledBackup(`backups/${runId}/sslcert.txt`, runId), (error: { code: string }) => error.code === "CR4008");
    assert.deepEqual(checked, [[join(dir, "backups"), join(dir, "backups", runId), join(dir, "backups", runId, "sslcert.txt")]]);
    await assert.rejects(state.readJournaledBackup("C:\\Windows\\System32\\config\\SAM", runId), (error: { code: string }) => error.code === "CR1004");
    assert.equal(checked.length, 1, "a name that is not a backup's is refused before anything is looked at");
  });
});
