import { test } from "node:test";
import assert from "node:assert/strict";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { describeEnvironmentError, environmentError } from "../../../../ts-src/platform/files/environment-error.js";

const systemError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields["code"])), fields);

test("an error of the system is CR4009, exit 4, naming the path, the error and what to do", () => {
  const error = environmentError(systemError({ code: "ENOSPC", errno: -28, syscall: "write", path: "/host/state/journal.json" }));
  assert.ok(error instanceof CertRebindError);
  assert.equal(error.code, "CR4009");
  assert.equal(error.exitCode, 4);
  assert.equal(error.target, "/host/state/journal.json");
  assert.equal(error.message, "/host/state/journal.json: the file system is full (ENOSPC); free space on it, then run again.");
});

test("an error libuv does not name (EDQUOT is 'Unknown system error -122') is named from its number", () => {
  const quota = systemError({ code: "Unknown system error -122", errno: -122, syscall: "open", path: "/host/httpsys/sslcert.txt" });
  assert.match(describeEnvironmentError(quota) ?? "", /^\/host\/httpsys\/sslcert\.txt: the disk quota of this user is used up \(EDQUOT\)/);
});

test("a hard link the file system refuses is named as such, with the lock's path", () => {
  const link = systemError({ code: "EPERM", errno: -1, syscall: "link", path: "/host/state/lock.1.tmp", dest: "/host/state/lock" });
  assert.match(describeEnvironmentError(link) ?? "", /^\/host\/state\/lock\.1\.tmp: the file system of the state folder does not support hard links \(EPERM\)/);
});

test("the system error is found in the causes of the error that wraps it", () => {
  const wrapped = new Error("sslcert.txt could not be written", { cause: systemError({ code: "EIO", errno: -5, syscall: "fsync" }) });
  assert.equal(describeEnvironmentError(wrapped, "/host/httpsys/sslcert.txt"), "/host/httpsys/sslcert.txt: an input/output error of the disk (EIO); check the disk and its file system (the kernel log, or the System event log), then run again.");
});

test("anything else is not the environment's: a bug stays a bug, and a CertRebindError keeps its own code", () => {
  assert.equal(environmentError(new TypeError("x is undefined")), null);
  assert.equal(environmentError(systemError({ code: "ENOENT", errno: -2, path: "/x" })), null);
  assert.equal(environmentError(new CertRebindError("CR4003", "busy", 4)), null);
});
