/**
 * What a binding kind's own adapters reach the machine through, beside the Host's ports (ts-src/kinds/<name>/): on
 * Windows its tools and native libraries, on a snapshot host its files. A Host has exactly one of the two.
 */
import type { HostWriter } from "./files/host-writer.js";
import type { KoffiNative } from "./windows/native/koffi-native.js";
import type { Registry } from "./windows/registry/registry.js";
import type { ToolRunner } from "./windows/tool-runner.js";

/** This Windows machine, for a kind's Windows adapter. */
export interface WindowsAccess {
  /** Starts a tool with an argument array, never through a shell (tool-runner.ts); tests record and answer. */
  readonly run: ToolRunner;
  /** koffi, loaded once from the administrators-only native folder (native/load-koffi.ts). */
  native(): Promise<KoffiNative>;
  /** `%SystemRoot%`: system libraries are loaded by their System32 path (native/system32-library.ts). */
  readonly systemRoot: string;
  /** HKEY_LOCAL_MACHINE's 64-bit view through advapi32's registry functions (windows/registry/registry.ts). */
  readonly registry: Registry;
}

/** A snapshot host, for a kind's snapshot adapter (docs/snapshot-host.md: each kind's snapshot form). */
export interface SnapshotAccess {
  readonly root: string;
  /** Writes host files atomically, journaled, never outside the root (json-host-file.ts edits through it). */
  readonly writer: HostWriter;
  /**
   * The path of one of the kinds' snapshot files (`sqlserver/instances.json`, a kind's `snapshotFiles`); throws for
   * any other, which recovery would refuse to restore.
   */
  file(relative: string): string;
}
