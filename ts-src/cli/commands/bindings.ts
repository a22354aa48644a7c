import { CertRebindError, ExitCode, type EnvelopeError } from "../../core/errors.js";
import type { BindingView, CertificateView, MissingRecord } from "../../core/inventory.js";
import { unknownThumbprint } from "../../core/rebind/suspicious-thumbprints.js";
import { normalizeThumbprint, type Thumbprint } from "../../core/thumbprint.js";
import type { CommandModule } from "../command.js";
import { renderTable } from "../text-table.js";

interface BindingsArgs {
  thumbprint?: string[];
  certificatesOnce: boolean;
}

export const bindingsCommand: CommandModule<BindingsArgs> = {
  name: "bindings",
  command: "bindings",
  describe: "List every certificate binding of the host with the sites behind it and the certificate's state",
  builder: (yargs) =>
    yargs
      .option("thumbprint", { type: "string", array: true, requiresArg: true, describe: "Only the bindings of these certificates (40 hex characters each; repeat the option for several)" })
      .option("certificates-once", { type: "boolean", default: false, describe: "With --json: list each certificate once (data.certificates); a binding's certificate is its index there" }),
  async run(args, context) {
    const given = args.thumbprint;
    // A malformed value is refused alone (CR2001 with it as the target) and the others are still listed; when no value
    // is left (a single value among them), the first one's error is the command's.
    const { wanted, errors } = given === undefined ? { wanted: null, errors: [] } : normalizeEach(given);
    if (wanted !== null && wanted.length === 0) throw new CertRebindError(errors[0]!.code, errors[0]!.message, ExitCode.BadInput, errors[0]!.target);
    const host = await context.openHost();
    const { readHost, readInventory } = await import("../../providers/read-inventory.js");
    const reading = await readHost(host);
    const inventory = await readInventory(host, context.now, reading);
    // Each thumbprint's bindings in the order the thumbprints were given, as separate runs would list them.
    const byThumbprint = wanted ? bindingsByThumbprint(inventory.bindings) : null;
    const bindings = wanted ? wanted.flatMap((t) => byThumbprint!.get(t) ?? []) : inventory.bindings;
    const missingRecords = wanted ? [] : inventory.missingRecords;
    const unknown = (wanted ?? []).flatMap((t) => unknownThumbprint(t, "", reading.certificates, byThumbprint!.has(t)) ?? []);
    const data = {
      ...(args.certificatesOnce ? certificatesOnce(bindings) : { bindings }),
      missingRecords,
      config: inventory.configPath === null ? null : { path: inventory.configPath, redirected: inventory.redirected },
      checks: unknown,
    };
    return {
      data,
      exitCode: errors.length > 0 ? ExitCode.BadInput : 0,
      errors,
      warnings: [...inventory.warnings, ...unknown.map((u) => u.message)],
      text: () => renderBindings(bindings, missingRecords, wanted === null ? null : wanted.join(", ")),
    };
  },
};

/**
 * The bindings with each certificate (by thumbprint and store) listed once: `certificates`, and each binding's
 * `certificate` its index there (or null). A large host binds a few certificates to thousands of records, so the
 * envelope is about half the size and a reader parses each certificate once (docs/cli-contract.md).
 */
function certificatesOnce(bindings: BindingView[]): { bindings: (Omit<BindingView, "certificate"> & { certificate: number | null })[]; certificates: CertificateView[] } {
  const certificates: CertificateView[] = [];
  const indexes = new Map<string, number>();
  const listed = bindings.map((b) => {
    const c = b.certificate;
    if (c === null) return { ...b, certificate: null };
    const key = `${c.thumbprint}|${c.store}`;
    let index = indexes.get(key);
    if (index === undefined) {
      index = certificates.push(c) - 1;
      indexes.set(key, index);
    }
    return { ...b, certificate: index };
  });
  return { bindings: listed, certificates };
}

/** The bindings of each thumbprint, in their order (one pass, however many thumbprints are asked for). */
function bindingsByThumbprint(bindings: readonly BindingView[]): Map<string, BindingView[]> {
  const grouped = new Map<string, BindingView[]>();
  for (const b of bindings) {
    if (b.thumbprint === null) continue;
    const list = grouped.get(b.thumbprint);
    if (list) list.push(b);
    else grouped.set(b.thumbprint, [b]);
  }
  return grouped;
}

function normalizeEach(given: string[]): { wanted: Thumbprint[]; errors: EnvelopeError[] } {
  const wanted: Thumbprint[] = [];
  const errors: EnvelopeError[] = [];
  for (const value of given) {
    try {
      wanted.push(normalizeThumbprint(value));
    } catch (error) {
      if (!(error instanceof CertRebindError)) throw error;
      errors.push({ code: error.code, message: error.message, target: error.target });
    }
  }
  return { wanted, errors };
}

function sitesCell(b: BindingView): string {
  if (b.sites.length) return b.sites.join(", ");
  if (b.endpoint === "siteDefaults") return "(no FTP site inherits it)";
  return `(no site; owner: ${b.owner}${b.selection === "self-selecting" ? "; chooses its certificate" : ""})`;
}

function renderBindings(bindings: BindingView[], missing: MissingRecord[], wanted: string | null): string {
  if (bindings.length === 0) {
    return wanted ? `Nothing is bound to ${wanted}.\n` : "No certificate bindings found.\n";
  }
  const rows = bindings.map((b) => [
    b.kind,
    b.endpoint,
    sitesCell(b),
    b.thumbprint ?? "(central store)",
    b.certificate ? b.certificate.notAfter.slice(0, 10) : "",
    b.certificate ? b.certificate.state : b.thumbprint ? "not in any store" : "",
  ]);
  let text = renderTable(["Kind", "Endpoint", "Sites", "Thumbprint", "NotAfter", "State"], rows);
  for (const m of missing) {
    text += `\nSite '${m.site}' binding ${m.bindingInformation} has no HTTP.sys record (${m.expectedKind} ${m.expectedEndpoint}): the site does not serve TLS.`;
  }
  return `${text}\n`;
}
