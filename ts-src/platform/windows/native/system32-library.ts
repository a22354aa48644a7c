import { win32 } from "node:path";
import type { KoffiFunction, KoffiNative } from "./koffi-native.js";

/** A Windows DLL loaded by its full path in System32, never through the DLL search path. */
export interface System32Library {
  /** One __stdcall export; throws when the DLL does not export it. */
  fn(name: string, result: string, params: string[]): KoffiFunction;
  unload(): void;
}

export function loadSystem32Library(koffi: KoffiNative, systemRoot: string, dll: string): System32Library {
  const library = koffi.load(win32.join(systemRoot, "System32", dll));
  return {
    fn: (name, result, params) => library.func("__stdcall", name, result, params),
    unload: () => library.unload?.(),
  };
}
