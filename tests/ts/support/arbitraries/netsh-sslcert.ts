import fc from "fast-check";
import type { HttpSysRecord } from "../../../../ts-src/core/model.js";
import type { SslCertLine } from "../netsh-sslcert-document.js";

/*
 * `netsh http show sslcert` output generated from records of every kind (IPv4 and [IPv6] ip:port, host name:port,
 * ccs port, scoped-CCS host name:port), with any labels (netsh translates them), the old 13-line layout or longer ones, lines past the known
 * ones, "Extended Properties" sub-blocks, with or without the header, CRLF or LF, a BOM, trailing white space and
 * extra blank lines. Each generated text comes with the records it holds and where their hash lines are.
 */

export interface GeneratedSslCert {
  text: string;
  records: HttpSysRecord[];
  /** Each record's lines after its key, by shape (what recordLines gives). */
  lines: SslCertLine[][];
  /** 0-based line index of each record's certificate hash line. */
  hashLines: number[];
}

interface Line {
  indent: number;
  label: string;
  /** As printed after ': ' (may be empty). */
  value: string;
}

interface GeneratedRecord {
  key: Line;
  kind: HttpSysRecord["kind"];
  fields: Line[];
  /** Sub-blocks: a heading, written "Label:" (or "Label :" when spaced, indented less than the fields), and its lines. */
  extended: { heading: Line; spaced: boolean; blankBefore: boolean; lines: Line[] }[];
}

const word = fc.stringMatching(/^[A-Za-z0-9ÄÖÜäöüßéèàçñ().\/-][A-Za-z0-9ÄÖÜäöüßéèàçñ().\/:-]{0,11}$/);
/** Labels never hold white space followed by ':' (that is the separator), nor start or end with white space. */
const label = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(" "));

/** A value as printed: anything on one line that is not white space at either end. */
export const value = fc.oneof(
  fc.constantFrom("(null)", "", "Enabled", "Disabled", "Not Set", "0", "MY", "My", "WebHosting", "Aktiviert", "Désactivé", "a : b"),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }).map((s) => s.replace(/[\r\n\u2028\u2029\u0085]/g, "_").trim()),
);

export const nullable = (text: string): string | null => (text === "" || text === "(null)" ? null : text);

const hex40 = fc.stringMatching(/^[0-9a-fA-F]{40}$/);
const guid = fc.uuid().chain((u) => fc.constantFrom(`{${u}}`, `{${u.toUpperCase()}}`));
const port = fc.integer({ min: 0, max: 65535 });
const hostName = fc.oneof(fc.domain(), fc.constantFrom("localhost", "*", "bücher.example", "WWW.Contoso.COM", "a-b_c"));

const endpoint: fc.Arbitrary<{ kind: HttpSysRecord["kind"]; text: string }> = fc.oneof(
  fc.tuple(fc.ipV4(), port).map(([ip, p]) => ({ kind: "ipport" as const, text: `${ip}:${p}` })),
  fc.tuple(fc.ipV6(), fc.boolean(), port).map(([ip, upper, p]) => ({ kind: "ipport" as const, text: `[${upper ? ip.toUpperCase() : ip}]:${p}` })),
  fc.tuple(hostName, port).map(([host, p]) => ({ kind: "hostnameport" as const, text: `${host}:${p}` })),
  fc.tuple(hostName, port).map(([host, p]) => ({ kind: "scopedccs" as const, text: `${host}:${p}` })),
  port.map((p) => ({ kind: "ccs" as const, text: String(p) })),
);

const keyLabels: Record<HttpSysRecord["kind"], string[]> = {
  ipport: ["IP:port", "IP:Port", "Adresse IP:port"],
  hostnameport: ["Hostname:port", "Hostname:Port", "Nom d'hôte:port"],
  ccs: ["Central Certificate Store", "Zentraler Zertifikatspeicher", "CCS:port"],
  // INFERRED (see endpointKind): the abbreviation stays in translations.
  scopedccs: ["Scoped CCS:port", "CCS étendu:port", "Bereichs-CCS:Port"],
};

function record(indent: number): fc.Arbitrary<GeneratedRecord> {
  const line = (text: fc.Arbitrary<string>) => fc.record({ indent: fc.constant(indent), label, value: text });
  return endpoint.chain(({ kind, text }) =>
    fc.record({
      key: fc.record({ indent: fc.constant(indent), label: fc.constantFrom(...keyLabels[kind]), value: fc.constant(text) }),
      kind: fc.constant(kind),
      fields: fc
        .tuple(
          line(kind === "ccs" || kind === "scopedccs" ? fc.constantFrom("(null)", "") : fc.oneof(hex40, fc.constantFrom("(null)", ""))),
          line(fc.oneof(guid, fc.constant("(null)"))),
          line(value),
          fc.array(line(value), { maxLength: 26 }),
        )
        .map(([hash, appId, store, rest]) => [hash, appId, store, ...rest]),
      extended: fc.array(
        fc.record({
          heading: fc.record({ indent: fc.integer({ min: 0, max: indent - 1 }), label: fc.constantFrom("Extended Properties", "Erweiterte Eigenschaften", "Propriétés étendues"), value: fc.constant("") }),
          spaced: fc.boolean(),
          blankBefore: fc.boolean(),
          lines: fc.array(line(value), { maxLength: 3 }),
        }),
        { maxLength: 2 },
      ),
    }),
  );
}

function expectedLines(generated: GeneratedRecord): SslCertLine[] {
  const lines: SslCertLine[] = generated.fields.map((line) => ({ label: line.label, value: nullable(line.value), heading: false, block: 0 }));
  generated.extended.forEach((block, k) => {
    lines.push({ label: block.heading.label, value: null, heading: true, block: k + 1 });
    for (const line of block.lines) lines.push({ label: line.label, value: nullable(line.value), heading: false, block: k + 1 });
  });
  return lines;
}

function expectedRecord(generated: GeneratedRecord): HttpSysRecord {
  const hash = nullable(generated.fields[0]!.value);
  return {
    kind: generated.kind,
    endpoint: generated.key.value,
    thumbprint: hash === null ? null : hash.toUpperCase(),
    appId: nullable(generated.fields[1]!.value),
    storeName: nullable(generated.fields[2]!.value),
    settings: null,
  };
}

interface Layout {
  eol: "\n" | "\r\n";
  bom: boolean;
  header: string[] | null;
  /** Column the colon is aligned to (netsh pads labels to 29 characters). */
  column: number;
  /** Spaces after ': ' before the value. */
  extraSpace: boolean;
  trailing: string;
  separator: string[];
}

const layout: fc.Arbitrary<Layout> = fc.record({
  eol: fc.constantFrom<"\n" | "\r\n">("\n", "\r\n"),
  bom: fc.boolean(),
  header: fc.option(
    fc.tuple(fc.constantFrom("SSL Certificate bindings:", "SSL-Zertifikatbindungen:", "Liaisons de certificat SSL :"), fc.integer({ min: 1, max: 30 }), fc.boolean()).map(
      ([title, dashes, leadingBlank]) => [...(leadingBlank ? [""] : []), title, "-".repeat(dashes), ""],
    ),
    { nil: null },
  ),
  column: fc.integer({ min: 0, max: 32 }),
  extraSpace: fc.boolean(),
  trailing: fc.constantFrom("", "", " ", "\t  "),
  separator: fc.constantFrom([""], [""], ["", ""], ["   "]),
});

function print(line: Line, layout: Layout): string {
  const head = `${" ".repeat(line.indent)}${line.label}`;
  const padded = head.length + 1 >= layout.column ? `${head} ` : head.padEnd(layout.column - 1, " ") + " ";
  const after = line.value === "" ? "" : ` ${layout.extraSpace ? " " : ""}${line.value}`;
  return `${padded}:${after}${layout.trailing}`;
}

function render(records: GeneratedRecord[], layout: Layout): GeneratedSslCert {
  const lines: string[] = [...(layout.header ?? [])];
  const hashLines: number[] = [];
  records.forEach((r, index) => {
    if (index > 0) lines.push(...layout.separator);
    lines.push(print(r.key, layout));
    hashLines.push(lines.length);
    for (const field of r.fields) lines.push(print(field, layout));
    for (const block of r.extended) {
      // Only a heading without a space before its colon continues a record after a blank line.
      if (block.blankBefore && !block.spaced) lines.push("");
      const heading = " ".repeat(block.heading.indent) + block.heading.label;
      lines.push(block.spaced ? `${heading} :${layout.trailing}` : `${heading}:${layout.trailing}`);
      for (const line of block.lines) lines.push(print(line, layout));
    }
  });
  const text = (layout.bom ? "\uFEFF" : "") + lines.map((line) => line + layout.eol).join("");
  return { text, records: records.map(expectedRecord), lines: records.map(expectedLines), hashLines };
}

/** A capture with up to six records, whose endpoints differ (netsh lists each once). */
export const generatedSslCert: fc.Arbitrary<GeneratedSslCert> = fc
  .integer({ min: 1, max: 8 })
  .chain((indent) => fc.tuple(fc.uniqueArray(record(indent), { maxLength: 6, selector: (r) => `${r.kind}|${r.key.value.toLowerCase()}` }), layout))
  .map(([records, style]) => render(records, style));
