// Run by node.exe under wine (file-security-under-wine.test.ts): keepFileSecurity through the real koffi module and
// the real advapi32/kernel32 of the prefix. Arguments: koffi.node, the replaced file, its replacement.
import { keepFileSecurity, koffiSecurityApi } from "../../ts-src/platform/windows/file-security.js";
import type { KoffiNative } from "../../ts-src/platform/windows/native/koffi-native.js";

const [koffiPath, replaced, replacement] = process.argv.slice(2) as [string, string, string];
const module = { exports: {} as unknown };
process.dlopen(module, koffiPath);
const keep = keepFileSecurity(koffiSecurityApi(module.exports as KoffiNative, process.env["SystemRoot"] ?? "C:\\windows"));
keep(replaced, replacement).then(
  () => console.log("kept"),
  (error: Error) => console.log(`failed: ${error.message}`),
);
