/** The first non-empty line of a tool's output, trimmed: what an error message quotes. */
export function firstLine(text: string): string {
  return text.split(/\r?\n/).map((line) => line.trim()).find((line) => line !== "") ?? "";
}
