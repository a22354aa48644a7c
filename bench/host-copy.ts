/** A fresh copy of a generated host beside it (`DIR-NAME`), for a run that changes the host (an applied rebind). */
import { cpSync, rmSync } from "node:fs";

export function copyOf(dir: string, name: string): string {
  const copy = `${dir}-${name}`;
  rmSync(copy, { recursive: true, force: true });
  cpSync(dir, copy, { recursive: true });
  return copy;
}
