import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeToolText, execaRunner } from "../../../../ts-src/platform/windows/tool-runner.js";

// The real streaming runner, with Node itself as the tool: the same execa call the exe makes for wevtutil.
const node = process.execPath;

describe("execaRunner.stream", () => {
  it("hands stdout over in chunks as the tool writes it, then its exit code and stderr", async () => {
    const script = "const line = 'x'.repeat(1023) + '\\n'; for (let i = 0; i < 8192; i++) process.stdout.write(line); process.stderr.write('done'); process.exitCode = 3;";
    const tool = execaRunner.stream!(node, ["-e", script]);
    let bytes = 0;
    let chunks = 0;
    for await (const chunk of tool.stdout) {
      bytes += chunk.length;
      chunks++;
    }
    assert.equal(bytes, 8 * 1024 * 1024);
    assert.ok(chunks > 8, `${chunks} chunks`);
    assert.deepEqual(await tool.finished, { exitCode: 3, stderr: "done" });
  });

  it("passes arguments as they are, without a shell", async () => {
    const tool = execaRunner.stream!(node, ["-e", "process.stdout.write(JSON.stringify(process.argv.slice(1)))", "/q:*[System[EventID=1001]]", "a & b", "$(x)"]);
    let text = "";
    for await (const chunk of tool.stdout) text += Buffer.from(chunk).toString("utf8");
    assert.deepEqual(JSON.parse(text), ["/q:*[System[EventID=1001]]", "a & b", "$(x)"]);
    assert.equal((await tool.finished).exitCode, 0);
  });

  it("ends a tool the reader gives up on", async () => {
    const tool = execaRunner.stream!(node, ["-e", "setInterval(() => process.stdout.write('x'.repeat(65536)), 1)"]);
    for await (const _ of tool.stdout) break;
    tool.stop();
    const { exitCode } = await tool.finished;
    assert.notEqual(exitCode, 0);
  });

  it("rejects `finished` when the tool cannot be started", async () => {
    const tool = execaRunner.stream!("certrebind-no-such-tool", []);
    for await (const _ of tool.stdout) assert.fail("no output expected");
    await assert.rejects(tool.finished, /certrebind-no-such-tool could not be started/);
  });
});

describe("decodeToolText", () => {
  it("reads UTF-16 (wevtutil /uni:true) and UTF-8", () => {
    assert.equal(decodeToolText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Zugriff verweigert", "utf16le")])), "Zugriff verweigert");
    assert.equal(decodeToolText(Buffer.from("Accès refusé", "utf8")), "Accès refusé");
    assert.equal(decodeToolText(undefined), "");
  });
});
