import type { Options } from "yargs";
import type { ChangeView } from "../../core/rebind/plan.js";
import type { RebindData } from "../../providers/rebind/run-rebind.js";

/** `--kept-once` of `rebind` (docs/cli-contract.md). */
export const KEPT_ONCE_OPTION: Options = {
  type: "boolean",
  default: false,
  describe: "With --json: list each distinct kept list once (data.keptLists); a change's kept is its index there",
};

/**
 * The rebind data with each distinct `kept` list written once, in `keptLists`, and each change's `kept` its index
 * there. Records of one host keep the same few settings, so thousands of changes share a handful of lists, and a
 * reader parses each once (docs/cli-contract.md, `--kept-once`).
 */
export function keptOnce(data: RebindData): Omit<RebindData, "changes"> & { changes: (Omit<ChangeView, "kept"> & { kept: number })[]; keptLists: string[][] } {
  const keptLists: string[][] = [];
  const indexes = new Map<string, number>();
  const changes = data.changes.map((change) => {
    const key = JSON.stringify(change.kept);
    let index = indexes.get(key);
    if (index === undefined) {
      index = keptLists.push(change.kept) - 1;
      indexes.set(key, index);
    }
    return { ...change, kept: index };
  });
  return { ...data, changes, keptLists };
}
