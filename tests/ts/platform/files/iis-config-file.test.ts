import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { HostWriter } from "../../../../ts-src/platform/files/host-writer.js";
import { IisConfigFile } from "../../../../ts-src/platform/files/iis-config-file.js";
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
});
