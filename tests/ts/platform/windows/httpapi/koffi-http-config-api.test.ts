import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HttpSysRecord } from "../../../../../ts-src/core/model.js";
import { ConfigId } from "../../../../../ts-src/platform/windows/httpapi/config-ids.js";
import { openKoffiHttpConfigApi } from "../../../../../ts-src/platform/windows/httpapi/koffi-http-config-api.js";
import { decodeSocketAddress, formatIpPort } from "../../../../../ts-src/platform/windows/httpapi/sockaddr.js";
import { decodeSslSet, encodeSslSet } from "../../../../../ts-src/platform/windows/httpapi/ssl-structs.js";
import { link } from "../../../../../ts-src/platform/windows/httpapi/struct-buffer.js";
import { Win32CallError } from "../../../../../ts-src/platform/windows/httpapi/win32-errors.js";
import type { KoffiFunction, KoffiNative } from "../../../../../ts-src/platform/windows/native/koffi-native.js";
import { DEFAULT_SETTINGS } from "../../../support/fake-http-api.js";

/** Buffers at made-up addresses, far apart, so that a pointer names one Buffer and an offset in it. */
class FakeMemory {
  private readonly regions: { base: bigint; buffer: Buffer }[] = [];
  private next = 0x1_0000_0000n;

  address(buffer: Buffer): bigint {
    const known = this.regions.find((r) => r.buffer === buffer);
    if (known) return known.base;
    const base = this.next;
    this.next += 0x1_0000_0000n;
    this.regions.push({ base, buffer });
    return base;
  }

  at(pointer: bigint): { buffer: Buffer; offset: number } {
    const region = this.regions.find((r) => pointer >= r.base && pointer < r.base + BigInt(r.buffer.length));
    assert.ok(region, `a pointer to nowhere: 0x${pointer.toString(16)}`);
    return { buffer: region.buffer, offset: Number(pointer - region.base) };
  }
}

function record(endpoint: string, storeName = "My"): HttpSysRecord {
  return { kind: "ipport", endpoint, thumbprint: "AB".repeat(20), appId: "{4dc3e181-e14b-4a21-b022-59fc669b0914}", storeName, settings: { ...DEFAULT_SETTINGS, flags: 0x8000_2000 } };
}

/**
 * httpapi.dll as its documentation describes the calls, for ipport records only: enumeration by dwToken,
 * ERROR_INSUFFICIENT_BUFFER with the size needed, ERROR_FILE_NOT_FOUND, ERROR_NO_MORE_ITEMS; other families and
 * the …Ex ids answer `unsupported`.
 */
function fakeHttpApi(initial: HttpSysRecord[], options: { withUpdate?: boolean; initialize?: number; unsupported?: number } = {}) {
  const memory = new FakeMemory();
  const store = new Map(initial.map((r) => [r.endpoint, r]));
  const calls: string[] = [];
  const loaded: string[] = [];
  const functions: Record<string, KoffiFunction> = {
    HttpInitialize: (version, flags) => {
      calls.push(`HttpInitialize ${String(version)} ${String(flags)}`);
      return options.initialize ?? 0;
    },
    HttpTerminate: () => 0,
    HttpQueryServiceConfiguration: (handle, configId, input, inputLength, output, outputLength, returned, overlapped) => {
      assert.equal(handle, null);
      assert.equal(overlapped, null);
      const query = input as Buffer;
      assert.equal(inputLength, query.length);
      calls.push(`Query ${String(configId)} ${outputLength}`);
      if (configId !== ConfigId.SslCertInfo) return options.unsupported ?? 87;
      const sorted = [...store.values()].sort((a, b) => a.endpoint.localeCompare(b.endpoint));
      let found: HttpSysRecord | undefined;
      if (query.readUInt32LE(0) === 1) {
        found = sorted[query.readUInt32LE(16)];
        if (!found) return 259;
      } else {
        const { buffer, offset } = memory.at(query.readBigUInt64LE(8));
        found = store.get(formatIpPort(decodeSocketAddress(buffer, offset)));
        if (!found) return 2;
      }
      const out = output as Buffer;
      const encoded = encodeSslSet(found);
      if (encoded.bytes.length > (outputLength as number)) {
        (returned as Buffer).writeUInt32LE(encoded.bytes.length, 0);
        return 122;
      }
      link(encoded, memory.address(out)).copy(out);
      return 0;
    },
    HttpSetServiceConfiguration: (handle, configId, input) => {
      const set = input as Buffer;
      const written = decodeSslSet("ipport", set, memory.address(set));
      calls.push(`Set ${String(configId)} ${written.endpoint}`);
      if (store.has(written.endpoint)) return 183;
      store.set(written.endpoint, written);
      return 0;
    },
    HttpDeleteServiceConfiguration: (handle, configId, input) => {
      const set = input as Buffer;
      const key = decodeSslSet("ipport", set, memory.address(set)).endpoint;
      calls.push(`Delete ${String(configId)} ${key}`);
      return store.delete(key) ? 0 : 2;
    },
    HttpUpdateServiceConfiguration: (handle, configId, input) => {
      const set = input as Buffer;
      const written = decodeSslSet("ipport", set, memory.address(set));
      calls.push(`Update ${String(configId)} ${written.endpoint}`);
      if (!store.has(written.endpoint)) return 2;
      store.set(written.endpoint, written);
      return 0;
    },
  };
  const koffi: KoffiNative = {
    version: "3.3.4",
    address: (value) => memory.address(value as Buffer),
    load: (path) => {
      loaded.push(path);
      return {
        func: (convention, name) => {
          assert.equal(convention, "__stdcall");
          if (name === "HttpUpdateServiceConfiguration" && options.withUpdate === false) throw new Error(`Cannot find function '${name}' in shared library`);
          const fn = functions[name];
          assert.ok(fn, `unexpected function ${name}`);
          return fn;
        },
      };
    },
  };
  return { koffi, store, calls, loaded };
}

describe("openKoffiHttpConfigApi", () => {
  it("loads httpapi.dll by its full System32 path and initializes it for configuration (HTTPAPI_VERSION_1, HTTP_INITIALIZE_CONFIG)", () => {
    const fake = fakeHttpApi([]);
    openKoffiHttpConfigApi(fake.koffi, "C:\\Windows");
    assert.deepEqual(fake.loaded, ["C:\\Windows\\System32\\httpapi.dll"]);
    assert.deepEqual(fake.calls, ["HttpInitialize 1 2"]);
  });

  it("turns a failed HttpInitialize into CR4006 naming it", () => {
    assert.throws(() => openKoffiHttpConfigApi(fakeHttpApi([], { initialize: 5 }).koffi, "C:\\Windows"), (error: unknown) => {
      assert.ok(error instanceof Win32CallError);
      assert.equal(error.code, "CR4006");
      assert.equal(error.message, "HttpInitialize failed: ERROR_ACCESS_DENIED (5)");
      return true;
    });
  });

  it("enumerates by dwToken to ERROR_NO_MORE_ITEMS, asking again with the size ERROR_INSUFFICIENT_BUFFER gives", () => {
    const long = record("10.0.0.1:443", "S".repeat(900));
    const fake = fakeHttpApi([record("0.0.0.0:443"), long, record("[::]:443")]);
    const api = openKoffiHttpConfigApi(fake.koffi, "C:\\Windows");
    const listed = api.list("ipport");
    assert.deepEqual(listed.map((r) => r.endpoint), ["[::]:443", "0.0.0.0:443", "10.0.0.1:443"], "in the order of the tokens");
    assert.deepEqual(listed[2], long, "every field read back");
    const queries = fake.calls.filter((c) => c.startsWith("Query 1 "));
    assert.equal(queries.length, 5, "three records, one retry for the long one, the end");
    assert.deepEqual(queries.map((q) => Number(q.split(" ")[2]) > 1024), [false, false, false, true, false], "the retry uses the size asked for");
  });

  it("answers null for a record that is not there, and CR4006 for any other error", () => {
    const api = openKoffiHttpConfigApi(fakeHttpApi([record("0.0.0.0:443")]).koffi, "C:\\Windows");
    assert.deepEqual(api.get({ kind: "ipport", endpoint: "0.0.0.0:443" }), record("0.0.0.0:443"));
    assert.equal(api.get({ kind: "ipport", endpoint: "0.0.0.0:444" }), null);
    assert.throws(() => api.get({ kind: "hostnameport", endpoint: "a.example:443" }), /^Win32CallError: HttpQueryServiceConfiguration failed: ERROR_INVALID_PARAMETER \(87\) \(hostnameport a\.example:443\)$/);
  });

  it("refuses a returned structure it cannot read with CR4006 instead of following a stray pointer", () => {
    const fake = fakeHttpApi([record("0.0.0.0:443")]);
    const query = fake.koffi.load("x").func("__stdcall", "HttpQueryServiceConfiguration", "uint32", []);
    const api = openKoffiHttpConfigApi(
      {
        ...fake.koffi,
        load: () => ({
          func: (convention, name, result, params) =>
            name === "HttpQueryServiceConfiguration"
              ? (...args: unknown[]) => {
                  const status = query(...args);
                  if (status === 0) (args[4] as Buffer).writeBigUInt64LE(0xdead_0000n, 0);
                  return status;
                }
              : fake.koffi.load("x").func(convention, name, result, params),
        }),
      },
      "C:\Windows",
    );
    assert.throws(() => api.list("ipport"), /^CertRebindError: HttpQueryServiceConfiguration returned a structure this tool cannot read: a pointer at offset 0 points outside/);
  });

  it("lists no record of a family this Windows does not know, and no extended parameters where the …Ex ids are missing", () => {
    const api = openKoffiHttpConfigApi(fakeHttpApi([record("0.0.0.0:443")]).koffi, "C:\\Windows");
    assert.deepEqual(api.list("scopedccs"), []);
    assert.equal(api.getExtended({ kind: "ipport", endpoint: "0.0.0.0:443" }), null);
    assert.equal(api.getExtended({ kind: "scopedccs", endpoint: "a.example:443" }), null);
  });

  it("finds HttpUpdateServiceConfiguration at run time: used where exported, null where not", () => {
    const fake = fakeHttpApi([record("0.0.0.0:443")]);
    const api = openKoffiHttpConfigApi(fake.koffi, "C:\\Windows");
    api.update!({ ...record("0.0.0.0:443"), thumbprint: "CD".repeat(20) });
    assert.equal(fake.store.get("0.0.0.0:443")!.thumbprint, "CD".repeat(20));
    assert.equal(openKoffiHttpConfigApi(fakeHttpApi([], { withUpdate: false }).koffi, "C:\\Windows").update, null);
  });

  it("writes Set and Delete from the structure, and names the function, the error and its number when one fails", () => {
    const fake = fakeHttpApi([record("0.0.0.0:443")]);
    const api = openKoffiHttpConfigApi(fake.koffi, "C:\\Windows");
    assert.throws(() => api.set(record("0.0.0.0:443")), /^Win32CallError: HttpSetServiceConfiguration failed: ERROR_ALREADY_EXISTS \(183\)$/);
    api.delete({ kind: "ipport", endpoint: "0.0.0.0:443" });
    assert.throws(() => api.delete({ kind: "ipport", endpoint: "0.0.0.0:443" }), /HttpDeleteServiceConfiguration failed: ERROR_FILE_NOT_FOUND \(2\)/);
    api.set(record("[::]:8443"));
    assert.deepEqual([...fake.store.values()], [record("[::]:8443")]);
  });
});
