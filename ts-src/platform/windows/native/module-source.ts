/*
 * Where koffi's native module (win32-x64) comes from: inside the single executable it is a SEA asset
 * (https://nodejs.org/docs/latest-v22.x/api/single-executable-applications.html#assets), whose SHA-256 the build
 * wrote into the bundle; run from source, it is the file npm installed from `@koromix/koffi-win32-x64`.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Replaced by the bundler (scripts/bundle.mjs) with the SHA-256 of the asset it builds in; absent from source. */
declare const __KOFFI_NODE_SHA256__: string | undefined;

export const KOFFI_ASSET = "koffi-win32-x64.node";

export type ModuleSource =
  | { from: "asset"; bytes: Buffer; expectedSha256: string | null }
  | { from: "file"; path: string };

export function koffiModuleSource(): ModuleSource {
  const require = createRequire(import.meta.url);
  const sea = require("node:sea") as { isSea(): boolean; getAsset(key: string): ArrayBuffer };
  if (sea.isSea()) {
    const expectedSha256 = typeof __KOFFI_NODE_SHA256__ === "string" ? __KOFFI_NODE_SHA256__ : null;
    return { from: "asset", bytes: Buffer.from(sea.getAsset(KOFFI_ASSET)), expectedSha256 };
  }
  return { from: "file", path: join(dirname(require.resolve("@koromix/koffi-win32-x64/package.json")), "win32_x64", "koffi.node") };
}
