/** The part of koffi's native exports (koffi.node, loaded with process.dlopen) this tool uses. */
export type KoffiFunction = (...args: unknown[]) => unknown;

export interface KoffiLibrary {
  /** A function of the library; throws when the library does not export it. */
  func(convention: "__stdcall", name: string, result: string, params: string[]): KoffiFunction;
  unload?(): void;
}

export interface KoffiNative {
  readonly version: string;
  load(path: string): KoffiLibrary;
  /** The address of a Buffer's bytes (where a native function sees them). */
  address(value: unknown): bigint;
}

/** The koffi version whose native module is built in (package.json pins the same, exactly). */
export const KOFFI_VERSION = "3.3.4";
