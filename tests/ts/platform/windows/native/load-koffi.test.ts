import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CertRebindError } from "../../../../../ts-src/core/errors.js";
import { loadKoffi, type KoffiLoadOptions } from "../../../../../ts-src/platform/windows/native/load-koffi.js";
import { nativeFolder } from "../../../../../ts-src/platform/windows/native/native-folder.js";
import { testDir } from "../../../support/snapshot.js";

const BYTES = Buffer.from("MZ not really a koffi.node, but bytes with a hash");
const SHA = createHash("sha256").update(BYTES).digest("hex");
const KOFFI = { version: "3.3.4", load: () => assert.fail("no library is loaded here"), address: () => 0n };

function setup(overrides: Partial<KoffiLoadOptions> = {}) {
  const root = testDir();
  const loaded: string[] = [];
  const guarded: string[] = [];
  const options: KoffiLoadOptions = {
    env: {},
    guard: async (folder) => void guarded.push(folder),
    elevated: () => false,
    source: () => ({ from: "asset", bytes: BYTES, expectedSha256: SHA }),
    dlopen: (module, path) => {
      loaded.push(path);
      assert.ok(readFileSync(path).equals(BYTES), "the file loaded holds the checked bytes");
      module.exports = KOFFI;
    },
    folderFor: (elevated) => join(root, elevated ? "ProgramData" : "LocalAppData", "CertRebind", "native"),
    ...overrides,
  };
  return { root, loaded, guarded, options };
}

async function refused(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof CertRebindError, String(error));
    assert.equal(error.code, "CR4007");
    assert.equal(error.exitCode, 4);
    assert.match(error.message, /^The native module that talks to the HTTP Server API cannot be loaded safely: /);
    assert.match(error.message, pattern);
    assert.match(error.message, /To fix: /);
    return true;
  });
}

describe("loadKoffi", () => {
  it("writes the checked asset to koffi-<sha256>.node in the user's folder and loads that file", async () => {
    const { root, loaded, guarded, options } = setup();
    assert.equal(await loadKoffi(options), KOFFI);
    const expected = join(root, "LocalAppData", "CertRebind", "native", `koffi-${SHA}.node`);
    assert.deepEqual(loaded, [expected]);
    assert.deepEqual(guarded, [], "a run that is not elevated needs no admin-only folder");
    assert.deepEqual(readdirSync(join(root, "LocalAppData", "CertRebind", "native")), [`koffi-${SHA}.node`], "no temporary file is left");
  });

  it("has an elevated run's folder made admin-only by the guard before anything is written, and loads from there", async () => {
    const { root, loaded, guarded, options } = setup({ elevated: () => true });
    const folder = join(root, "ProgramData", "CertRebind", "native");
    options.guard = async (path) => {
      guarded.push(path);
      assert.equal(existsSync(path), false, "nothing was written before the guard");
      mkdirSync(path, { recursive: true });
    };
    await loadKoffi(options);
    assert.deepEqual(guarded, [folder]);
    assert.deepEqual(loaded, [join(folder, `koffi-${SHA}.node`)]);
  });

  it("refuses with CR4007 and writes nothing when the guard refuses the folder", async () => {
    const { root, loaded, options } = setup({ elevated: () => true });
    options.guard = async () => {
      throw new CertRebindError("CR4007", "The native module that talks to the HTTP Server API cannot be loaded safely: Users may change it. Nothing was read or changed. To fix: delete it.", 4);
    };
    await refused(loadKoffi(options), /Users may change it/);
    assert.deepEqual(loaded, []);
    assert.equal(existsSync(join(root, "ProgramData")), false);
  });

  it("refuses an asset whose bytes are not the ones the build recorded, before writing anything", async () => {
    const { root, loaded, options } = setup({ source: () => ({ from: "asset", bytes: Buffer.concat([BYTES, Buffer.from([0])]), expectedSha256: SHA }) });
    await refused(loadKoffi(options), new RegExp(`not ${SHA} as built`));
    assert.deepEqual(loaded, []);
    assert.equal(existsSync(join(root, "LocalAppData")), false);
  });

  it("refuses an executable built without the recorded SHA-256", async () => {
    const { loaded, options } = setup({ source: () => ({ from: "asset", bytes: BYTES, expectedSha256: null }) });
    await refused(loadKoffi(options), /the build recorded no SHA-256/);
    assert.deepEqual(loaded, []);
  });

  it("replaces a file of that name that holds other bytes, and loads only the checked bytes", async () => {
    const { root, loaded, options } = setup();
    const folder = join(root, "LocalAppData", "CertRebind", "native");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `koffi-${SHA}.node`), "planted");
    await loadKoffi(options);
    assert.equal(loaded.length, 1);
    assert.ok(readFileSync(loaded[0]!).equals(BYTES));
  });

  it("refuses a module that is not koffi 3.3.4", async () => {
    const { options } = setup({ dlopen: (module) => void (module.exports = { ...KOFFI, version: "2.9.0" }) });
    await refused(loadKoffi(options), /is koffi 2\.9\.0, not 3\.3\.4/);
  });

  it("loads the file npm installed, where it is, when run from source", async () => {
    const { loaded, options } = setup({ source: () => ({ from: "file", path: "C:\\repo\\node_modules\\@koromix\\koffi-win32-x64\\win32_x64\\koffi.node" }) });
    options.dlopen = (module, path) => {
      loaded.push(path);
      module.exports = KOFFI;
    };
    await loadKoffi(options);
    assert.deepEqual(loaded, ["C:\\repo\\node_modules\\@koromix\\koffi-win32-x64\\win32_x64\\koffi.node"]);
  });
});

describe("nativeFolder", () => {
  it("is %ProgramData%\\CertRebind\\native when elevated and %LOCALAPPDATA%\\CertRebind\\native otherwise", () => {
    const env = { ProgramData: "C:\\ProgramData", LOCALAPPDATA: "C:\\Users\\ann\\AppData\\Local" };
    assert.equal(nativeFolder(env, true), "C:\\ProgramData\\CertRebind\\native");
    assert.equal(nativeFolder(env, false), "C:\\Users\\ann\\AppData\\Local\\CertRebind\\native");
  });

  it("refuses with CR4007 when the variable is missing or not a folder path", () => {
    assert.throws(() => nativeFolder({}, false), /%LOCALAPPDATA% is not set/);
    assert.throws(() => nativeFolder({ ProgramData: "\\\\server\\share" }, true), /%ProgramData% is '\\\\server\\share', not a folder path/);
  });
});
