/*
 * The layers of ts-src/ and what each may import (README.md, "Layers"). Pure functions over a list of files, so that
 * each rule is shown to fail on a list that breaks it (layers.test.ts).
 */
import { resolveImport, scan, type SourceFile } from "../kinds/architecture-rules.js";

/** One import of a file: the specifier, the repository path it names (relative ones), and what it takes. */
export interface Import {
  specifier: string;
  /** `ts-src/...ts` for a relative specifier; the specifier itself otherwise (`node:fs`, `execa`). */
  target: string;
  typeOnly: boolean;
  /** The names a `{ … }` clause takes; null for a default, namespace, side-effect or lazy import. */
  names: string[] | null;
}

/** Every import and re-export of a TypeScript text, lazy `import()` included; comments left out. */
export function importsIn(path: string, text: string): Import[] {
  const { code } = scan(text);
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean, names: string[] | null) =>
    found.push({ specifier, target: specifier.startsWith(".") ? resolveImport(path, specifier) : specifier, typeOnly, names });
  for (const m of code.matchAll(/\b(?:import|export)\s+(type\s+)?([^;]*?)\bfrom\s*(["'])([^"']+)\3/g)) {
    const braces = /^\{([^}]*)\}$/.exec(m[2]!.trim());
    add(m[4]!, m[1] !== undefined, braces ? braces[1]!.split(",").map((n) => n.trim().split(/\s+as\s+/)[0]!).filter(Boolean) : null);
  }
  for (const m of code.matchAll(/\bimport\s*\(\s*(["'])([^"']+)\1\s*\)/g)) add(m[2]!, false, null);
  for (const m of code.matchAll(/^\s*import\s*(["'])([^"']+)\1/gm)) add(m[2]!, false, null);
  return found;
}

/** Node modules that compute and reach nothing outside the process (no file, process, socket or native code). */
const COMPUTING_MODULES = new Set(["node:path", "node:crypto", "node:url", "node:buffer", "node:string_decoder", "node:util"]);
/** `node:net`'s address checks are computation too; the rest of it opens sockets. */
const COMPUTING_NET = new Set(["isIP", "isIPv4", "isIPv6"]);

/** True when the import is of a package or Node module that touches the machine (files, processes, sockets, native code). */
export function touchesMachine(i: Import): boolean {
  if (i.specifier.startsWith(".") || i.typeOnly) return false;
  if (i.specifier === "node:net") return i.names === null || i.names.some((n) => !COMPUTING_NET.has(n.replace(/^type\s+/, "")));
  return !COMPUTING_MODULES.has(i.specifier);
}

const under = (...folders: string[]) => (path: string) => folders.some((f) => path.startsWith(`ts-src/${f}`));
const isFile = (...files: string[]) => (path: string) => files.some((f) => path === `ts-src/${f}`);

/** The seams of platform/: the ports, and helpers a use case needs whatever the host (signals, who runs it, …). */
const SEAMS = isFile(
  "platform/ports.ts",
  "platform/service-ports.ts",
  "platform/kind-access.ts",
  "platform/interrupts.ts",
  "platform/audit-identity.ts",
  "platform/audit-record.ts",
  "platform/service-restart.ts",
  // How an operating-system error is told to the user (CR4xxx with its remedy): words, no access.
  "platform/files/environment-error.ts",
);
/**
 * Pure parsers and byte-exact editors of the host's file formats, shared by the adapters and the kinds, and the
 * decoding and splicing of a host file's text they edit (files/host-text.ts).
 */
const FORMATS = (path: string) => under("platform/formats/")(path) || isFile("platform/files/host-text.ts")(path);
/** What a binding kind's own adapters use beside kind-access.ts: host-file helpers on its paths, scripts, accounts. */
const KIND_HELPERS = (path: string) =>
  under("platform/files/", "platform/accounts/")(path) || isFile("platform/windows/powershell.ts", "platform/windows/tool-start-error.ts", "platform/windows/registry/registry.ts")(path);
/** The composition: the adapter choice and the two hosts that wire the adapters together. */
const COMPOSITION = isFile("platform/open-host.ts", "platform/windows/windows-host.ts", "platform/snapshot/snapshot-host.ts");
/**
 * The capture (`certrebind capture`) copies one host into another: it reads the live machine with the Windows adapters
 * and writes a snapshot host's files, so it is an adapter-to-adapter use case and keeps its own reach.
 */
const CAPTURE = under("providers/capture/");

export interface LayerRule {
  /** What the rule says, as the violations word it. */
  says: string;
  applies(path: string): boolean;
  /** True when the import breaks the rule. */
  breaks(i: Import, from: string): boolean;
}

export const LAYER_RULES: readonly LayerRule[] = [
  {
    says: "core/ is pure: it imports only core/ and computing Node modules",
    applies: under("core/"),
    breaks: (i) => touchesMachine(i) || (i.specifier.startsWith(".") && !under("core/")(i.target)),
  },
  {
    says: "platform/formats/ (and files/host-text.ts) is pure: it imports only core/, itself and computing Node modules",
    applies: FORMATS,
    breaks: (i) => touchesMachine(i) || (i.specifier.startsWith(".") && !under("core/")(i.target) && !FORMATS(i.target)),
  },
  {
    says: "events/ and task/ import only core/, events/, task/, platform/formats/ and the ports' types",
    applies: under("events/", "task/"),
    breaks: (i) =>
      touchesMachine(i) ||
      (i.specifier.startsWith(".") && !under("core/", "events/", "task/", "platform/formats/")(i.target) && !(i.typeOnly && isFile("platform/ports.ts")(i.target))),
  },
  {
    says: "providers/ reach the machine only through the ports (platform/ports.ts and the seams beside it)",
    applies: (path) => under("providers/")(path) && !CAPTURE(path),
    breaks: (i) => touchesMachine(i) || (under("platform/")(i.target) && !SEAMS(i.target) && !FORMATS(i.target)) || under("cli/")(i.target),
  },
  {
    says: "kinds/ reach the machine only through the Host (its ports and platform/kind-access.ts)",
    applies: under("kinds/"),
    breaks: (i) =>
      touchesMachine(i) ||
      (under("platform/")(i.target) && !i.typeOnly && !SEAMS(i.target) && !FORMATS(i.target) && !KIND_HELPERS(i.target)) ||
      under("cli/")(i.target) ||
      (under("providers/")(i.target) && !CAPTURE(i.target)),
  },
  {
    says: "platform/ serves the use cases: it imports no providers/, kinds/ or cli/",
    applies: under("platform/"),
    breaks: (i) => under("providers/", "kinds/", "cli/")(i.target),
  },
  {
    says: "cli/ is the composition root: only cli/ imports cli/ and the adapter choice (open-host.ts, the two hosts)",
    applies: (path) => !under("cli/")(path),
    breaks: (i, from) => under("cli/")(i.target) || (COMPOSITION(i.target) && !under("platform/")(from)),
  },
  {
    says: "only platform/windows/tool-runner.ts starts processes",
    applies: (path) => !isFile("platform/windows/tool-runner.ts")(path),
    breaks: (i) => ["node:child_process", "child_process", "execa"].includes(i.specifier),
  },
  {
    says: "only platform/windows/native/ loads native code",
    applies: (path) => !under("platform/windows/native/")(path),
    breaks: (i) => ["koffi", "node:module", "module"].includes(i.specifier),
  },
];

/** Every break of the layer rules in `files` (ts-src only), one line each. */
export function layerViolations(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files.filter((f) => f.path.startsWith("ts-src/") && f.path.endsWith(".ts"))) {
    const imports = importsIn(file.path, file.text);
    for (const rule of LAYER_RULES.filter((r) => r.applies(file.path))) {
      for (const i of imports.filter((i) => rule.breaks(i, file.path))) violations.push(`${file.path} imports ${i.specifier}: ${rule.says}`);
    }
    if (!under("platform/windows/native/")(file.path) && /\bprocess\.dlopen\b/.test(scan(file.text).code)) {
      violations.push(`${file.path} calls process.dlopen: only platform/windows/native/ loads native code`);
    }
  }
  return violations;
}
