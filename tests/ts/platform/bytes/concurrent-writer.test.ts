import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { HostWriter } from "../../../../ts-src/platform/files/host-writer.js";
import { EDIT_ATTEMPTS, IisConfigFile } from "../../../../ts-src/platform/files/iis-config-file.js";
import { ftpCertificateReplacements, ftpCertificateUndo } from "../../../../ts-src/platform/formats/application-host-edit.js";
import { WWW_2025, WWW_2026 } from "../../cli/rebind/support.js";
import { run } from "../../support/run.js";
import { copyOfDemoHost, repoRoot } from "../../support/snapshot.js";

const ROUNDS = 100;

/** Starts the appender on `file`; `stop()` ends it and gives the number of comments it appended. */
async function startAppender(file: string): Promise<{ stop(): Promise<number> }> {
  const child = spawn(process.execPath, [join(repoRoot, "tests/ts/support/append-comments.mjs"), file, "20"], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  while (!out.includes("started")) await new Promise((r) => setTimeout(r, 5));
  return {
    async stop() {
      child.kill("SIGTERM");
      await once(child, "exit");
      return Number(out.trim().split("\n").pop());
    },
  };
}

function assertEveryAppendKept(file: string, appended: number): void {
  const text = readFileSync(file, "utf8");
  const found = [...text.matchAll(/<!-- appended (\d+) -->/g)].map((m) => Number(m[1]));
  assert.ok(appended >= 20, `the appender ran through the rounds (${appended} appends)`);
  const missing = [...Array(appended).keys()].filter((n) => !found.includes(n));
  // At most one: the residual window of an appender paused between its open and its write across the rename
  // (docs/snapshot-host.md, "Writes"). Without the comparison before the rename, every append made while a run
  // plans its edit is lost: tens of them.
  assert.ok(missing.length <= 1, `appends lost out of ${appended}: ${missing.join(", ")}`);
  assert.equal(new Set(found).size, found.length, "no append is there twice");
}

test(`a process appending to applicationHost.config during ${ROUNDS} rebinds loses no append but in the residual window`, async () => {
  const root = copyOfDemoHost();
  const file = join(root, "inetsrv/applicationHost.config");
  const appender = await startAppender(file);
  let [from, to] = [WWW_2025, WWW_2026];
  let applied = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const result = await run(["rebind", "--json", "--force", "--host-root", root, "--old", from, "--new", to]);
      if (result.exitCode === 0) {
        applied++;
        [from, to] = [to, from];
        continue;
      }
      // A run that meets a change at each of its attempts gives up, rolled back, and leaves the other's change.
      assert.equal(result.exitCode, 1, `round ${round}: ${result.stdout}`);
      assert.match(result.envelope().errors.at(-1)!.message, /changed by another program each of the \d+ times/, `round ${round}`);
    }
  } finally {
    assertEveryAppendKept(file, await appender.stop());
  }
  assert.ok(applied >= ROUNDS / 2, `most rebinds get through (${applied} of ${ROUNDS})`);
  assert.equal((readFileSync(file, "utf8").match(new RegExp(`serverCertHash="${from.toLowerCase()}"`, "g")) ?? []).length, 2, "on the certificate of the last rebind applied");
});

test(`a process appending to applicationHost.config during ${ROUNDS} edits and rollbacks loses no append but in the residual window`, async () => {
  const inetsrv = join(copyOfDemoHost(), "inetsrv");
  const file = join(inetsrv, "applicationHost.config");
  const config = new IisConfigFile(inetsrv, () => join(inetsrv, "shared.config"), new HostWriter());
  const edits = [{ site: null, thumbprint: WWW_2026 }, { site: "FTP", thumbprint: WWW_2026, storeName: "WebHosting" }];
  const site = (await config.read())!.sites.find((s) => s.ftpSsl)!.name;
  edits[1]!.site = site;
  const appender = await startAppender(file);
  let gaveUp = 0;
  // An edit or an undo that meets a change at each of its attempts gives up and leaves the other program's file.
  const orGiveUp = async <T>(attempt: () => Promise<T>): Promise<T | null> => {
    try {
      return await attempt();
    } catch (error) {
      assert.match((error as Error).message, /changed by another program each of the \d+ times/);
      gaveUp++;
      return null;
    }
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const edit = await orGiveUp(() =>
        config.edit(
          (text, path, positions) => ftpCertificateReplacements(text, path, edits, positions),
          (before, text, path) => ftpCertificateReplacements(text, path, ftpCertificateUndo(before, path, edits), null),
        ),
      );
      if (edit === null) continue;
      assert.match(readFileSync(file, "utf8"), new RegExp(`serverCertHash="${WWW_2026.toLowerCase()}" serverCertStoreName="WebHosting"`));
      while ((await orGiveUp(() => edit.undo())) === null);
    }
  } finally {
    assertEveryAppendKept(file, await appender.stop());
  }
  assert.ok(gaveUp <= ROUNDS / 2, `most edits and undos get through (${gaveUp} gave up)`);
  const text = readFileSync(file, "utf8");
  assert.doesNotMatch(text, new RegExp(WWW_2026, "i"), "every edit undone");
});

test(`a file that changes before every replacement is left as the other program wrote it after ${EDIT_ATTEMPTS} attempts`, async () => {
  const inetsrv = join(copyOfDemoHost(), "inetsrv");
  const file = join(inetsrv, "applicationHost.config");
  const config = new IisConfigFile(inetsrv, () => join(inetsrv, "shared.config"), new HostWriter());
  let planned = 0;
  await assert.rejects(
    config.edit((text) => {
      planned++;
      // Another program writes the file after each plan, before the replacement.
      appendFileSync(file, `<!-- meanwhile ${planned} -->\n`);
      return [{ start: 0, end: 0, value: "" }];
    }, () => []),
    new RegExp(`changed by another program each of the ${EDIT_ATTEMPTS} times`),
  );
  assert.equal(planned, EDIT_ATTEMPTS);
  assert.match(readFileSync(file, "utf8"), new RegExp(`<!-- meanwhile ${EDIT_ATTEMPTS} -->\\n$`));
});

test(`an append carried over at the last of the ${EDIT_ATTEMPTS} attempts is written, not dropped with the edit`, async () => {
  const inetsrv = join(copyOfDemoHost(), "inetsrv");
  const file = join(inetsrv, "applicationHost.config");
  let calls = 0;
  // Another program writes the file before each of the first attempts; at the last one, it appends to the old file
  // just before the rename (what replaceIfUnchanged reports as `superseded`).
  class LateAppender extends HostWriter {
    override async replaceIfUnchanged(path: string, expected: Buffer, data: Buffer) {
      calls++;
      if (calls < EDIT_ATTEMPTS) appendFileSync(path, `<!-- meanwhile ${calls} -->\n`);
      const outcome = await super.replaceIfUnchanged(path, expected, data);
      if (calls !== EDIT_ATTEMPTS || !outcome.replaced) return outcome;
      return { replaced: true as const, superseded: Buffer.concat([expected, Buffer.from("<!-- late -->\n")]) };
    }
  }
  const config = new IisConfigFile(inetsrv, () => join(inetsrv, "shared.config"), new LateAppender());
  await config.edit(() => [{ start: 0, end: 0, value: "" }], () => []);
  assert.equal(calls, EDIT_ATTEMPTS + 1, "written once more, with the append");
  assert.match(readFileSync(file, "utf8"), new RegExp(`<!-- meanwhile ${EDIT_ATTEMPTS - 1} -->\\n<!-- late -->\\n$`));
});
