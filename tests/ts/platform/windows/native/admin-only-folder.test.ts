import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CertRebindError } from "../../../../../ts-src/core/errors.js";
import { ADMIN_ONLY_SDDL, judgeAdminOnlyFolder, powershellFolderGuard } from "../../../../../ts-src/platform/windows/native/admin-only-folder.js";
import type { ToolRunner } from "../../../../../ts-src/platform/windows/tool-runner.js";

const FOLDER = "C:\\ProgramData\\CertRebind\\native";
const PARENT = "C:\\ProgramData\\CertRebind";
const ADMIN_ONLY = "O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";
/** A folder made under %ProgramData% with the rights it inherits (Users may read and add files and folders). */
const INHERITED_FROM_PROGRAMDATA = "O:BAG:SYD:AI(A;OICIIOID;FA;;;CO)(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;0x1200a9;;;BU)(A;CIID;0x116;;;BU)";
const USER = "S-1-5-21-1004336348-1177238915-682003330-1001";

const report = (folder: string, parent: string, extra: object = {}) => JSON.stringify({ user: "S-1-5-18", elevated: true, folder, parent, ...extra });

function judged(stdout: string): string | null {
  try {
    judgeAdminOnlyFolder(stdout, FOLDER, PARENT);
    return null;
  } catch (error) {
    assert.ok(error instanceof CertRebindError);
    assert.equal(error.code, "CR4007");
    return error.message;
  }
}

describe("judgeAdminOnlyFolder", () => {
  it("accepts a folder only SYSTEM and Administrators may change, in a parent others may only add to", () => {
    assert.equal(judged(report(ADMIN_ONLY, INHERITED_FROM_PROGRAMDATA)), null);
    assert.equal(judged(report(ADMIN_ONLY, ADMIN_ONLY)), null);
  });

  it("refuses a folder that Users may write to", () => {
    assert.match(judged(report(INHERITED_FROM_PROGRAMDATA, ADMIN_ONLY)) ?? "", /C:\\ProgramData\\CertRebind\\native can be changed by non-administrators \(Users \(S-1-5-32-545\) may change it/);
  });

  it("refuses a folder whose owner is not an administrator", () => {
    assert.match(judged(report(`O:${USER}D:PAI(A;OICI;FA;;;SY)`, ADMIN_ONLY)) ?? "", /its owner .* is not an administrator/);
  });

  it("refuses a parent that someone else owns (it could be renamed away with the folder) or lets others delete children", () => {
    assert.match(judged(report(ADMIN_ONLY, `O:${USER}D:PAI(A;OICI;FA;;;SY)`)) ?? "", /can be replaced through C:\\ProgramData\\CertRebind: its owner S-1-5-21-.* is not an administrator/);
    assert.match(judged(report(ADMIN_ONLY, "O:BAD:PAI(A;OICI;FA;;;BA)(A;;0x40;;;WD)")) ?? "", /S-1-1-0 may delete or rename what is in it \(rights 0x40\)/);
    assert.match(judged(report(ADMIN_ONLY, "O:BAD:NO_ACCESS_CONTROL")) ?? "", /it has no access control list/);
  });

  it("refuses output that is not the report, and an SDDL it cannot read", () => {
    assert.match(judged("WARNING: something") ?? "", /printed no JSON/);
    assert.match(judged(report(ADMIN_ONLY, "O:BAD:(A;;FA;;") ) ?? "", /the permissions of .* cannot be read/);
    assert.match(judged(JSON.stringify({ elevated: true })) ?? "", /cannot be read \(no SDDL was printed\)/);
  });
});

describe("powershellFolderGuard", () => {
  it("runs one PowerShell that makes the folder with the admin-only SDDL under a fresh name, renames it into place and prints both SDDLs", async () => {
    const calls: string[][] = [];
    const run: ToolRunner = async (file, args) => {
      calls.push([file, ...args]);
      return { exitCode: 0, stdout: report(ADMIN_ONLY, INHERITED_FROM_PROGRAMDATA), stderr: "" };
    };
    await powershellFolderGuard(run)(FOLDER);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]![0], "powershell.exe");
    const script = Buffer.from(calls[0]!.at(-1)!, "base64").toString("utf16le");
    assert.ok(script.includes(`$sddl = '${ADMIN_ONLY_SDDL}'`));
    assert.ok(script.includes(`@('${PARENT}', '${FOLDER}')`));
    assert.match(script, /SetSecurityDescriptorSddlForm\(\$sddl\)[\s\S]*Set-Acl[\s\S]*Rename-Item/);
  });

  it("turns a failing PowerShell into CR4007 with what to do", async () => {
    const run: ToolRunner = async () => ({ exitCode: 1, stdout: "", stderr: "Cannot find type [System.Security.AccessControl]: Language mode\r\n" });
    await assert.rejects(powershellFolderGuard(run)(FOLDER), (error: unknown) => {
      assert.ok(error instanceof CertRebindError && error.code === "CR4007");
      assert.match(error.message, /could not be made or checked \(PowerShell exit code 1: Cannot find type/);
      assert.match(error.message, /To fix: create it with only SYSTEM and Administrators allowed \(SDDL O:BAD:PAI/);
      return true;
    });
  });

  it("refuses a path that could end the script's string literal, starting nothing", async () => {
    const calls: string[] = [];
    const run: ToolRunner = async (file) => {
      calls.push(file);
      return { exitCode: 0, stdout: "", stderr: "" };
    };
    await assert.rejects(powershellFolderGuard(run)("C:\\ProgramData\\Cert'; Remove-Item C:\\ -Recurse; '\\native"), /not a folder path for the native module/);
    assert.deepEqual(calls, []);
  });
});
