// Times `bindings` and `rebind` of the Windows exe under wine against the httpapi.dll stand-in
// (tests/native/httpapi-standin/README.md), on generated records (tests/exe/standin-records.ts), and the same
// enumeration by a C program through the stand-in alone, to tell the exe's share from the stand-in's.
// Usage (after ./build.sh Build): npx tsx bench/standin-wine.ts [--records 1000,10000] [--runs 3] [--variant with-update]
//   [--exe <a copy of certrebind.exe>, so that a build during the run does not change what is measured]
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { installStandin, newStandinStore, resetStandinState, standinChildren, standinCheckExe, standinSkip, writeStandinStore, type StandinVariant } from "../tests/exe/standin.js";
import { seedCertStoresOnce } from "../tests/exe/seed-cert-stores.js";
import { generateStandinRecords, NEW_THUMBPRINT, OLD_THUMBPRINT, standinDemoCertificates } from "../tests/exe/standin-records.js";
import { windowsExe, wine64, zPath } from "../tests/exe/support.js";

const { values } = parseArgs({ options: { records: { type: "string", default: "1000,10000" }, runs: { type: "string", default: "3" }, variant: { type: "string", default: "with-update" }, exe: { type: "string", default: windowsExe } } });
const exe = values.exe;
if (standinSkip) throw new Error(standinSkip);
const variant = values.variant as StandinVariant;
const runs = Number(values.runs);
const { env, prefix } = installStandin(variant);
seedCertStoresOnce(prefix, env(), standinDemoCertificates);

/** Wall time of one run, spawn to exit, its output sent to files (wine: never a pipe); throws on a failed run. */
function timed(args: string[], extraEnv: NodeJS.ProcessEnv, dir: string, okStatus = 0): number {
  const out = openSync(join(dir, "stdout"), "w");
  const err = openSync(join(dir, "stderr"), "w");
  const start = process.hrtime.bigint();
  const result = spawnSync(wine64, args, { stdio: ["ignore", out, err], env: { ...process.env, ...env(extraEnv) } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(out);
  closeSync(err);
  if (result.status !== okStatus) throw new Error(`${args.slice(1).join(" ")} exited ${result.status} (output in ${dir})`);
  return seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: string[][] = [];
for (const count of values.records.split(",").map(Number)) {
  const records = generateStandinRecords(count);
  const moved = records.filter((r) => r.hash === OLD_THUMBPRINT).length;
  const measure = (label: string, args: string[]) => {
    const times: number[] = [];
    const standin: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      resetStandinState(prefix);
      const store = newStandinStore();
      writeStandinStore(store.store, records);
      const certificates = standinChildren(store.dir);
      const stats = join(store.dir, "stats.txt");
      // No call log: what the stand-in adds is its record file, which it times itself.
      times.push(timed(args, { CERTREBIND_STANDIN_STORE: store.env["CERTREBIND_STANDIN_STORE"], CERTREBIND_STANDIN_STATS: zPath(stats), ...certificates.env, CERTREBIND_NOW: "2026-11-27T00:00:00Z" }, store.dir));
      const line = existsSync(stats) ? readFileSync(stats, "utf8") : "";
      standin.push(Number(/readSeconds=([\d.]+)/.exec(line)?.[1] ?? 0) + Number(/saveSeconds=([\d.]+)/.exec(line)?.[1] ?? 0));
    }
    const m = median(times);
    const s = median(standin);
    rows.push([label, String(count), `${m.toFixed(2)} s`, `${s.toFixed(2)} s`, `${(m - s).toFixed(2)} s`, times.map((t) => t.toFixed(2)).join(", ")]);
  };
  measure("stand-in alone: enumerate every record and its …Ex (standin-check dump)", [standinCheckExe, "dump"]);
  measure("certrebind.exe bindings --json", [exe, "bindings", "--json"]);
  measure(`certrebind.exe rebind --json (${moved} records move, ${variant})`, [exe, "rebind", "--json", "--old", OLD_THUMBPRINT, "--new", NEW_THUMBPRINT, "--force"]);
}
console.log(`| what | records | median wall time | of which the stand-in's record file | the rest | runs |\n|---|---|---|---|---|---|\n${rows.map((r) => `| ${r.join(" | ")} |`).join("\n")}`);
