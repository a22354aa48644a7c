import assert from "node:assert/strict";
import { test } from "node:test";
import { summarize } from "../../../bench/profile.js";

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

test("summarize: self time per file and function, inclusive time counted once per sample", () => {
  // main → parse → parse (recursion) ; main → write
  const profile = {
    nodes: [
      { id: 1, callFrame: frame("(root)", ""), children: [2] },
      { id: 2, callFrame: frame("main", "file:///x/app.cjs", 9), children: [3, 5] },
      { id: 3, callFrame: frame("parse", "file:///x/app.cjs", 19), children: [4] },
      { id: 4, callFrame: frame("parse", "file:///x/app.cjs", 19) },
      { id: 5, callFrame: frame("writeSync", "node:fs", 4) },
    ],
    samples: [4, 4, 3, 5, 2],
    timeDeltas: [1000, 1000, 2000, 500, 500],
    startTime: 0,
    endTime: 5000,
  };
  const summary = summarize(profile);
  assert.equal(summary.sampledMs, 5);
  assert.deepEqual(summary.selfByFile, [["app.cjs", 4.5], ["node:fs", 0.5]]);
  assert.deepEqual(summary.selfByFunction, [["parse app.cjs:20", 4], ["writeSync node:fs:5", 0.5], ["main app.cjs:10", 0.5]]);
  assert.deepEqual(new Map(summary.inclusiveByFunction).get("parse app.cjs:20"), 4);
  assert.deepEqual(new Map(summary.inclusiveByFunction).get("main app.cjs:10"), 5);
});
