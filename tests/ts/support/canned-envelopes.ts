/**
 * The canned envelopes of the Pester tests (tests/pester/fixtures/envelopes/), all made from the exe, and how:
 * scripts/make-canned-envelopes.ts writes them, tests/ts/cli/canned-envelopes.test.ts fails when a committed one is no
 * longer what the exe prints. Each scene is a snapshot host made by code (tests/ts/support/canned-hosts.ts) and the
 * commands run on it in turn, each one seeing what the ones before it changed.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { demoHostAt, recordAutoRebindRun, registerBuiltinTask, webOnlyHostAt } from "./canned-hosts.js";
import { run } from "./run.js";
import { repoRoot } from "./snapshot.js";
import { tempDir } from "./temp-dir.js";

export const CANNED_FOLDER = join(repoRoot, "tests/pester/fixtures/envelopes");
const OLD = "0F70C94C6482E61B0A43B9816E830ED7B30B8C44";
const NEW = "FAC2BE397B0EF579E4C64AE777717B344007BA2C";
/** The folder the temporary one is written as, so that paths do not change from run to run. */
const STABLE_FOLDER = "/srv";
/** The demo's date; the canned task's last run is that night's daily run. */
const NOW = "2026-11-27T00:00:00Z";
const LAST_RUN = "2026-11-26T03:30:05Z";
/** The stand-in for the running exe that `task enable` installs (tests run from source: --exe-path names it). */
const EXE_NAME = "certrebind.exe";

/** A command whose envelope is kept as `<name>.json`, or a change made to the host between two commands. */
type Step =
  | { name: string; argv: (host: string, folder: string) => string[]; env?: Record<string, string> }
  | { change: (host: string) => void };

interface Scene {
  host: string;
  make: (root: string) => string;
  steps: Step[];
}

const pair = (host: string) => ["--old", OLD, "--new", NEW, "--host-root", host];
const task = (action: string, ...options: string[]) => (host: string, folder: string) =>
  ["task", action, ...options, "--host-root", host, "--exe-path", join(folder, EXE_NAME)];

const SCENES: Scene[] = [
  {
    host: "demo-host",
    make: demoHostAt,
    steps: [
      { name: "capture", argv: (host, folder) => ["capture", "--host-root", host, "--out", join(folder, "web01-snapshot")] },
      { name: "bindings-services", argv: (host) => ["bindings", "--host-root", host] },
      { name: "events", argv: (host) => ["events", "--host-root", host] },
      { name: "rebind-services-dry-run", argv: (host) => ["rebind", ...pair(host), "--dry-run"] },
      { name: "rebind-services-applied", argv: (host) => ["rebind", ...pair(host)] },
    ],
  },
  {
    host: "web01",
    make: webOnlyHostAt,
    steps: [
      { name: "bindings", argv: (host) => ["bindings", "--host-root", host] },
      { name: "bindings-certificates-once", argv: (host) => ["bindings", "--certificates-once", "--host-root", host] },
      { name: "rebind-dry-run", argv: (host) => ["rebind", ...pair(host), "--dry-run"] },
      { name: "rebind-applied", argv: (host) => ["rebind", ...pair(host)] },
      { name: "rebind-unchanged", argv: (host) => ["rebind", ...pair(host), "--dry-run"] },
    ],
  },
  {
    host: "web01-forced",
    make: webOnlyHostAt,
    steps: [
      { name: "rebind-forced-dry-run", argv: (host) => ["rebind", ...pair(host), "--allow-name-mismatch", "--dry-run"] },
      { name: "rebind-forced", argv: (host) => ["rebind", ...pair(host), "--allow-name-mismatch"] },
    ],
  },
  {
    host: "web01-rolled-back",
    make: webOnlyHostAt,
    // The second write of a host file (applicationHost.config, after records.json) fails: the run restores the first.
    steps: [{ name: "rebind-rolled-back", argv: (host) => ["rebind", ...pair(host)], env: { CERTREBIND_TEST_FAIL_WRITE: "2" } }],
  },
  {
    host: "web01-auto",
    make: webOnlyHostAt,
    steps: [
      { name: "rebind-auto-dry-run", argv: (host) => ["rebind", "--auto", "--host-root", host, "--dry-run"] },
      { name: "rebind-auto", argv: (host) => ["rebind", "--auto", "--host-root", host] },
      { name: "rebind-auto-unchanged", argv: (host) => ["rebind", "--auto", "--host-root", host, "--dry-run"] },
    ],
  },
  {
    host: "web01-task",
    make: (root) => {
      webOnlyHostAt(root);
      registerBuiltinTask(root);
      return root;
    },
    steps: [
      { name: "task-status-absent", argv: task("status") },
      { name: "task-enable-dry-run", argv: task("enable", "--replace-builtin", "--dry-run") },
      { name: "task-enable", argv: task("enable", "--replace-builtin") },
      { name: "task-enable-unchanged-dry-run", argv: task("enable", "--replace-builtin", "--dry-run") },
      { change: (host) => recordAutoRebindRun(host, LAST_RUN, 0) },
      { name: "task-status", argv: task("status") },
      { name: "task-disable-dry-run", argv: task("disable", "--dry-run") },
      { name: "task-disable", argv: task("disable") },
    ],
  },
];

const named = (step: Step): step is Extract<Step, { name: string }> => "name" in step;
export const MADE_NAMES: readonly string[] = SCENES.flatMap((scene) => scene.steps.filter(named).map((step) => step.name));

/**
 * The text of each canned envelope (name → what the exe prints on standard output), on the demo's date, with the
 * temporary folder written as /srv and each run id's random part (a run id is its start time and three random bytes)
 * as the run's number in the order made, in six hexadecimal digits: the runs stay told apart.
 */
export async function makeCannedEnvelopes(): Promise<Map<string, string>> {
  const folder = tempDir("certrebind-canned-");
  try {
    writeFileSync(join(folder, EXE_NAME), "certrebind exe bytes");
    const made = new Map<string, string>();
    const runNumbers = new Map<string, string>();
    const numbered = (random: string) => {
      if (!runNumbers.has(random)) runNumbers.set(random, (runNumbers.size + 1).toString(16).padStart(6, "0"));
      return runNumbers.get(random)!;
    };
    for (const scene of SCENES) {
      const host = scene.make(join(folder, scene.host));
      for (const step of scene.steps) {
        if (!named(step)) {
          step.change(host);
          continue;
        }
        const result = await run([...step.argv(host, folder), "--json"], { CERTREBIND_NOW: NOW, ...step.env });
        const stable = result.stdout.split(folder).join(STABLE_FOLDER);
        made.set(step.name, stable.replace(/\b(\d{8}T\d{6}Z)-([0-9a-f]{6})\b/g, (_, time: string, random: string) => `${time}-${numbered(random)}`));
      }
    }
    return made;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
