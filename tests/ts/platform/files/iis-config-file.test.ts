import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { HostWriter } from "../../../../ts-src/platform/files/host-writer.js";
import { IisConfigFile } from "../../../../ts-src/platform/files/iis-config-file.js";
import type { ConfigPositions } from "../../../../ts-src/platform/formats/application-host.js";
import { ftpCertificateReplacements } from "../../../../ts-src/platform/formats/application-host-edit.js";
import { copyOfDemoHost } from "../../support/snapshot.js";

describe("IisConfigFile", () => {
  const open = () => {
    const inetsrv = join(copyOfDemoHost(), "inetsrv");
    return { file: join(inetsrv, "applicationHost.config"), config: new IisConfigFile(inetsrv, () => join(inetsrv, "shared.config"), new HostWriter()) };
  };

  it("gives the file's text byte for byte, without its UTF-8 byte order mark, also after writing it; the edit keeps the mark", async () => {
    const { file, config } = open();
    const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
    writeFileSync(file, `\uFEFF${text}`);
    assert.equal((await config.readText())?.text, text);
    const edited = text.replace("</sites>", "<!-- edited --></sites>");
    const at = text.indexOf("</sites>");
    await config.edit(() => [{ start: at, end: at, value: "<!-- edited -->" }], () => []);
    assert.deepEqual(readFileSync(file), Buffer.from(`\uFEFF${edited}`, "utf8"));
    assert.equal((await config.readText())?.text, edited);
  });

  it("reads the file again when someone else changed it since", async () => {
    const { file, config } = open();
    const before = (await config.read())!.sites.length;
    await config.readText();
    writeFileSync(file, readFileSync(file, "utf8").replace(/<site [^>]*>[\s\S]*?<\/site>/, ""));
    assert.equal((await config.read())!.sites.length, before - 1);
    assert.equal((await config.readText())?.text, readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  });

  /** An FTP edit of `site` that records the positions each of its plans is given; `meanwhile` runs after each plan. */
  const ftpEdit = (site: string, thumbprint: string, meanwhile: () => void = () => {}) => {
    const given: { text: string; positions: ConfigPositions | null }[] = [];
    const plan = (text: string, path: string, positions: ConfigPositions | null) => {
      given.push({ text, positions });
      const replacements = ftpCertificateReplacements(text, path, [{ site, thumbprint }], positions);
      meanwhile();
      return replacements;
    };
    return { given, plan };
  };
  const ftpHashOf = async (config: IisConfigFile, site: string) => (await config.read())!.sites.find((s) => s.name === site)?.ftpSsl?.serverCertHash?.toUpperCase();
  // Another program's change that moves every offset after the sites' start.
  const insertComment = (file: string, comment: string) => writeFileSync(file, readFileSync(file, "utf8").replace("<sites>", `<sites><!-- ${comment} -->`));

  it("hands an edit's plan the positions its read found in the same text, and none in any other text", async () => {
    const { file, config } = open();
    const site = (await config.read())!.sites.find((s) => s.ftpSsl?.serverCertHash)!.name;
    const asRead = ftpEdit(site, "A".repeat(40));
    await config.edit(asRead.plan, () => []);
    assert.equal(asRead.given.length, 1);
    assert.equal(asRead.given[0]!.positions?.text, asRead.given[0]!.text, "the read's positions, of the text planned on");
    // Planned on the text this edit wrote, which no read parsed.
    const asWritten = ftpEdit(site, "B".repeat(40));
    await config.edit(asWritten.plan, () => []);
    assert.deepEqual(asWritten.given.map((g) => g.positions), [null]);
    assert.equal(await ftpHashOf(config, site), "B".repeat(40));
    // Planned on the file as another program changed it after the read.
    insertComment(file, "after the read");
    const asChanged = ftpEdit(site, "C".repeat(40));
    await config.edit(asChanged.plan, () => []);
    assert.deepEqual(asChanged.given.map((g) => g.positions), [null]);
    assert.equal(await ftpHashOf(config, site), "C".repeat(40));
  });

  it("plans again without the read's positions when another program changed the file while the edit was planned", async () => {
    const { file, config } = open();
    const site = (await config.read())!.sites.find((s) => s.ftpSsl?.serverCertHash)!.name;
    let changes = 0;
    const edit = ftpEdit(site, "D".repeat(40), () => changes++ === 0 && insertComment(file, "while planning"));
    await config.edit(edit.plan, () => []);
    assert.equal(edit.given.length, 2, "planned on the file as read, then as changed");
    assert.equal(edit.given[0]!.positions?.text, edit.given[0]!.text);
    assert.equal(edit.given[1]!.positions, null);
    assert.match(readFileSync(file, "utf8"), /<!-- while planning -->/);
    assert.equal(await ftpHashOf(config, site), "D".repeat(40));
  });
});
