import type { WindowsAccess } from "../../../ts-src/platform/kind-access.js";
import type { ToolRunner } from "../../../ts-src/platform/windows/tool-runner.js";

/** Windows for a binding kind's adapter that only runs tools: `run` answers; koffi and the registry are not there. */
export function toolsOnlyWindows(run: ToolRunner): WindowsAccess {
  return {
    run,
    native: async () => {
      throw new Error("no koffi in this test");
    },
    systemRoot: "C:\\Windows",
    get registry(): never {
      throw new Error("no registry in this test");
    },
  };
}
