import { AUTO_REBIND_TASK_PATH, encodeTaskXml, IIS_REBIND_TASK_PATH } from "../../../task/auto-rebind-task.js";
import type { CapturePart, PartReport } from "../capture-part.js";
import { redactText } from "../redaction.js";
import { toolFailure } from "../tool-failure.js";

/** The tasks a snapshot host holds (docs/snapshot-host.md): CertRebind's and IIS's own. */
const CAPTURED_TASKS = [AUTO_REBIND_TASK_PATH, IIS_REBIND_TASK_PATH] as const;

/**
 * `tasks/<task path>.xml`: each registered task's definition, UTF-16 LE with a byte order mark as Task Scheduler
 * writes it, and `<task path>.json` with its last run when it has run. A task that is not registered writes nothing.
 */
export const tasksPart: CapturePart = {
  name: "tasks",
  async capture(source, out, redaction) {
    const report: PartReport = { part: "tasks", count: 0, of: "tasks", files: [], warnings: [] };
    for (const path of CAPTURED_TASKS) {
      let task: Awaited<ReturnType<typeof source.host.taskScheduler.get>>;
      try {
        task = await source.host.taskScheduler.get(path);
      } catch (error) {
        const why = toolFailure(error);
        if (why === null) throw error;
        report.warnings.push(`The scheduled task ${path} could not be read (${why}): the capture has no definition of it, whether or not it is registered.`);
        continue;
      }
      if (task === null) continue;
      const file = `tasks/${path.slice(1).split("\\").join("/")}`;
      report.files.push(await out.write(`${file}.xml`, encodeTaskXml(redactText(redaction, task.xml))));
      if (task.lastRunTime !== null || task.lastResult !== null) {
        report.files.push(await out.write(`${file}.json`, `${JSON.stringify({ lastRunTime: task.lastRunTime, lastResult: task.lastResult }, null, 2)}\n`));
      }
      report.count++;
    }
    return report;
  },
};
