import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyOfDemoHost, demoHost } from "./snapshot.js";
import { netshTextOf } from "./windows-from-snapshot.js";

/** The demo host's HTTP.sys records as `netsh http show sslcert` prints them (what a hand-made capture holds). */
export function demoSslcertText(): string {
  return netshTextOf(demoHost);
}

/** A copy of the demo host whose records are `httpsys/sslcert.txt` only, as a capture without records.json. */
export function copyOfTextDemoHost(): string {
  const root = copyOfDemoHost();
  writeFileSync(join(root, "httpsys", "sslcert.txt"), demoSslcertText());
  rmSync(join(root, "httpsys", "records.json"));
  return root;
}
