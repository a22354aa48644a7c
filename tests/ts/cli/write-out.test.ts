import { test } from "node:test";
import assert from "node:assert/strict";
import { writeAll } from "../../../ts-src/cli/write-out.js";

const failure = (code: string) => Object.assign(new Error(code), { code });

test("writeAll goes on after a non-blocking pipe's EAGAIN and short writes until every byte is written", () => {
  const written: Buffer[] = [];
  let calls = 0;
  const fake = ((_fd: number, bytes: Buffer, offset: number, length: number) => {
    calls++;
    if (calls % 2 === 0) throw failure("EAGAIN");
    const part = bytes.subarray(offset, offset + Math.min(length, 3));
    written.push(Buffer.from(part));
    return part.length;
  }) as unknown as typeof import("node:fs").writeSync;
  writeAll(1, "{\"envelope\":\"ü\"}\n", fake);
  assert.equal(Buffer.concat(written).toString("utf8"), "{\"envelope\":\"ü\"}\n");
  assert.ok(calls > 10);
});

test("writeAll writes a text larger than its buffer, a surrogate pair split by no piece", () => {
  const written: Buffer[] = [];
  const fake = ((_fd: number, bytes: Buffer, offset: number, length: number) => {
    written.push(Buffer.from(bytes.subarray(offset, offset + length)));
    return length;
  }) as unknown as typeof import("node:fs").writeSync;
  const text = `${"x".repeat(256 * 1024 - 1)}😀${"é€".repeat(300_000)}`;
  writeAll(1, text, fake);
  assert.equal(Buffer.concat(written).toString("utf8"), text);
});

test("writeAll drops the rest when the reader has gone (EPIPE) and throws other errors", () => {
  const closed = (() => {
    throw failure("EPIPE");
  }) as unknown as typeof import("node:fs").writeSync;
  assert.doesNotThrow(() => writeAll(1, "text", closed));
  const broken = (() => {
    throw failure("EIO");
  }) as unknown as typeof import("node:fs").writeSync;
  assert.throws(() => writeAll(1, "text", broken), /EIO/);
});
