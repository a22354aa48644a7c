/*
 * RegistryApi over advapi32.dll, loaded by its full path in System32. The registry functions return their error
 * (LSTATUS) rather than setting the thread's last error, so no GetLastError is bound.
 */
import type { KoffiNative } from "../native/koffi-native.js";
import { loadSystem32Library } from "../native/system32-library.js";
import type { RegistryApi } from "./registry-api.js";

export function openKoffiRegistryApi(koffi: KoffiNative, systemRoot: string): RegistryApi {
  const advapi32 = loadSystem32Library(koffi, systemRoot, "advapi32.dll");
  const open = advapi32.fn("RegOpenKeyExW", "int32", ["uint64", "void *", "uint32", "uint32", "void *"]);
  const query = advapi32.fn("RegQueryValueExW", "int32", ["uint64", "void *", "void *", "void *", "void *", "void *"]);
  const enumerate = advapi32.fn("RegEnumValueW", "int32", ["uint64", "uint32", "void *", "void *", "void *", "void *", "void *", "void *"]);
  const set = advapi32.fn("RegSetValueExW", "int32", ["uint64", "void *", "uint32", "uint32", "void *", "uint32"]);
  const close = advapi32.fn("RegCloseKey", "int32", ["uint64"]);
  const wide = (text: string) => Buffer.from(`${text}\0`, "utf16le");
  return {
    openKey: (root, subKey, access, key) => open(root, wide(subKey), 0, access, key) as number,
    queryValue: (key, name, type, data, size) => query(key, wide(name), null, type, data, size) as number,
    enumValue: (key, index, name, nameChars, type) => enumerate(key, index, name, nameChars, null, type, null, null) as number,
    setValue: (key, name, type, data) => set(key, wide(name), 0, type, data, data.length) as number,
    closeKey: (key) => close(key) as number,
  };
}
