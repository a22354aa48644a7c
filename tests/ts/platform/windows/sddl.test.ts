import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ADMINISTRATORS, nonAdminWriters, parseSddl, SddlError, TRUSTED_INSTALLER } from "../../../../ts-src/platform/windows/sddl.js";

/*
 * SDDL as `(Get-Acl -LiteralPath 'C:\Program Files').Sddl` prints it for the default ACL of Program Files on Windows
 * Server 2016–2022 (TrustedInstaller full control, SYSTEM and Administrators modify, Users, application packages
 * read and execute, CREATOR OWNER inherit-only). INFERRED from the documented default permissions; no capture from a
 * real server was available, so the SIDs and rights are what Microsoft documents, not a recording.
 */
const TI = TRUSTED_INSTALLER;
const PROGRAM_FILES =
  `O:${TI}G:${TI}D:PAI(A;;FA;;;${TI})(A;CIIO;GA;;;${TI})(A;;0x1301bf;;;SY)(A;OICIIO;GA;;;SY)(A;;0x1301bf;;;BA)` +
  "(A;OICIIO;GA;;;BA)(A;;0x1200a9;;;BU)(A;OICIIO;GXGR;;;BU)(A;OICIIO;GA;;;CO)(A;;0x1200a9;;;AC)(A;OICIIO;GXGR;;;AC)" +
  "(A;;0x1200a9;;;S-1-15-2-2)(A;OICIIO;GXGR;;;S-1-15-2-2)";
/** A folder an elevated administrator created under it: owner Administrators, every ACE inherited. */
const NEW_FOLDER =
  `O:BAG:S-1-5-21-1004336348-1177238915-682003330-513D:AI(A;ID;FA;;;${TI})(A;CIIOID;GA;;;${TI})(A;ID;FA;;;SY)` +
  "(A;OICIIOID;GA;;;SY)(A;ID;FA;;;BA)(A;OICIIOID;GA;;;BA)(A;ID;0x1200a9;;;BU)(A;OICIIOID;GXGR;;;BU)(A;OICIIOID;GA;;;CO)" +
  "(A;ID;0x1200a9;;;AC)(A;OICIIOID;GXGR;;;AC)";
const ADMIN_USER = "S-1-5-21-1004336348-1177238915-682003330-500";

describe("parseSddl", () => {
  it("reads the owner and every ACE with SID aliases resolved and rights as a mask", () => {
    const descriptor = parseSddl(NEW_FOLDER);
    assert.equal(descriptor.owner, "S-1-5-32-544");
    assert.equal(descriptor.dacl!.length, 11);
    assert.deepEqual(descriptor.dacl![6], { type: "A", flags: ["ID"], rights: 0x1200a9, sid: "S-1-5-32-545" });
    assert.deepEqual(descriptor.dacl![7], { type: "A", flags: ["OI", "CI", "IO", "ID"], rights: 0xa0000000, sid: "S-1-5-32-545" });
    assert.equal(descriptor.dacl![4]!.rights, 0x1f01ff);
  });

  it("knows a missing DACL and NO_ACCESS_CONTROL", () => {
    assert.equal(parseSddl("O:BAG:SY").dacl, null);
    assert.equal(parseSddl("O:BAD:NO_ACCESS_CONTROL").dacl, null);
    assert.deepEqual(parseSddl("O:BAD:P").dacl, []);
  });

  for (const bad of ["O:BAD:(A;;FA;;;SY", "D:(A;;FA;;SY)", "D:(A;;QQ;;;SY)", "D:(A;;FA;;;nobody)", "garbage"]) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.throws(() => parseSddl(bad), SddlError));
  }
});

describe("nonAdminWriters", () => {
  it("finds no one in the default Program Files ACL or a folder an administrator made in it", () => {
    assert.deepEqual(nonAdminWriters(PROGRAM_FILES), []);
    assert.deepEqual(nonAdminWriters(NEW_FOLDER), []);
  });

  const cases: [string, string, RegExp][] = [
    ["Users may modify", `${NEW_FOLDER}(A;OICI;0x1301bf;;;BU)`, /^Users \(S-1-5-32-545\) may change it \(rights 0x1301bf\)$/],
    ["Everyone may write", `${NEW_FOLDER}(A;;FW;;;WD)`, /^Everyone \(S-1-1-0\) may change it/],
    ["Authenticated Users have full control", `${NEW_FOLDER}(A;OICI;FA;;;AU)`, /^Authenticated Users \(S-1-5-11\)/],
    ["a user may add files", `${NEW_FOLDER}(A;;0x2;;;S-1-5-21-1-2-3-1001)`, /^S-1-5-21-1-2-3-1001 may change it \(rights 0x2\)/],
    ["a user may delete it", `${NEW_FOLDER}(A;;SD;;;BU)`, /^Users .* \(rights 0x10000\)/],
    ["a user may change its permissions", `${NEW_FOLDER}(A;;WD;;;BU)`, /rights 0x40000/],
    ["a user may take ownership", `${NEW_FOLDER}(A;;0x80000;;;BU)`, /rights 0x80000/],
    ["generic write is granted", `${NEW_FOLDER}(A;;GW;;;IU)`, /^Interactive \(S-1-5-4\) may change it \(rights 0x40000000\)/],
  ];
  for (const [name, sddl, message] of cases) {
    it(`reports it when ${name}`, () => {
      const reasons = nonAdminWriters(sddl);
      assert.equal(reasons.length, 1, reasons.join(" | "));
      assert.match(reasons[0]!, message);
    });
  }

  it("reports an owner who is not an administrator, unless that user is known to be one (the elevated user)", () => {
    const owned = NEW_FOLDER.replace("O:BA", `O:${ADMIN_USER}`);
    assert.match(nonAdminWriters(owned)[0]!, /its owner S-1-5-21-.*-500 is not an administrator/);
    assert.deepEqual(nonAdminWriters(owned, new Set([...ADMINISTRATORS, ADMIN_USER])), []);
  });

  it("reports a missing DACL", () => {
    assert.match(nonAdminWriters("O:BAG:SYD:NO_ACCESS_CONTROL")[0]!, /no access control list/);
  });

  it("ignores inherit-only ACEs, deny ACEs, read and execute rights, CREATOR OWNER and OWNER RIGHTS", () => {
    const sddl = `${NEW_FOLDER}(A;OICIIO;FA;;;BU)(D;;FA;;;WD)(A;;FRFX;;;WD)(A;;FA;;;CO)(A;;FA;;;OW)(A;;0x1200a9;;;AU)`;
    assert.deepEqual(nonAdminWriters(sddl), []);
  });

  it("names each principal once", () => {
    assert.equal(nonAdminWriters(`${NEW_FOLDER}(A;;FW;;;BU)(A;;FA;;;BU)`).length, 1);
  });
});
