/**
 * The contract as data: the JSON Schemas of docs/schema/ (the envelope, each command's data, the error), with the
 * DSC resources' instance schemas taken from their manifests (dsc/), checked by ajv.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { repoRoot } from "./snapshot.js";

export const SCHEMA_FOLDER = join(repoRoot, "docs/schema");
export const ENVELOPE_SCHEMA_ID = "https://github.com/certrebind/certrebind/docs/schema/envelope.schema.json";
const DSC_INSTANCE_SCHEMAS = {
  "https://github.com/certrebind/certrebind/dsc/CertBindingsCurrent.instance.schema.json": "dsc/certrebind.dsc.resource.json",
  "https://github.com/certrebind/certrebind/dsc/CertAutoRebind.instance.schema.json": "dsc/certrebind.autorebind.dsc.resource.json",
};

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

function contractAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const file of readdirSync(SCHEMA_FOLDER).filter((f) => f.endsWith(".schema.json"))) ajv.addSchema(readJson(join(SCHEMA_FOLDER, file)));
  // The DSC property schemas the instance schemas refer to (_exist, _inDesiredState), from the bundled DSC schema.
  const bundled = readJson(join(repoRoot, "tests/fixtures/dsc/manifest.v3.bundled.schema.json")) as { $defs: Record<string, { $id?: string }> };
  for (const property of Object.values(bundled.$defs).filter((d) => d.$id?.includes("/v3/resource/properties/"))) ajv.addSchema(property);
  for (const [id, manifest] of Object.entries(DSC_INSTANCE_SCHEMAS)) {
    const embedded = (readJson(join(repoRoot, manifest)) as { schema: { embedded: Record<string, unknown> } }).schema.embedded;
    ajv.addSchema({ ...embedded, $id: id });
  }
  return ajv;
}

const ajv = contractAjv();
const validateEnvelope = ajv.getSchema(ENVELOPE_SCHEMA_ID)!;

const describe = (e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`;

/** What is wrong with an envelope by the contract's schema: nothing (an empty list) when it is valid. */
export function envelopeErrors(envelope: unknown): string[] {
  return validateEnvelope(envelope) ? [] : (validateEnvelope.errors ?? []).map(describe);
}
