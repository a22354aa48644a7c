/*
 * The rules that keep a binding kind one folder (ts-src/kinds/<name>/) and one registration line. Pure functions over
 * a list of files, so that each rule is shown to fail on a list that breaks it (architecture.test.ts).
 */
import { posix } from "node:path";

export interface SourceFile {
  /** Relative to the repository, `/`-separated: `ts-src/providers/read-inventory.ts`. */
  path: string;
  text: string;
}

export interface KindEntry {
  name: string;
  viewKinds: readonly string[];
}

const KINDS_DIR = "ts-src/kinds/";
/** Folders of ts-src/kinds/ that are not kinds: what kinds share (applicationHost.config, the host's shared reads). */
const NOT_KINDS = new Set(["common"]);
/**
 * Where the HTTP.sys record families (`ipport`, `ccs`, …) are the data of a port rather than a kind's code: the Host's
 * adapters (HttpSys reads and writes every family through the HTTP Server API or a snapshot's files) and the record
 * model they share with the kind.
 */
const PORT_MODEL = [/^ts-src\/platform\//, /^ts-src\/core\/model\.ts$/, /^ts-src\/core\/endpoints\.ts$/];
/** A kind's pure files: its model, planning and inventory import only core/ and its own pure files (types aside). */
const PURE_FILES = new Set(["model.ts", "plan.ts", "inventory.ts"]);

/** The kind folder a path is in, or null. */
export function kindFolderOf(path: string): string | null {
  if (!path.startsWith(KINDS_DIR)) return null;
  const rest = path.slice(KINDS_DIR.length).split("/");
  return rest.length > 1 && !NOT_KINDS.has(rest[0]!) ? rest[0]! : null;
}

/** Code and string literals of a TypeScript text, comments left out. */
export function scan(text: string): { code: string; strings: string[] } {
  let code = "";
  const strings: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      code += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
      code += " ";
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      let value = "";
      while (j < text.length && text[j] !== c) {
        if (text[j] === "\\") value += text[++j] ?? "";
        else value += text[j];
        j++;
      }
      if (c !== "`" || !value.includes("${")) strings.push(value);
      code += c + value + c;
      i = j;
    } else code += c;
  }
  return { code, strings };
}

/** The module specifiers a file imports, with whether the import is of types only. */
export function importsOf(text: string): { specifier: string; typeOnly: boolean }[] {
  const { code } = scan(text);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  for (const m of code.matchAll(/\b(import|export)\s+(type\s+)?[^;]*?\bfrom\s*(["'])([^"']+)\3/g)) found.push({ specifier: m[4]!, typeOnly: m[2] !== undefined });
  for (const m of code.matchAll(/\bimport\s*\(\s*(["'])([^"']+)\1\s*\)/g)) found.push({ specifier: m[2]!, typeOnly: false });
  for (const m of code.matchAll(/^\s*import\s*(["'])([^"']+)\1/gm)) found.push({ specifier: m[2]!, typeOnly: false });
  return found;
}

/** The repository path an import of `from` names (`.js` written for a `.ts` file). */
export function resolveImport(from: string, specifier: string): string {
  return posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, ".ts");
}

/** Every break of the rules in `files` (ts-src only), given the registered kinds. */
export function architectureViolations(files: readonly SourceFile[], kinds: readonly KindEntry[]): string[] {
  const source = files.filter((f) => f.path.startsWith("ts-src/") && f.path.endsWith(".ts"));
  return [...folderRule(source, kinds), ...importRule(source), ...nameRule(source, kinds), ...pureRule(source)];
}

/** Each registered kind is one folder with an index.ts; each folder of ts-src/kinds/ is a registered kind. */
function folderRule(files: readonly SourceFile[], kinds: readonly KindEntry[]): string[] {
  const folders = new Set(files.map((f) => kindFolderOf(f.path)).filter((f): f is string => f !== null));
  const names = new Set(kinds.map((k) => k.name));
  return [
    ...kinds.filter((k) => !files.some((f) => f.path === `${KINDS_DIR}${k.name}/index.ts`)).map((k) => `kind ${k.name} has no folder ${KINDS_DIR}${k.name}/ with an index.ts`),
    ...[...folders].filter((f) => !names.has(f)).map((f) => `${KINDS_DIR}${f}/ is not a registered kind (kinds/registry.ts)`),
  ];
}

/** Only registry.ts reaches into a kind's folder from outside it; a kind's folder imports no other kind's. */
function importRule(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    if (file.path === `${KINDS_DIR}registry.ts`) continue;
    const own = kindFolderOf(file.path);
    for (const { specifier } of importsOf(file.text).filter((i) => i.specifier.startsWith("."))) {
      const target = kindFolderOf(resolveImport(file.path, specifier));
      if (target !== null && target !== own) violations.push(`${file.path} imports ${specifier}, inside the folder of kind ${target}`);
    }
  }
  return violations;
}

/** Outside a kind's folder (and the ports' model), no code names the kind: no `"ftp"` switch, no folder name. */
function nameRule(files: readonly SourceFile[], kinds: readonly KindEntry[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    if (PORT_MODEL.some((p) => p.test(file.path)) || file.path === `${KINDS_DIR}registry.ts`) continue;
    const own = kindFolderOf(file.path);
    const { strings } = scan(file.text);
    for (const kind of kinds) {
      if (kind.name === own) continue;
      for (const name of [kind.name, ...kind.viewKinds]) {
        if (strings.includes(name)) violations.push(`${file.path} names kind ${kind.name} ("${name}") in its code`);
      }
    }
  }
  return violations;
}

/** A kind's model, planning and inventory (and what they import of their folder) import only core/ (and types). */
function pureRule(files: readonly SourceFile[]): string[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const violations: string[] = [];
  for (const start of files.filter((f) => kindFolderOf(f.path) !== null && PURE_FILES.has(posix.basename(f.path)))) {
    const folder = `${KINDS_DIR}${kindFolderOf(start.path)}/`;
    const seen = new Set<string>();
    const queue = [start.path];
    while (queue.length > 0) {
      const path = queue.pop()!;
      if (seen.has(path)) continue;
      seen.add(path);
      for (const { specifier, typeOnly } of importsOf(byPath.get(path)?.text ?? "")) {
        if (typeOnly) continue;
        if (!specifier.startsWith(".")) {
          violations.push(`${path} (pure, from ${start.path}) imports ${specifier}, outside core/`);
          continue;
        }
        const target = resolveImport(path, specifier);
        if (target.startsWith(folder)) queue.push(target);
        else if (!target.startsWith("ts-src/core/")) violations.push(`${path} (pure, from ${start.path}) imports ${specifier}, outside core/`);
      }
    }
  }
  return [...new Set(violations)];
}
