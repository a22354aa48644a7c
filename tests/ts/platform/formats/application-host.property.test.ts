import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { spliceText } from "../../../../ts-src/platform/files/host-text.js";
import { parseApplicationHost, parseRedirection, type ConfigPositions } from "../../../../ts-src/platform/formats/application-host.js";
import { editFtpCertificates, ftpCertificateReplacements, type FtpCertificateEdit } from "../../../../ts-src/platform/formats/application-host-edit.js";
import { expectedSites, ftpSslOf, generatedConfig, markOf, type GeneratedConfig } from "../../support/arbitraries/application-host.js";
import { hostileText } from "../../support/arbitraries/hostile.js";
import { mutatedText } from "../../support/arbitraries/mutations.js";
import { decodeReferences } from "../../support/arbitraries/xml-document.js";
import { assertHostFileError, checkProperty, lineCount, timed, valueOf } from "../../support/property.js";

const FILE = "applicationHost.config";
const fixture = (path: string) => readFileSync(new URL(`../../../fixtures/iis-config/${path}`, import.meta.url), "utf8");
const REAL_CONFIGS = [
  "iis-reverse-proxy/applicationHost.config",
  "web-server-iis/applicationHost.config",
  "supernova/applicationHost_SSL.config",
  "supernova/applicationHost.config",
  "iis-sharedgitconfig/applicationHost.config",
].map(fixture);
const XML_TOKENS = ["<!--", "-->", "<![CDATA[", "]]>", "<?", "?>", "<!DOCTYPE x>", "</", "/>", "&amp;", "&#x110000;", "&#0;", "&bogus;", '"', "'", "=", "<site name=\"x\">", "</site>", "<location path=\"\">", "configSource=\"x\""];

const parse = (text: string) => valueOf(timed("parseApplicationHost", () => parseApplicationHost(text, FILE)));

describe("parseApplicationHost on generated configurations", () => {
  it("reads the sites, bindings and FTP settings of any generated configuration", async (t) => {
    await checkProperty(
      t,
      fc.property(generatedConfig, (config) => {
        const { config: parsed, warnings } = parse(config.rendered.text);
        const expected = expectedSites(config);
        assert.deepEqual(parsed.sites, expected.sites);
        assert.deepEqual(parsed.siteDefaultsFtpSsl, config.siteDefaultsFtpSsl ? ftpSslOf(config.siteDefaultsFtpSsl) : null);
        assert.equal(warnings.length, expected.warnings);
      }),
      150,
    );
  });
});

describe("parseApplicationHost on character references", () => {
  const codePoint = fc.oneof(
    fc.integer({ min: 1, max: 0x10ffff }),
    fc.constantFrom(0, 0xd800, 0xdfff, 0x110000),
    fc.integer({ min: 0x110000, max: 2 ** 40 }),
  );
  const reference = fc.tuple(codePoint, fc.boolean()).map(([code, hex]) => ({ code, text: hex ? `&#x${code.toString(16)};` : `&#${code};` }));

  it("decodes a reference to a character and refuses one to no character with CR2003 and the line", async (t) => {
    await checkProperty(
      t,
      fc.property(reference, fc.constantFrom("\n", "\r\n"), ({ code, text }, eol) => {
        const config = `<configuration>${eol}<system.applicationHost><sites>${eol}<site name="a${text}b" id="1" /></sites></system.applicationHost></configuration>`;
        const outcome = timed("parseApplicationHost", () => parseApplicationHost(config, FILE));
        const character = code >= 1 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
        if (character) assert.equal(valueOf(outcome).config.sites[0]!.name, `a${String.fromCodePoint(code)}b`);
        else if (outcome.ok) assert.fail(`${text} was read as ${JSON.stringify(outcome.value.config.sites[0]!.name)}`);
        else assertHostFileError(outcome.error, FILE, 3);
      }),
      100,
    );
  });
});

interface PlannedEdit {
  edit: FtpCertificateEdit;
  site: number | null;
}

const hex40 = fc.stringMatching(/^[0-9A-Fa-f]{40}$/);
const newStoreName = fc.option(fc.oneof(fc.constantFrom("WebHosting", "My"), fc.string({ unit: "grapheme", maxLength: 12 }), fc.constantFrom("it's", 'a"b', "R&D", "<x>")), {
  nil: undefined,
});

function editsFor(config: GeneratedConfig): fc.Arbitrary<PlannedEdit[]> {
  const targets: (number | null)[] = config.sites.flatMap((s, i) => (s.ftpSsl?.serverCertHash ? [i] : []));
  if (config.siteDefaultsFtpSsl?.serverCertHash) targets.push(null);
  return fc.shuffledSubarray(targets).chain((chosen) =>
    fc.tuple(...chosen.map((site) =>
      fc.record({ thumbprint: hex40, storeName: newStoreName }).map(({ thumbprint, storeName }): PlannedEdit => ({
        site,
        edit: { site: site === null ? null : config.sites[site]!.name, thumbprint, ...(storeName === undefined ? {} : { storeName }) },
      })),
    )),
  );
}

interface Change {
  start: number;
  end: number;
  insert: boolean;
  quote: string;
  value: string;
  /** For a hash: the letter case of the value it replaces, which it keeps. */
  upper?: boolean;
}

/** The edits as changes of the original text: value spans replaced, or a store name attribute inserted. */
function changesOf(config: GeneratedConfig, planned: PlannedEdit[]): Change[] {
  const { text, marks } = config.rendered;
  const changes: Change[] = [];
  for (const { edit, site } of planned) {
    const hash = marks.get(markOf("hash", site))!;
    const old = site === null ? config.siteDefaultsFtpSsl!.serverCertHash! : config.sites[site]!.ftpSsl!.serverCertHash!;
    changes.push({ ...hash, insert: false, quote: text[hash.end]!, value: edit.thumbprint, upper: old !== old.toLowerCase() });
    if (edit.storeName === undefined) continue;
    const store = marks.get(markOf("store", site));
    if (store) changes.push({ ...store, insert: false, quote: text[store.end]!, value: edit.storeName });
    else changes.push({ start: hash.end + 1, end: hash.end + 1, insert: true, quote: "", value: edit.storeName });
  }
  return changes.sort((a, b) => a.start - b.start);
}

/** `after` is `before` with exactly these changes: every other byte is the same. */
function assertOnlyChanged(before: string, after: string, changes: Change[]): void {
  let a = 0;
  let b = 0;
  for (const change of changes) {
    const same = before.slice(a, change.start);
    assert.equal(after.slice(b, b + same.length), same, `the text before offset ${change.start} changed`);
    b += same.length;
    let raw: string;
    if (change.insert) {
      const inserted = /^\s+serverCertStoreName\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(after.slice(b));
      assert.ok(inserted, `no serverCertStoreName attribute inserted at ${b}: ${after.slice(b, b + 60)}`);
      raw = inserted[1] ?? inserted[2]!;
      b += inserted[0].length;
    } else {
      const close = after.indexOf(change.quote, b);
      raw = after.slice(b, close);
      b = close;
    }
    assert.ok(!raw.includes("<"), `raw value ${raw}`);
    const expected = change.upper === undefined ? change.value : change.upper ? change.value.toUpperCase() : change.value.toLowerCase();
    assert.equal(decodeReferences(raw), expected);
    a = change.end;
  }
  assert.equal(after.slice(b), before.slice(a), "the text after the last change changed");
}

describe("editFtpCertificates", () => {
  it("changes only the values it is asked to change and leaves every other byte alone", async (t) => {
    await checkProperty(
      t,
      fc.property(
        generatedConfig.chain((config) => fc.tuple(fc.constant(config), editsFor(config))),
        ([config, planned]) => {
          const before = config.rendered.text;
          const after = valueOf(timed("editFtpCertificates", () => editFtpCertificates(before, FILE, planned.map((p) => p.edit))));
          assertOnlyChanged(before, after, changesOf(config, planned));

          const expected = expectedSites(config).sites;
          let defaults = config.siteDefaultsFtpSsl ? ftpSslOf(config.siteDefaultsFtpSsl) : null;
          for (const { edit, site } of planned) {
            const ssl = site === null ? defaults! : expected[site]!.ftpSsl!;
            const updated = { serverCertHash: edit.thumbprint, serverCertStoreName: edit.storeName ?? ssl.serverCertStoreName };
            if (site === null) defaults = updated;
            else expected[site]!.ftpSsl = updated;
          }
          const reread = parse(after).config;
          const caseless = (hash: string | null | undefined) => hash?.toUpperCase() ?? null;
          assert.deepEqual(
            reread.sites.map((s) => s.ftpSsl && { ...s.ftpSsl, serverCertHash: caseless(s.ftpSsl.serverCertHash) }),
            expected.map((s) => s.ftpSsl && { ...s.ftpSsl, serverCertHash: caseless(s.ftpSsl.serverCertHash) }),
          );
          assert.deepEqual(reread.siteDefaultsFtpSsl && caseless(reread.siteDefaultsFtpSsl.serverCertHash), defaults && caseless(defaults.serverCertHash));
          assert.equal(reread.siteDefaultsFtpSsl?.serverCertStoreName ?? null, defaults?.serverCertStoreName ?? null);
          assert.deepEqual(reread.sites.map((s) => s.bindings), expected.map((s) => s.bindings));
        },
      ),
      150,
    );
  });
});

describe("parseApplicationHost on mutated configurations", () => {
  const base = fc.oneof(fc.constantFrom(...REAL_CONFIGS), generatedConfig.map((c) => c.rendered.text));

  it("returns a configuration or refuses it with CR2003 and the line, never anything else", async (t) => {
    await checkProperty(
      t,
      fc.property(mutatedText(base, XML_TOKENS), (text) => {
        const outcome = timed("parseApplicationHost", () => parseApplicationHost(text, FILE));
        if (!outcome.ok) assertHostFileError(outcome.error, FILE, lineCount(text));
      }),
      120,
    );
  });

  it("edits the FTP settings of whatever it could read, and reads back what it wrote", async (t) => {
    await checkProperty(
      t,
      fc.property(mutatedText(generatedConfig.map((c) => c.rendered.text), XML_TOKENS), hex40, (text, thumbprint) => {
        const outcome = timed("parseApplicationHost", () => parseApplicationHost(text, FILE));
        if (!outcome.ok) return;
        const { sites, siteDefaultsFtpSsl } = outcome.value.config;
        const named = sites.filter((s) => s.ftpSsl?.serverCertHash && sites.filter((o) => o.name === s.name).length === 1);
        const edits: FtpCertificateEdit[] = named.map((s) => ({ site: s.name, thumbprint }));
        if (siteDefaultsFtpSsl?.serverCertHash) edits.push({ site: null, thumbprint });
        const plannedOn = (positions: ConfigPositions | null) =>
          timed("ftpCertificateReplacements", () => spliceText(text, ftpCertificateReplacements(text, FILE, edits, positions)));
        const outcomeText = (planned: ReturnType<typeof plannedOn>) => (planned.ok ? planned.value : (planned.error as Error).message);
        // Planned on the offsets the parse of this text found, and on a walk of its own: the same edit.
        const edited = plannedOn(outcome.value.positions);
        assert.deepEqual(outcomeText(plannedOn(null)), outcomeText(edited));
        // The offsets a parse found in another text (the file as another program changed it after the read) are not
        // used: here the text with one more character before the first hash edited, which moves the offsets after it.
        const shifted = shiftedBeforeFirstHash(text, outcome.value.positions, edits);
        if (shifted !== null) {
          const elsewhere = parseApplicationHost(shifted, FILE).positions;
          assert.notDeepEqual(elsewhere.ftpSsl, outcome.value.positions.ftpSsl, "the other text's offsets differ");
          assert.deepEqual(outcomeText(plannedOn(elsewhere)), outcomeText(edited));
        }
        if (!edited.ok) {
          assert.match((edited.error as Error).message, /has no serverCertHash for/);
          return;
        }
        const reread = parse(edited.value).config;
        for (const site of reread.sites.filter((s) => named.some((n) => n.name === s.name))) {
          assert.equal(site.ftpSsl?.serverCertHash?.toUpperCase(), thumbprint.toUpperCase(), `site ${site.name}`);
        }
        if (siteDefaultsFtpSsl?.serverCertHash) assert.equal(reread.siteDefaultsFtpSsl?.serverCertHash?.toUpperCase(), thumbprint.toUpperCase());
      }),
      100,
    );
  });

  it("reads or refuses hostile input (long runs, many attributes, deep nesting) within the time limit", async (t) => {
    await checkProperty(
      t,
      fc.property(hostileText(base), (text) => {
        const outcome = timed("parseApplicationHost", () => parseApplicationHost(text, FILE));
        if (!outcome.ok) assertHostFileError(outcome.error, FILE, lineCount(text));
      }),
      60,
      { shrink: false },
    );
  });

  it("reads a mutated redirection.config or refuses it with CR2003 and the line", async (t) => {
    const redirection = fixture("iis-sharedgitconfig/redirection.config");
    const enabled = redirection.replace("<configurationRedirection />", '<configurationRedirection enabled="true" path="\\\\fs01\\iis$" />');
    await checkProperty(
      t,
      fc.property(mutatedText(fc.constantFrom(redirection, enabled), XML_TOKENS), (text) => {
        const outcome = timed("parseRedirection", () => parseRedirection(text, "redirection.config"));
        if (!outcome.ok) assertHostFileError(outcome.error, "redirection.config", lineCount(text));
      }),
      60,
    );
  });
});

/** `text` with a "0" at the start of the first `serverCertHash` value `edits` change; null when they change none. */
function shiftedBeforeFirstHash(text: string, positions: ConfigPositions, edits: readonly FtpCertificateEdit[]): string | null {
  const starts = edits.flatMap((e) => positions.ftpSsl.get(e.site)?.hash?.valueStart ?? []);
  if (starts.length === 0) return null;
  const at = Math.min(...starts);
  return `${text.slice(0, at)}0${text.slice(at)}`;
}
