/**
 * JSON.stringify(value), the same text, handed to `write` in pieces: arrays element by element and plain objects member
 * by member down to `depth`, anything else by JSON.stringify itself. An envelope of 13 MB (a rebind of 11,000
 * records) is then written as it is made, never held whole nor copied into one fresh 13 MB string.
 */
export function writeJsonPieces(value: unknown, write: (piece: string) => void, depth = 3): void {
  if (depth === 0 || !isContainer(value)) {
    write(JSON.stringify(value) ?? "null"); // undefined, a function or a symbol: null, as in an array
    return;
  }
  if (Array.isArray(value)) {
    write("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) write(",");
      writeJsonPieces(value[i], write, depth - 1);
    }
    write("]");
    return;
  }
  let first = true;
  write("{");
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    const text = depth > 1 && isContainer(member) ? null : JSON.stringify(member);
    if (text === undefined) continue; // a member JSON.stringify leaves out
    write(`${first ? "" : ","}${JSON.stringify(key)}:`);
    first = false;
    if (text === null) writeJsonPieces(member, write, depth - 1);
    else write(text);
  }
  write("}");
}

/** An array or a plain object without toJSON: what is taken apart here, as JSON.stringify would. */
function isContainer(value: unknown): value is object {
  if (value === null || typeof value !== "object" || typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}
