/**
 * Test hooks of the writes of one run, off unless their environment variables are set:
 * - `CERTREBIND_TEST_FAIL_WRITE=N`: the N-th write of a host file fails before it changes anything (rollback tests);
 * - `CERTREBIND_TEST_KILL_AFTER_WRITE=N`: the process kills itself (SIGKILL) right after its N-th durable write of
 *   any file, host or state (the crash-safety kill test);
 * - `CERTREBIND_TEST_SIGNAL_AFTER_WRITE=N:SIGINT` (or `:SIGTERM`): the process sends itself that signal right after
 *   its N-th durable write (the interruption tests);
 * - `CERTREBIND_TEST_PAUSE_AFTER_WRITE=N:MS`: the process stops for MS milliseconds right after its N-th durable
 *   write, holding the lock (the lock tests).
 */
export class WriteHooks {
  private hostWrites = 0;
  private writes = 0;

  constructor(
    private readonly failHostWriteAt: number | null = null,
    private readonly killAfterWrite: number | null = null,
    private readonly signalAfterWrite: { at: number; signal: "SIGINT" | "SIGTERM" } | null = null,
    private readonly pauseAfterWrite: { at: number; ms: number } | null = null,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv): WriteHooks {
    const signal = /^(\d+):(SIGINT|SIGTERM)$/.exec(env["CERTREBIND_TEST_SIGNAL_AFTER_WRITE"] ?? "");
    const pause = /^(\d+):(\d+)$/.exec(env["CERTREBIND_TEST_PAUSE_AFTER_WRITE"] ?? "");
    return new WriteHooks(
      positive(env["CERTREBIND_TEST_FAIL_WRITE"]),
      positive(env["CERTREBIND_TEST_KILL_AFTER_WRITE"]),
      signal ? { at: Number(signal[1]), signal: signal[2] as "SIGINT" | "SIGTERM" } : null,
      pause ? { at: Number(pause[1]), ms: Math.min(Number(pause[2]), 120_000) } : null,
    );
  }

  /** Counts a write of a host file; true when this one is to fail. */
  hostWriteFails(): boolean {
    this.hostWrites += 1;
    return this.hostWrites === this.failHostWriteAt;
  }

  written(): void {
    this.writes += 1;
    if (this.writes === this.killAfterWrite) process.kill(process.pid, "SIGKILL");
    if (this.writes === this.signalAfterWrite?.at) process.kill(process.pid, this.signalAfterWrite.signal);
    if (this.writes === this.pauseAfterWrite?.at) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, this.pauseAfterWrite.ms);
  }
}

function positive(value: string | undefined): number | null {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : null;
}
