/**
 * JSON.stringify(value), the same text, in pieces: arrays element by element and plain objects member by member down
 * to `depth`, anything else by JSON.stringify itself. An envelope of 13 MB (a rebind of 11,000 records) is then
 * written as it is made, never held whole nor copied into one fresh 13 MB string.
 */
export function* jsonPieces(value: unknown, depth = 4): Generator<string> {
  if (depth === 0 || !isContainer(value)) {
    yield JSON.stringify(value) ?? "null"; // undefined, a function or a symbol: null, as in an array
    return;
  }
  if (Array.isArray(value)) {
    yield "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ",";
      yield* jsonPieces(value[i], depth - 1);
    }
    yield "]";
    return;
  }
  yield "{";
  let first = true;
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    const text = depth > 1 && isContainer(member) ? null : JSON.stringify(member);
    if (text === undefined) continue; // a member JSON.stringify leaves out
    yield `${first ? "" : ","}${JSON.stringify(key)}:`;
    first = false;
    if (text === null) yield* jsonPieces(member, depth - 1);
    else yield text;
  }
  yield "}";
}

/** An array or a plain object without toJSON: what is taken apart here, as JSON.stringify would. */
function isContainer(value: unknown): value is object {
  if (value === null || typeof value !== "object" || typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}
