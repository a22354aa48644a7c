import type { WrittenBeforeFailure } from "../../platform/ports.js";
import type { SharedFile } from "../binding-kind.js";
import { readIisConfiguration } from "./host-reads.js";

/** applicationHost.config as a file several kinds edit: one byte-exact write of every kind's edits (IisConfig.edit). */
export const applicationHostConfig: SharedFile = {
  name: "applicationHost.config",
  journalStep: "config",
  async path(context) {
    return (await readIisConfiguration(context))?.path ?? null;
  },
  async write(context, edits, session) {
    const edit = await context.host.iisConfig
      .edit(
        (text, path, positions) => edits.flatMap((e) => e.replacements(text, path, positions)),
        (before, text, path) => edits.flatMap((e) => e.undo(before, text, path)),
      )
      .catch((error: unknown) => {
        const written = (error as Partial<WrittenBeforeFailure>).undo;
        if (written) session.onUndo("applicationHost.config", written);
        throw error;
      });
    session.onUndo(edit.path, () => edit.undo());
  },
};
