import type { Host } from "../platform/ports.js";
import type { KindContext } from "./binding-kind.js";

/** A context for one reading of the host: each shared read is made once, on first use. */
export function newKindContext(host: Host): KindContext {
  const reads = new Map<string, Promise<unknown>>();
  return {
    host,
    once<T>(key: string, read: () => Promise<T>): Promise<T> {
      let result = reads.get(key) as Promise<T> | undefined;
      if (result === undefined) reads.set(key, (result = read()));
      return result;
    },
  };
}
