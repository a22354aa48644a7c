// Run by node.exe under wine (key-access-under-wine.test.ts): WindowsKeyAccess through the real koffi module and the
// prefix's crypt32, ncrypt and advapi32. Arguments: koffi.node, the store, the thumbprint, then accounts; prints one
// JSON line: readers(), canRead() of each account, then grantRead() of the last one, each as its answer or the
// error's message.
import { openKoffiCrypt32Api } from "../../ts-src/platform/windows/crypt32/koffi-crypt32-api.js";
import { openKoffiKeySecurityApi } from "../../ts-src/platform/windows/keys/koffi-key-security-api.js";
import { WindowsKeyAccess } from "../../ts-src/platform/windows/keys/key-access.js";
import type { KoffiNative } from "../../ts-src/platform/windows/native/koffi-native.js";

const [koffiPath, store, thumbprint, ...accounts] = process.argv.slice(2) as [string, string, string, ...string[]];
const module = { exports: {} as unknown };
process.dlopen(module, koffiPath);
const koffi = module.exports as KoffiNative;
const systemRoot = process.env["SystemRoot"] ?? "C:\\windows";
const keys = new WindowsKeyAccess(async () => ({ crypt32: openKoffiCrypt32Api(koffi, systemRoot), security: openKoffiKeySecurityApi(koffi, systemRoot) }));
const failed = (error: Error) => ({ error: error.message });
(async () => {
  const key = { store, thumbprint };
  const answers: unknown[] = [await keys.readers(key).catch(failed)];
  for (const account of accounts) answers.push(await keys.canRead(key, account).catch(failed));
  answers.push(await keys.grantRead(key, accounts.at(-1)!).catch(failed));
  console.log(JSON.stringify(answers));
})();
