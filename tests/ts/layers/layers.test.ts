import { test } from "node:test";
import assert from "node:assert/strict";
import type { SourceFile } from "../kinds/architecture-rules.js";
import { sourceFiles } from "../support/source-files.js";
import { layerViolations } from "./layer-rules.js";

test("ts-src keeps its layers: each folder imports only what README.md's \"Layers\" allows it", () => {
  const files = sourceFiles();
  assert.ok(files.length > 200 && files.some((f) => f.path === "ts-src/platform/ports.ts"), "the whole tree was read");
  assert.deepEqual(layerViolations(files), []);
});

// Each rule, broken on purpose in a copy of the real tree: the check reports exactly that break.
const breaks: [string, string, string, RegExp][] = [
  ["core/ that imports a port", "ts-src/core/sneaky.ts", 'import type { Host } from "../platform/ports.js";\n', /core\/sneaky\.ts imports \.\.\/platform\/ports\.js: core\/ is pure/],
  ["core/ that reads files", "ts-src/core/sneaky.ts", 'import { readFileSync } from "node:fs";\n', /imports node:fs: core\/ is pure/],
  ["core/ that opens a socket", "ts-src/core/sneaky.ts", 'import { connect } from "node:net";\n', /imports node:net: core\/ is pure/],
  ["a format that reads a host file", "ts-src/platform/formats/sneaky.ts", 'import { readHostBytes } from "../files/read-host-file.js";\n', /formats\/sneaky\.ts imports \.\.\/files\/read-host-file\.js: platform\/formats\/ .*is pure/],
  ["events/ that runs a tool", "ts-src/events/sneaky.ts", 'import { execaRunner } from "../platform/windows/tool-runner.js";\n', /events\/sneaky\.ts imports \.\.\/platform\/windows\/tool-runner\.js: events\/ and task\//],
  ["task/ that imports a use case", "ts-src/task/sneaky.ts", 'import { enableTask } from "../providers/task/run-task.js";\n', /task\/sneaky\.ts imports .*run-task\.js: events\/ and task\//],
  ["a use case that reads a file itself", "ts-src/providers/journal/sneaky.ts", 'import { readFile } from "node:fs/promises";\n', /journal\/sneaky\.ts imports node:fs\/promises: providers\/ reach the machine only through the ports/],
  ["a use case that imports an adapter", "ts-src/providers/rebind/sneaky.ts", 'import { sha256File } from "../../platform/files/sha256-file.js";\n', /sha256-file\.js: providers\/ reach the machine only through the ports/],
  ["a use case that imports an adapter's type", "ts-src/providers/sneaky.ts", 'import type { SnapshotHost } from "../platform/snapshot/snapshot-host.js";\n', /snapshot-host\.js: providers\/ reach the machine only through the ports/],
  ["a use case that imports a command", "ts-src/providers/sneaky.ts", 'import type { Command } from "../cli/command.js";\n', /cli\/command\.js: providers\/ reach/],
  ["a kind that reads files itself", "ts-src/kinds/ftp-site/sneaky.ts", 'import { readFile } from "node:fs/promises";\n', /ftp-site\/sneaky\.ts imports node:fs\/promises: kinds\/ reach the machine only through the Host/],
  ["a kind that calls a Windows adapter", "ts-src/kinds/rdp/sneaky.ts", 'import { WindowsHttpSys } from "../../platform/windows/httpsys.js";\n', /rdp\/sneaky\.ts imports .*windows\/httpsys\.js: kinds\/ reach the machine only through the Host/],
  ["a kind that imports a use case", "ts-src/kinds/winrm/sneaky.ts", 'import { applyPlan } from "../../providers/rebind/apply-plan.js";\n', /apply-plan\.js: kinds\/ reach the machine only through the Host/],
  ["an adapter that imports a use case", "ts-src/platform/snapshot/sneaky.ts", 'import { readHost } from "../../providers/read-inventory.js";\n', /snapshot\/sneaky\.ts imports .*read-inventory\.js: platform\/ serves the use cases/],
  ["an adapter that imports a kind", "ts-src/platform/windows/sneaky.ts", 'import { BINDING_KINDS } from "../../kinds/registry.js";\n', /registry\.js: platform\/ serves the use cases/],
  ["a use case that chooses the adapters", "ts-src/providers/sneaky.ts", 'const { openHost } = await import("../platform/open-host.js");\n', /open-host\.js: cli\/ is the composition root/],
  ["a module outside cli/ that imports cli/", "ts-src/events/sneaky.ts", 'import { writeOut } from "../cli/write-out.js";\n', /write-out\.js: cli\/ is the composition root/],
  ["a second place that starts processes", "ts-src/platform/windows/sneaky.ts", 'import { spawn } from "node:child_process";\n', /imports node:child_process: only platform\/windows\/tool-runner\.ts starts processes/],
  ["execa outside the tool runner", "ts-src/cli/sneaky.ts", 'import { execa } from "execa";\n', /cli\/sneaky\.ts imports execa: only platform\/windows\/tool-runner\.ts starts processes/],
  ["a native module loaded outside native/", "ts-src/platform/windows/sneaky.ts", "export const load = (m: { exports: unknown }) => process.dlopen(m, 'x.node');\n", /sneaky\.ts calls process\.dlopen: only platform\/windows\/native\//],
];

for (const [name, path, text, expected] of breaks) {
  test(`the layer check fails on ${name}`, () => {
    const violations = layerViolations([...sourceFiles(), { path, text }]);
    assert.equal(violations.length > 0, true, `no violation for ${path}`);
    assert.ok(
      violations.every((v) => v.startsWith(`${path} `)),
      violations.join("\n"),
    );
    assert.match(violations.join("\n"), expected);
  });
}

test("what the rules allow: computing modules, the ports, formats, type imports in kinds, comments, the capture's reach", () => {
  const allowed: SourceFile[] = [
    { path: "ts-src/core/ok.ts", text: 'import { createHash } from "node:crypto";\nimport { isIPv4 } from "node:net";\n// import { readFile } from "node:fs";\n' },
    { path: "ts-src/providers/ok.ts", text: 'import type { Host } from "../platform/ports.js";\nimport { interrupts } from "../platform/interrupts.js";\nimport { basename } from "node:path";\n' },
    { path: "ts-src/kinds/ftp-site/ok.ts", text: 'import type { ToolRunner } from "../../platform/windows/tool-runner.js";\nimport { scanJson } from "../../platform/formats/json-scan.js";\n' },
    { path: "ts-src/events/ok.ts", text: 'import type { EventLog } from "../platform/ports.js";\n' },
    { path: "ts-src/providers/capture/ok.ts", text: 'import { writeFile } from "node:fs/promises";\nimport { powershellArguments } from "../../platform/windows/powershell.js";\n' },
    { path: "ts-src/cli/ok.ts", text: 'import { openHost } from "../platform/open-host.js";\nimport { readFileSync } from "node:fs";\n' },
  ];
  assert.deepEqual(layerViolations([...sourceFiles(), ...allowed]), []);
});
