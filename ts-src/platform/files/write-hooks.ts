/**
 * Test hooks of the writes of one run, off unless their environment variables are set:
 * - `CERTREBIND_TEST_FAIL_WRITE=N`: the N-th write of a host file fails before it changes anything (rollback tests);
 * - `CERTREBIND_TEST_KILL_AFTER_WRITE=N`: the process kills itself (SIGKILL) right after its N-th durable write of
 *   any file, host or state (the crash-safety kill test).
 */
export class WriteHooks {
  private hostWrites = 0;
  private writes = 0;

  constructor(
    private readonly failHostWriteAt: number | null = null,
    private readonly killAfterWrite: number | null = null,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv): WriteHooks {
    return new WriteHooks(positive(env["CERTREBIND_TEST_FAIL_WRITE"]), positive(env["CERTREBIND_TEST_KILL_AFTER_WRITE"]));
  }

  /** Counts a write of a host file; true when this one is to fail. */
  hostWriteFails(): boolean {
    this.hostWrites += 1;
    return this.hostWrites === this.failHostWriteAt;
  }

  written(): void {
    this.writes += 1;
    if (this.writes === this.killAfterWrite) process.kill(process.pid, "SIGKILL");
  }
}

function positive(value: string | undefined): number | null {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : null;
}
