/*
 * Loads koffi's native module, the only native code this tool runs. Its own JavaScript loader is not used: it
 * searches several folders for a koffi.node, and only the exact file checked here may be loaded.
 *
 * Inside the executable: the module's bytes (a SEA asset) are checked against the SHA-256 the build recorded,
 * written to koffi-<sha256>.node in the native folder (native-folder.ts), and that file's bytes are checked
 * again just before process.dlopen. An elevated run writes only into a folder the FolderGuard has made or
 * found such that only Administrators and SYSTEM can change it, so nobody else can swap the file between the
 * check and the load. The module imports only KERNEL32.dll and ADVAPI32.dll, which are KnownDLLs the loader
 * takes from System32, never from the module's folder.
 * Run from source (tests, tsx), it is the file npm installed, loaded where it is.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { KOFFI_VERSION, type KoffiNative } from "./koffi-native.js";
import { koffiModuleSource, type ModuleSource } from "./module-source.js";
import { isElevated, nativeFolder, nativeModuleRefused, type FolderGuard } from "./native-folder.js";

export interface KoffiLoadOptions {
  env: NodeJS.ProcessEnv;
  /** Makes and checks the folder of an elevated run. */
  guard: FolderGuard;
  elevated?: () => boolean;
  source?: () => ModuleSource;
  dlopen?: (module: { exports: unknown }, path: string) => void;
  /** The folder for this elevation (tests on another OS); nativeFolder of `env` by default. */
  folderFor?: (elevated: boolean) => string;
}

export async function loadKoffi(options: KoffiLoadOptions): Promise<KoffiNative> {
  const dlopen = options.dlopen ?? ((module, path) => process.dlopen(module, path));
  let source: ModuleSource;
  try {
    source = (options.source ?? koffiModuleSource)();
  } catch (error) {
    throw nativeModuleRefused(`it is not in this build (${(error as Error).message})`, "use an executable built by ./build.sh Build, or run from a checkout where npm installed @koromix/koffi-win32-x64", error);
  }
  const path = source.from === "file" ? source.path : await writeChecked(source, options);
  const module = { exports: {} as unknown };
  try {
    dlopen(module, path);
  } catch (error) {
    throw nativeModuleRefused(`${path} did not load (${(error as Error).message})`, "check that this is 64-bit Windows and that nothing blocks the file", error);
  }
  const koffi = module.exports as KoffiNative;
  if (koffi.version !== KOFFI_VERSION) {
    throw nativeModuleRefused(`${path} is koffi ${String(koffi.version)}, not ${KOFFI_VERSION}`, "rebuild the executable");
  }
  return koffi;
}

async function writeChecked(source: Extract<ModuleSource, { from: "asset" }>, options: KoffiLoadOptions): Promise<string> {
  const sha256 = sha256Of(source.bytes);
  if (source.expectedSha256 === null || sha256 !== source.expectedSha256) {
    throw nativeModuleRefused(
      source.expectedSha256 === null ? "the build recorded no SHA-256 for it" : `its bytes have SHA-256 ${sha256}, not ${source.expectedSha256} as built`,
      "download or build the executable again: this one was changed after it was built",
    );
  }
  const elevated = (options.elevated ?? isElevated)();
  const folder = (options.folderFor ?? ((e: boolean) => nativeFolder(options.env, e)))(elevated);
  if (elevated) await options.guard(folder);
  else {
    await mkdir(folder, { recursive: true }).catch((error: unknown) => {
      throw nativeModuleRefused(`${folder} cannot be created (${(error as Error).message})`, "make that folder writable for this user", error);
    });
  }
  const path = join(folder, `koffi-${sha256}.node`);
  const existing = await readFile(path).catch(() => null);
  if (existing === null || sha256Of(existing) !== sha256) {
    const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, source.bytes, { flag: "wx" });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw nativeModuleRefused(`${path} cannot be written (${(error as Error).message})`, `make ${folder} writable for this account`, error);
    }
  }
  const written = await readFile(path);
  if (sha256Of(written) !== sha256) {
    throw nativeModuleRefused(`${path} does not hold the bytes just written (SHA-256 ${sha256Of(written)})`, `check what else writes to ${folder}`);
  }
  return path;
}

function sha256Of(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
