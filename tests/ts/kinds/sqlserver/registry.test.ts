import { test } from "node:test";
import assert from "node:assert/strict";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { WIN32_ERRORS } from "../../../../ts-src/platform/windows/httpapi/win32-errors.js";
import { REG_SZ } from "../../../../ts-src/platform/windows/registry/registry-api.js";
import { Registry } from "../../../../ts-src/platform/windows/registry/registry.js";
import { FakeRegistry } from "../../support/fake-registry.js";

const KEY = "SOFTWARE\\Microsoft\\Microsoft SQL Server\\Instance Names\\SQL";
const registryOf = (fake: FakeRegistry) => new Registry(async () => fake);

test("valueNames enumerates every value name until ERROR_NO_MORE_ITEMS and closes the key; a key that is not there is null", async () => {
  const fake = new FakeRegistry({ [KEY]: { MSSQLSERVER: "MSSQL16.MSSQLSERVER", SQLEXPRESS: "MSSQL15.SQLEXPRESS" } });
  const registry = registryOf(fake);
  assert.deepEqual(await registry.valueNames(KEY), ["MSSQLSERVER", "SQLEXPRESS"]);
  assert.deepEqual(fake.calls, [`RegOpenKeyExW ${KEY}`, "RegEnumValueW 0", "RegEnumValueW 1", "RegEnumValueW 2", "RegCloseKey"]);
  assert.equal(await registry.valueNames("SOFTWARE\\Nothing"), null);
  assert.equal(fake.open.size, 0, "every handle is closed");
});

test("readString asks for the size first, then reads; the value's case-insensitive name, a missing terminating null and an absent value", async () => {
  const fake = new FakeRegistry({ [KEY]: { MSSQLSERVER: "MSSQL16.MSSQLSERVER" } });
  fake.set(KEY, "NoNull", { type: REG_SZ, data: Buffer.from("abc", "utf16le") });
  const registry = registryOf(fake);
  assert.equal(await registry.readString(KEY, "mssqlserver"), "MSSQL16.MSSQLSERVER");
  assert.deepEqual(fake.calls.slice(1, 3), ["RegQueryValueExW mssqlserver (size)", "RegQueryValueExW mssqlserver"]);
  assert.equal(await registry.readString(KEY, "NoNull"), "abc");
  assert.equal(await registry.readString(KEY, "Missing"), null);
  assert.equal(await registry.readString("SOFTWARE\\Nothing", "Certificate"), null);
  assert.equal(fake.open.size, 0);
});

test("a value that grows between the size and the read (ERROR_MORE_DATA) is read again with the size it has now", async () => {
  const fake = new FakeRegistry({ [KEY]: { Certificate: "ab" } });
  let grown = false;
  fake.beforeRead = () => {
    if (!grown) fake.set(KEY, "Certificate", { type: REG_SZ, data: Buffer.from("abcdef0123\0", "utf16le") });
    grown = true;
  };
  assert.equal(await registryOf(fake).readString(KEY, "Certificate"), "abcdef0123");
  assert.equal(fake.calls.filter((c) => c === "RegQueryValueExW Certificate").length, 2);
});

test("a value that is not a string is CR4006 naming its type; other errors name the function and the key", async () => {
  const fake = new FakeRegistry({ [KEY]: {} });
  fake.set(KEY, "Binary", { type: 3, data: Buffer.from([1, 2]) });
  await assert.rejects(registryOf(fake).readString(KEY, "Binary"), (e: unknown) => e instanceof CertRebindError && e.code === "CR4006" && /type 3, not a string/.test(e.message));
  fake.failSet = { name: "Certificate", error: WIN32_ERRORS.ERROR_ACCESS_DENIED };
  await assert.rejects(registryOf(fake).writeString(KEY, "Certificate", "x"), /RegSetValueExW failed: ERROR_ACCESS_DENIED \(5\) \(HKLM\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\Instance Names\\SQL value Certificate\)/);
  await assert.rejects(registryOf(fake).writeString("SOFTWARE\\Nothing", "Certificate", "x"), /RegOpenKeyExW failed: ERROR_FILE_NOT_FOUND/);
  await assert.rejects(registryOf(fake).valueNames("SOFTWARE\\\\Double"), /ERROR_INVALID_NAME/);
  assert.equal(fake.open.size, 0);
});

test("writeString writes REG_SZ with its terminating null through a handle opened for KEY_SET_VALUE", async () => {
  const fake = new FakeRegistry({ [KEY]: { Certificate: "" } });
  const registry = registryOf(fake);
  await registry.writeString(KEY, "Certificate", "0f70c94c");
  assert.deepEqual(fake.keys.get(KEY.toLowerCase())!.values.get("certificate")!.data, Buffer.from("0f70c94c\0", "utf16le"));
  assert.equal(await registry.readString(KEY, "Certificate"), "0f70c94c");
});
