// Run by node.exe under wine (service-control-under-wine.test.ts): WindowsServiceControl through the real koffi
// module and the prefix's advapi32 (its Service Control Manager). Arguments: koffi.node, then service names, each
// to query, or `restart:<name>` to restart; prints one JSON line: for each argument in order, what the call
// answered, or the error's message.
import type { KoffiNative } from "../../ts-src/platform/windows/native/koffi-native.js";
import { openKoffiScmApi } from "../../ts-src/platform/windows/scm/koffi-scm-api.js";
import { WindowsServiceControl } from "../../ts-src/platform/windows/scm/service-control.js";

const [koffiPath, ...names] = process.argv.slice(2) as [string, ...string[]];
const module = { exports: {} as unknown };
process.dlopen(module, koffiPath);
const api = openKoffiScmApi(module.exports as KoffiNative, process.env["SystemRoot"] ?? "C:\\windows");
const control = new WindowsServiceControl(async () => api);
const answers: unknown[] = [];
(async () => {
  for (const name of names) {
    const call = name.startsWith("restart:") ? control.restart(name.slice("restart:".length), 60_000) : control.query(name);
    answers.push(await call.catch((error: Error) => ({ error: error.message })));
  }
  console.log(JSON.stringify(answers));
})();
