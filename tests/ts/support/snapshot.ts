import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const demoHost = join(repoRoot, "examples", "demo-host");

/** A fresh temporary folder holding the given files (path → content). */
export function testDir(files: Record<string, string | Buffer> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "certrebind-test-"));
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
