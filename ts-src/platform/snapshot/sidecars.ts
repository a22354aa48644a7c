import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { isNotFound } from "../files/read-host-file.js";

/**
 * Every certificate sidecar of a snapshot host by journal name (`certs/<Store>/<name>.json` → where it is): the
 * files a run that grants read access to a key may change (key-access.ts).
 */
export async function certificateSidecars(root: string): Promise<[string, string][]> {
  const certs = join(root, "certs");
  const found: [string, string][] = [];
  for (const store of await entries(certs, true)) {
    for (const file of await entries(join(certs, store), false)) {
      if (file.toLowerCase().endsWith(".json")) found.push([`certs/${store}/${file}`, join(certs, store, file)]);
    }
  }
  return found;
}

async function entries(dir: string, directories: boolean): Promise<string[]> {
  try {
    const listed = await readdir(dir, { withFileTypes: true });
    return listed.filter((e) => (directories ? e.isDirectory() : e.isFile())).map((e) => e.name).sort();
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}
