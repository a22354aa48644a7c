// One contender of the lock race in host-lock.test.ts: takes the lock, holds it a while, appends when it held it.
import { appendFileSync } from "node:fs";
import { HostLock } from "../../../ts-src/platform/files/host-lock.js";

const [lockPath, logPath, holdMs] = process.argv.slice(2) as [string, string, string];
const lock = await new HostLock(lockPath).acquire(30_000);
const start = Date.now();
await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
const end = Date.now();
await lock.release();
appendFileSync(logPath, `${process.pid} ${start} ${end}\n`);
