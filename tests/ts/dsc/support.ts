import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import draft07 from "ajv/dist/refs/json-schema-draft-07.json" with { type: "json" };
import addFormatsModule from "ajv-formats";
import { repoRoot } from "../support/snapshot.js";

/** The published DSC v3 resource manifest schema, bundled (tests/fixtures/dsc/SOURCES.md). */
export const MANIFEST_SCHEMA_ID = "https://raw.githubusercontent.com/PowerShell/DSC/main/schemas/v3/resource/manifest.json";
export const manifestSchema = JSON.parse(readFileSync(join(repoRoot, "tests/fixtures/dsc/manifest.v3.bundled.schema.json"), "utf8")) as Record<string, unknown>;

/**
 * ajv with the manifest schema (draft 2020-12, some of its parts draft-07). Not strict: a published schema of another
 * project, whose annotations (markdownDescription, …) are not ajv keywords.
 */
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormatsModule as unknown as (a: Ajv2020) => Ajv2020)(ajv);
ajv.addMetaSchema(draft07);
ajv.addSchema(manifestSchema);

const errorsOf = (validate: ValidateFunction, value: unknown): string[] =>
  validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`);

/** Errors of a manifest against the manifest schema: none when it is valid. */
export const manifestErrors = (manifest: unknown): string[] => errorsOf(ajv.getSchema(MANIFEST_SCHEMA_ID)!, manifest);

/** Our manifests, by resource name (dsc/). */
export const MANIFEST_FILES = {
  CertBindingsCurrent: "dsc/certrebind.dsc.resource.json",
  CertAutoRebind: "dsc/certrebind.autorebind.dsc.resource.json",
} as const;

export type Manifest = Record<string, unknown> & {
  type: string;
  version: string;
  get: { executable: string; args: string[]; input?: string };
  test: { executable: string; args: string[]; input?: string; return?: string };
  set: { executable: string; args: string[]; input?: string; return?: string; implementsPretest?: boolean; handlesExist?: boolean };
  schema: { embedded: Record<string, unknown> };
};

export function readManifest(resource: keyof typeof MANIFEST_FILES): Manifest {
  return JSON.parse(readFileSync(join(repoRoot, MANIFEST_FILES[resource]), "utf8")) as Manifest;
}

/** Errors of a resource's state (the JSON a dsc operation prints) against the instance schema its manifest embeds. */
export function instanceErrors(resource: keyof typeof MANIFEST_FILES, state: unknown): string[] {
  instanceSchemas[resource] ??= ajv.compile(readManifest(resource).schema.embedded);
  return errorsOf(instanceSchemas[resource], state);
}
const instanceSchemas: Partial<Record<keyof typeof MANIFEST_FILES, ValidateFunction>> = {};

/** Removes the Legacy site's https binding from a snapshot host's applicationHost.config (legacy.contoso.com). */
export function withoutLegacyBinding(root: string): string {
  const path = join(root, "inetsrv/applicationHost.config");
  const text = readFileSync(path, "utf8");
  const line = /[ \t]*<binding protocol="https" bindingInformation="\*:443:legacy\.contoso\.com" sslFlags="0" \/>\r?\n/;
  if (!line.test(text)) throw new Error(`no Legacy binding in ${path}`);
  writeFileSync(path, text.replace(line, ""));
  return root;
}

/** Removes the custom service's record 0.0.0.0:8443 (bound to the expired intranet certificate, which has no successor). */
export function withoutIntranetRecord(root: string): string {
  const path = join(root, "httpsys/records.json");
  const document = JSON.parse(readFileSync(path, "utf8")) as { records: { endpoint: string }[] };
  const kept = document.records.filter((r) => r.endpoint !== "0.0.0.0:8443");
  if (kept.length === document.records.length) throw new Error(`no record 0.0.0.0:8443 in ${path}`);
  writeFileSync(path, `${JSON.stringify({ ...document, records: kept }, null, 2)}\n`);
  return root;
}

/**
 * The demo host with www-2026 as a renewal that cannot succeed www-2025: without its private key and without the
 * renewal link on www-2025; without the wildcard (it would qualify) and the record [::]:443 it serves.
 */
export function withKeylessRenewal(root: string): string {
  for (const file of ["certs/My/www-2026.key", "certs/My/www-2025.json", "certs/My/wildcard-2026.cer", "certs/My/wildcard-2026.key"]) rmSync(join(root, file));
  const path = join(root, "httpsys/records.json");
  const document = JSON.parse(readFileSync(path, "utf8")) as { records: { endpoint: string }[] };
  writeFileSync(path, `${JSON.stringify({ ...document, records: document.records.filter((r) => r.endpoint !== "[::]:443") }, null, 2)}\n`);
  return root;
}
