import type { BindingView, MissingRecord } from "../../core/inventory.js";
import { unknownThumbprint } from "../../core/rebind/suspicious-thumbprints.js";
import { normalizeThumbprint } from "../../core/thumbprint.js";
import type { CommandModule } from "../command.js";
import { renderTable } from "../text-table.js";

interface BindingsArgs {
  thumbprint?: string;
}

export const bindingsCommand: CommandModule<BindingsArgs> = {
  name: "bindings",
  describe: "List every certificate binding of the host with the sites behind it and the certificate's state",
  options: [
    { name: "thumbprint", type: "string", requiresArg: true, describe: "Only the bindings of this certificate (40 hex characters)" },
  ],
  async run(args, context) {
    const wanted = args.thumbprint === undefined ? null : normalizeThumbprint(args.thumbprint);
    const host = await context.openHost();
    const { readHost, readInventory } = await import("../../providers/read-inventory.js");
    const reading = await readHost(host);
    const inventory = await readInventory(host, context.now, reading);
    const bindings = wanted ? inventory.bindings.filter((b) => b.thumbprint === wanted) : inventory.bindings;
    const missingRecords = wanted ? [] : inventory.missingRecords;
    const unknown = wanted ? unknownThumbprint(wanted, "", reading.certificates, bindings.length > 0) : null;
    const data = {
      bindings,
      missingRecords,
      config: inventory.configPath === null ? null : { path: inventory.configPath, redirected: inventory.redirected },
      checks: unknown ? [unknown] : [],
    };
    return {
      data,
      exitCode: 0,
      warnings: unknown ? [...inventory.warnings, unknown.message] : inventory.warnings,
      text: () => renderBindings(bindings, missingRecords, wanted),
    };
  },
};

function sitesCell(b: BindingView): string {
  if (b.sites.length) return b.sites.join(", ");
  if (b.kind === "ftp") return "(no FTP site inherits it)";
  return `(no site; owner: ${b.owner})`;
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
