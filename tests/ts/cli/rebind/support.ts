import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RebindData } from "../../../../ts-src/providers/rebind/run-rebind.js";
import { run } from "../../support/run.js";
import { demoHost } from "../../support/snapshot.js";

export const thumbprintOf = (path: string) => new X509Certificate(readFileSync(path)).fingerprint.replace(/:/g, "");
export const WWW_2025 = thumbprintOf(join(demoHost, "certs/My/www-2025.cer"));
export const WWW_2026 = thumbprintOf(join(demoHost, "certs/My/www-2026.cer"));

export async function rebind(root: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const result = await run(["rebind", "--json", "--host-root", root, "--old", WWW_2025, "--new", WWW_2026, ...args], env);
  const envelope = result.envelope();
  return { ...result, envelope, data: envelope.data as RebindData };
}

export const statusOf = (data: RebindData) => Object.fromEntries(data.changes.map((c) => [c.endpoint, c.status]));
