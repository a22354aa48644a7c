/**
 * A tool that could not be started at all (not found, or refused by the system: an application control policy). In a
 * file of its own so that code that only recognises the error does not load execa (whose module opens stdin at load).
 */
export class ToolStartError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file} could not be started: ${detail}`);
    this.name = "ToolStartError";
  }
}
