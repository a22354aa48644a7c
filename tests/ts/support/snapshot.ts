import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { treeHash } from "./tree-hash.js";
import { tempDir } from "./temp-dir.js";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const demoHost = join(repoRoot, "examples", "demo-host");

/** A fresh temporary folder holding the given files (path → content). */
export function testDir(files: Record<string, string | Buffer> = {}): string {
  const root = tempDir("certrebind-test-");
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/** A copy of the demo host in a temporary folder, so a test may change it. */
export function copyOfDemoHost(): string {
  const root = testDir();
  cpSync(demoHost, root, { recursive: true });
  return root;
}

/** Every file of a snapshot host but its state folder, hashed (the host's state before and after a run). */
export const hostFiles = (root: string): Record<string, string> => treeHash(root, { exclude: (path) => path === "state" });

/** The records of a snapshot host's audit log (state/audit.jsonl), each line parsed. */
export const auditRecords = (root: string): Record<string, unknown>[] =>
  readFileSync(join(root, "state", "audit.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
