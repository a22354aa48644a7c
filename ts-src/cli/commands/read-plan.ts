import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import type { ConfirmedPlan } from "../../providers/rebind/confirmed-plan.js";
import type { CommandContext } from "../command.js";

/** A plan larger than this is not one a user confirmed (50,000 changes of a dry run take about 40 MB). */
const MAX_PLAN_BYTES = 256 * 1024 * 1024;

/** `--plan FILE` or `--plan -` (standard input): the changes the user confirmed; CR2012 when it cannot be used. */
export async function readConfirmedPlan(value: string, context: CommandContext): Promise<ConfirmedPlan> {
  const { parseConfirmedPlan } = await import("../../providers/rebind/confirmed-plan.js");
  if (value === "-") return parseConfirmedPlan(await context.stdin(), "on standard input");
  const path = resolve(value);
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error("it is not a file");
    if (info.size > MAX_PLAN_BYTES) throw new Error(`it is larger than ${MAX_PLAN_BYTES} bytes`);
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CertRebindError("CR2012", `The plan ${path} cannot be read: ${(error as Error).message}. Nothing was changed.`, ExitCode.BadInput, path);
  }
  return parseConfirmedPlan(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, path);
}
