/**
 * Ctrl-C (SIGINT) and SIGTERM. While a run holds the lock, a signal does not kill the process: it is noted, the
 * run stops at its next checkpoint, puts back what it changed, audits that and exits; outside a run the process
 * stops at once, having changed nothing. A signal that comes after the last change was verified lets the run end
 * as it would have (the change is kept), and says so.
 */
export type StopSignal = "SIGINT" | "SIGTERM";

const SIGNAL_NUMBERS: Record<StopSignal, number> = { SIGINT: 2, SIGTERM: 15 };

export class InterruptedError extends Error {
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}`);
    this.name = "InterruptedError";
  }
}

class Interrupts {
  private signal: StopSignal | null = null;
  private depth = 0;
  /** A deferred section (a run, a recovery) has run: a later signal must not claim that nothing changed. */
  private deferredBefore = false;
  /** What became of the run after the signal has been said. */
  private reported = false;
  private stderr: (text: string) => void = () => {};

  /** Takes over SIGINT and SIGTERM for the rest of the process (the executable does; tests of the code do not). */
  install(stderr: (text: string) => void): void {
    this.stderr = stderr;
    for (const signal of Object.keys(SIGNAL_NUMBERS) as StopSignal[]) process.on(signal, () => this.receive(signal));
  }

  /** The signal received, if any. */
  get received(): StopSignal | null {
    return this.signal;
  }

  /** Runs `work` with signals deferred: they stop it only at its checkpoints. */
  async defer<T>(work: () => Promise<T>): Promise<T> {
    this.depth += 1;
    this.deferredBefore = true;
    try {
      return await work();
    } finally {
      this.depth -= 1;
      if (this.depth === 0 && this.signal && !this.reported) this.report(`${this.signal} came after the run had finished: its outcome stands.`);
    }
  }

  /** Throws InterruptedError when a signal came: the caller undoes what it did. */
  checkpoint(): void {
    if (this.signal) throw new InterruptedError(this.signal);
  }

  /** A line on stderr about the signal. */
  private say(text: string): void {
    this.stderr(`certrebind: ${text}\n`);
  }

  /** The line on stderr that says what became of the run a signal came to. */
  report(text: string): void {
    this.reported = true;
    this.say(text);
  }

  /** Where nothing has changed yet (waiting for the lock): a signal received ends the process now. */
  stopIfUnchanged(): void {
    if (this.signal) this.exitUnchanged(this.signal);
  }

  private exitUnchanged(signal: StopSignal): never {
    this.say(`${signal} received; stopped before changing anything.`);
    process.exit(128 + SIGNAL_NUMBERS[signal]);
  }

  private receive(signal: StopSignal): void {
    const first = this.signal === null;
    this.signal ??= signal;
    if (this.depth === 0 && !this.deferredBefore) this.exitUnchanged(signal);
    if (!first) return;
    if (this.depth === 0) this.report(`${signal} came after the run had finished: its outcome stands.`);
    else this.say(`${signal} received: the run stops at its next safe point and puts back what it changed (do not kill it).`);
  }
}

export const interrupts = new Interrupts();
