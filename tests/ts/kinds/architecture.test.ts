import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BINDING_KINDS } from "../../../ts-src/kinds/registry.js";
import { architectureViolations, type KindEntry, type SourceFile } from "./architecture-rules.js";
import { sourceFiles } from "./source-files.js";

const REPOSITORY = join(import.meta.dirname, "../../..");


const KINDS: KindEntry[] = BINDING_KINDS.map((k) => ({ name: k.name, viewKinds: k.viewKinds }));

test("ts-src keeps every binding kind in its folder: one registration line, no kind named or imported elsewhere", () => {
  const files = sourceFiles();
  assert.ok(files.length > 100 && files.some((f) => f.path === "ts-src/kinds/registry.ts"), "the whole tree was read");
  assert.deepEqual(architectureViolations(files, KINDS), []);
});

test("each registered kind's folder exists and is named after it", () => {
  for (const kind of BINDING_KINDS) assert.match(readFileSync(join(REPOSITORY, "ts-src/kinds", kind.name, "index.ts"), "utf8"), /: BindingKind</);
});

// Each rule, broken on purpose in a copy of the real tree: the check reports exactly that break.
const withFile = (path: string, text: string) => [...sourceFiles(), { path, text }];
const breaks: [string, () => SourceFile[], KindEntry[], RegExp][] = [
  ["a use case that imports a kind's folder", () => withFile("ts-src/providers/sneaky.ts", 'import { planFtp } from "../kinds/ftp-site/plan.js";\n'), KINDS, /sneaky\.ts imports \.\.\/kinds\/ftp-site\/plan\.js, inside the folder of kind ftp-site/],
  ["a lazy import of a kind's folder", () => withFile("ts-src/cli/commands/sneaky.ts", 'await import("../../kinds/httpsys-record/index.js");\n'), KINDS, /inside the folder of kind httpsys-record/],
  ["a kind that imports another kind's folder", () => withFile("ts-src/kinds/ftp-site/sneaky.ts", 'import type { RecordState } from "../httpsys-record/model.js";\n'), KINDS, /ftp-site\/sneaky\.ts imports .*kind httpsys-record/],
  ["a switch on a kind outside its folder", () => withFile("ts-src/providers/sneaky.ts", 'export const isFtp = (c: { kind: string }) => c.kind === "ftp";\n'), KINDS, /sneaky\.ts names kind ftp-site \("ftp"\)/],
  ["a kind's folder name in a use case", () => withFile("ts-src/core/sneaky.ts", "export const k = 'httpsys-record';\n"), KINDS, /names kind httpsys-record/],
  ["a folder of ts-src/kinds/ that is not registered", () => withFile("ts-src/kinds/smtp/index.ts", "export {};\n"), KINDS, /ts-src\/kinds\/smtp\/ is not a registered kind/],
  ["a registered kind without its folder", () => sourceFiles(), [...KINDS, { name: "sstp", viewKinds: ["sstp"] }], /kind sstp has no folder ts-src\/kinds\/sstp\/ with an index\.ts/],
  ["a kind's plan that reaches the platform", () => withFile("ts-src/kinds/ftp-site/plan-helper.ts", 'import { x } from "../../platform/ports.js";\n').concat({ path: "ts-src/kinds/ftp-site/inventory.ts", text: 'import { y } from "./plan-helper.js";\n' }), KINDS, /plan-helper\.ts \(pure, from ts-src\/kinds\/ftp-site\/inventory\.ts\) imports \.\.\/\.\.\/platform\/ports\.js, outside core\//],
  ["a kind's model that reads files", () => withFile("ts-src/kinds/ftp-site/model.ts", 'import { readFileSync } from "node:fs";\n'), KINDS, /ftp-site\/model\.ts \(pure, from ts-src\/kinds\/ftp-site\/model\.ts\) imports node:fs, outside core\//],
];

for (const [name, files, kinds, expected] of breaks) {
  test(`the architecture check fails on ${name}`, () => {
    const violations = architectureViolations(files(), kinds);
    assert.equal(violations.length, 1, violations.join("\n"));
    assert.match(violations[0]!, expected);
  });
}

test("what the rules allow: registry.ts imports the kinds, a kind names itself, comments and type imports are free", () => {
  const files = [
    ...sourceFiles(),
    { path: "ts-src/providers/commented.ts", text: '// the "ftp" kind is planned in ts-src/kinds/ftp-site\nexport const a = 1; /* "ipport" */\n' },
    { path: "ts-src/kinds/ftp-site/typed.ts", text: 'import type { Host } from "../../platform/ports.js";\nexport const kind = "ftp";\n' },
  ];
  assert.deepEqual(architectureViolations(files, KINDS), []);
});
