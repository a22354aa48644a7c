import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SourceFile } from "../kinds/architecture-rules.js";

export const REPOSITORY = join(import.meta.dirname, "../../..");

/** Every TypeScript file of ts-src/ with its text, paths `/`-separated and relative to the repository. */
export function sourceFiles(): SourceFile[] {
  return readdirSync(join(REPOSITORY, "ts-src"), { recursive: true })
    .map((f) => `ts-src/${String(f).split("\\").join("/")}`)
    .filter((path) => path.endsWith(".ts"))
    .map((path) => ({ path, text: readFileSync(join(REPOSITORY, path), "utf8") }));
}
