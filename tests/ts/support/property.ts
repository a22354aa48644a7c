import assert from "node:assert/strict";
import type { TestContext } from "node:test";
import fc from "fast-check";
import { CertRebindError } from "../../../ts-src/core/errors.js";

/*
 * How the property tests run: a fixed number of cases per property, from one seed (CERTREBIND_FUZZ_SEED, or the
 * default below), so a run can be repeated exactly. Every parse is timed: a case slower than CASE_LIMIT_MS fails,
 * which catches a parser that backtracks or grows quadratically on some input, rather than waiting for a test
 * timeout (a parse that never returns still blocks the test: no check in the same thread can end it).
 */

export const DEFAULT_FUZZ_SEED = 20261127;
export const CASE_LIMIT_MS = 1000;

export const FUZZ_SEED = seedFrom(process.env["CERTREBIND_FUZZ_SEED"]);

function seedFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_FUZZ_SEED;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`CERTREBIND_FUZZ_SEED='${value}' is not an integer`);
  return seed;
}

/**
 * Runs a property for exactly `numRuns` cases and reports the count (and seed) as a diagnostic of the test.
 * `shrink: false` reports the first failing case as it is: shrinking a case that fails by being slow reruns it
 * hundreds of times.
 */
export async function checkProperty<T>(
  t: TestContext,
  property: fc.IProperty<T> | fc.IAsyncProperty<T>,
  numRuns: number,
  options: { shrink?: boolean } = {},
): Promise<void> {
  const parameters: fc.Parameters<T> = { numRuns, seed: FUZZ_SEED, endOnFailure: options.shrink === false };
  const details = property.isAsync()
    ? await fc.check(property as fc.IAsyncProperty<T>, parameters)
    : fc.check(property as fc.IProperty<T>, parameters);
  if (details.failed) {
    const error = details.errorInstance;
    const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    assert.fail(`${fc.defaultReportMessage(details) ?? "the property failed"}\nCause: ${cause}`);
  }
  t.diagnostic(`${details.numRuns} cases (seed ${details.seed})`);
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs one parse, fails when it takes longer than CASE_LIMIT_MS, and returns its result or what it threw. */
export function timed<T>(what: string, run: () => T): Outcome<T> {
  const start = performance.now();
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: run() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  assertFast(what, start);
  return outcome;
}

export async function timedAsync<T>(what: string, run: () => Promise<T>): Promise<Outcome<T>> {
  const start = performance.now();
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: await run() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  assertFast(what, start);
  return outcome;
}

/** The value of a parse that must succeed. */
export function valueOf<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

function assertFast(what: string, start: number): void {
  const ms = performance.now() - start;
  assert.ok(ms < CASE_LIMIT_MS, `${what} took ${ms.toFixed(0)} ms (limit ${CASE_LIMIT_MS} ms)`);
}

/**
 * A CR2003 (malformed host file) about `file`; with `lines`, its message must name a line from 1 to `lines`
 * (`<file>, line N: …`), the position the parser gives.
 */
export function assertHostFileError(error: unknown, file: string, lines?: number): void {
  if (!(error instanceof CertRebindError)) throw error;
  assert.equal(error.code, "CR2003", error.message);
  assert.equal(error.target, file);
  if (lines === undefined) {
    assert.ok(error.message.startsWith(`${file}`), error.message);
    return;
  }
  const line = new RegExp(`^${escapeRegExp(file)}, line (\\d+): `).exec(error.message);
  assert.ok(line, `no line in: ${error.message}`);
  const n = Number(line[1]);
  assert.ok(n >= 1 && n <= lines, `line ${n} is outside 1..${lines}: ${error.message}`);
}

/** Lines of a text as an editor counts them (a final line without a line end counts too). */
export const lineCount = (text: string): number => text.split("\n").length;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
