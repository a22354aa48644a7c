/** Fills the applicationHost.config template: `{{WWW_2025}}` is the lower-case thumbprint of `www-2025`. */
import fs from "node:fs";

const TEMPLATE = new URL("./applicationHost.template.config", import.meta.url);
const BOM = "\uFEFF";

const placeholderOf = (name: string) => name.toUpperCase().replace(/-/g, "_");

/** UTF-8 with BOM and CRLF, as IIS writes the file. */
export function applicationHostConfig(thumbprints: ReadonlyMap<string, string>): Buffer {
  const byPlaceholder = new Map([...thumbprints].map(([name, thumbprint]) => [placeholderOf(name), thumbprint.toLowerCase()]));
  const text = fs
    .readFileSync(TEMPLATE, "utf8")
    .replace(/\r?\n/g, "\r\n")
    .replace(/\{\{([A-Z0-9_]+)\}\}/g, (_, placeholder: string) => {
      const thumbprint = byPlaceholder.get(placeholder);
      if (thumbprint === undefined) throw new Error(`the template names an unknown certificate: {{${placeholder}}}`);
      return thumbprint;
    });
  return Buffer.from(BOM + text, "utf8");
}
