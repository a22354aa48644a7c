// node:assert for the bundle: yargs' platform layer takes strictEqual and notStrictEqual from it, and loading
// node:assert creates process.stderr as a stream (its colours), which under wine fails on a pipe and costs start-up.
const fail = (message) => {
  throw new Error(message);
};
exports.strictEqual = (actual, expected, message) => actual === expected || fail(message ?? `${actual} !== ${expected}`);
exports.notStrictEqual = (actual, expected, message) => actual !== expected || fail(message ?? `${actual} === ${expected}`);
