/*
 * A JSON Schema (draft 2020-12) validator for the keywords the DSC v3 resource manifest schema uses
 * (tests/fixtures/dsc/manifest.v3.bundled.schema.json) and the instance schemas our manifests embed. Nothing
 * else: a keyword it does not know is an error, so a schema that needs more fails loudly instead of passing
 * unchecked. `format` is an annotation (2020-12's default); `$ref`s resolve within the documents given, by `$id`.
 */

type Schema = boolean | { [keyword: string]: unknown };

/** Keywords that only annotate: they never make an instance invalid. */
const ANNOTATIONS = new Set(["$schema", "$id", "$comment", "title", "description", "default", "examples", "format", "readOnly", "writeOnly", "deprecated", "$defs", "definitions"]);

/** Keywords that validate, each implemented below. */
export const SUPPORTED_KEYWORDS = new Set([
  ...ANNOTATIONS,
  "$ref",
  "type",
  "enum",
  "const",
  "required",
  "properties",
  "patternProperties",
  "additionalProperties",
  "unevaluatedProperties",
  "propertyNames",
  "minProperties",
  "items",
  "contains",
  "minContains",
  "maxContains",
  "uniqueItems",
  "minItems",
  "pattern",
  "minLength",
  "minimum",
  "maximum",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "if",
  "then",
  "else",
]);

interface Result {
  errors: string[];
  /** Property names evaluated by this schema and its successful in-place subschemas (for unevaluatedProperties). */
  evaluated: Set<string>;
}

export class SchemaSet {
  private readonly byId = new Map<string, Schema>();

  /** Registers every document and every subschema with an `$id`, resolved against its parent's base. */
  constructor(documents: readonly Schema[]) {
    for (const document of documents) this.index(document, "");
  }

  /** Validates `instance` against the schema registered under `id`; returns the errors (empty when valid). */
  validate(id: string, instance: unknown): string[] {
    const schema = this.byId.get(id);
    if (schema === undefined) throw new Error(`no schema with $id ${id}`);
    return this.check(schema, instance, id, "$").errors;
  }

  /** Validates against a schema that is not registered (for example one embedded in a manifest). */
  validateWith(schema: Schema, instance: unknown, base = "urn:certrebind:embedded"): string[] {
    return this.check(schema, instance, base, "$").errors;
  }

  /** Every keyword a schema (and its subschemas) uses, to show that this validator knows them all. */
  static keywords(schema: unknown, found = new Set<string>()): Set<string> {
    if (schema === null || typeof schema !== "object") return found;
    if (Array.isArray(schema)) {
      for (const item of schema) SchemaSet.keywords(item, found);
      return found;
    }
    for (const [key, value] of Object.entries(schema)) {
      found.add(key);
      if (key === "examples" || key === "default" || key === "const" || key === "enum") continue;
      if (key === "properties" || key === "patternProperties" || key === "$defs" || key === "definitions") {
        for (const sub of Object.values(value as object)) SchemaSet.keywords(sub, found);
      } else if (typeof value === "object") {
        SchemaSet.keywords(value, found);
      }
    }
    return found;
  }

  private index(schema: unknown, base: string): void {
    if (schema === null || typeof schema !== "object") return;
    if (Array.isArray(schema)) {
      for (const item of schema) this.index(item, base);
      return;
    }
    const object = schema as Record<string, unknown>;
    let here = base;
    if (typeof object["$id"] === "string") {
      here = new URL(object["$id"], base || undefined).href;
      this.byId.set(here, object);
    }
    for (const [key, value] of Object.entries(object)) {
      if (key === "examples" || key === "enum" || key === "const" || key === "default") continue;
      this.index(value, here);
    }
  }

  private resolve(ref: string, base: string): { schema: Schema; base: string } {
    const url = new URL(ref, base);
    const fragment = decodeURIComponent(url.hash.replace(/^#/, ""));
    url.hash = "";
    const document = this.byId.get(url.href);
    if (document === undefined) throw new Error(`cannot resolve $ref ${ref} (from ${base}): no schema with $id ${url.href} was given`);
    if (!fragment) return { schema: document, base: url.href };
    let target: unknown = document;
    for (const part of fragment.replace(/^\//, "").split("/")) {
      target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    if (target === undefined) throw new Error(`cannot resolve $ref ${ref}: no ${fragment} in ${url.href}`);
    return { schema: target as Schema, base: url.href };
  }

  private check(schema: Schema, instance: unknown, base: string, path: string): Result {
    const evaluated = new Set<string>();
    if (schema === true) return { errors: [], evaluated };
    if (schema === false) return { errors: [`${path}: no value is allowed here`], evaluated };
    for (const keyword of Object.keys(schema)) {
      if (!SUPPORTED_KEYWORDS.has(keyword)) throw new Error(`${path}: the schema keyword '${keyword}' is not supported by this validator`);
    }
    if (typeof schema["$id"] === "string") base = new URL(schema["$id"], base).href;
    const errors: string[] = [];
    const fail = (message: string) => errors.push(`${path}: ${message}`);
    const sub = (s: unknown, value: unknown, at: string) => this.check(s as Schema, value, base, at);
    const object = isObject(instance) ? instance : null;

    if (typeof schema["$ref"] === "string") {
      const target = this.resolve(schema["$ref"], base);
      const result = this.check(target.schema, instance, target.base, path);
      errors.push(...result.errors);
      if (result.errors.length === 0) result.evaluated.forEach((p) => evaluated.add(p));
    }
    if (schema["type"] !== undefined) {
      const types = Array.isArray(schema["type"]) ? (schema["type"] as string[]) : [schema["type"] as string];
      if (!types.some((t) => hasType(instance, t))) fail(`expected ${types.join(" or ")}, got ${typeName(instance)}`);
    }
    if (Array.isArray(schema["enum"]) && !schema["enum"].some((v) => deepEqual(v, instance))) {
      fail(`${JSON.stringify(instance)} is not one of ${schema["enum"].map((v) => JSON.stringify(v)).join(", ")}`);
    }
    if ("const" in schema && !deepEqual(schema["const"], instance)) fail(`must be ${JSON.stringify(schema["const"])}`);

    if (typeof instance === "string") {
      if (typeof schema["pattern"] === "string" && !new RegExp(schema["pattern"], "u").test(instance)) fail(`'${instance}' does not match ${schema["pattern"]}`);
      if (typeof schema["minLength"] === "number" && [...instance].length < schema["minLength"]) fail(`shorter than ${schema["minLength"]} characters`);
    }
    if (typeof instance === "number") {
      if (typeof schema["minimum"] === "number" && instance < schema["minimum"]) fail(`${instance} is less than ${schema["minimum"]}`);
      if (typeof schema["maximum"] === "number" && instance > schema["maximum"]) fail(`${instance} is more than ${schema["maximum"]}`);
    }

    if (object) {
      for (const name of (schema["required"] as string[] | undefined) ?? []) {
        if (!(name in object)) fail(`the property '${name}' is required`);
      }
      if (typeof schema["minProperties"] === "number" && Object.keys(object).length < schema["minProperties"]) fail(`needs at least ${schema["minProperties"]} properties`);
      if (schema["propertyNames"] !== undefined) {
        for (const name of Object.keys(object)) errors.push(...sub(schema["propertyNames"], name, `${path} property name '${name}'`).errors);
      }
      const properties = (schema["properties"] as Record<string, unknown> | undefined) ?? {};
      const patterns = Object.entries((schema["patternProperties"] as Record<string, unknown> | undefined) ?? {});
      const local = new Set<string>();
      for (const [name, value] of Object.entries(object)) {
        const at = `${path}.${name}`;
        if (name in properties) {
          errors.push(...sub(properties[name], value, at).errors);
          local.add(name);
        }
        for (const [pattern, patternSchema] of patterns) {
          if (new RegExp(pattern, "u").test(name)) {
            errors.push(...sub(patternSchema, value, at).errors);
            local.add(name);
          }
        }
        if (!local.has(name) && schema["additionalProperties"] !== undefined) {
          errors.push(...sub(schema["additionalProperties"], value, at).errors);
          local.add(name);
        }
      }
      local.forEach((p) => evaluated.add(p));
    }

    if (Array.isArray(instance)) {
      if (schema["items"] !== undefined) instance.forEach((item, i) => errors.push(...sub(schema["items"], item, `${path}[${i}]`).errors));
      if (typeof schema["minItems"] === "number" && instance.length < schema["minItems"]) fail(`needs at least ${schema["minItems"]} items`);
      if (schema["uniqueItems"] === true && instance.some((a, i) => instance.slice(i + 1).some((b) => deepEqual(a, b)))) fail("items must be unique");
      if (schema["contains"] !== undefined) {
        const matches = instance.filter((item, i) => sub(schema["contains"], item, `${path}[${i}]`).errors.length === 0).length;
        const min = typeof schema["minContains"] === "number" ? schema["minContains"] : 1;
        const max = typeof schema["maxContains"] === "number" ? schema["maxContains"] : Infinity;
        if (matches < min) fail(`must contain at least ${min} matching item(s), has ${matches}`);
        if (matches > max) fail(`must contain at most ${max} matching item(s), has ${matches}`);
      }
    }

    // In-place applicators: their successful branches count towards the evaluated properties.
    const keep = (result: Result) => result.evaluated.forEach((p) => evaluated.add(p));
    for (const s of (schema["allOf"] as unknown[] | undefined) ?? []) {
      const result = sub(s, instance, path);
      errors.push(...result.errors);
      if (result.errors.length === 0) keep(result);
    }
    if (Array.isArray(schema["anyOf"])) {
      const results = schema["anyOf"].map((s) => sub(s, instance, path));
      const passed = results.filter((r) => r.errors.length === 0);
      if (passed.length === 0) fail(`matches none of anyOf: ${results.map((r) => r.errors.join("; ")).join(" | ")}`);
      passed.forEach(keep);
    }
    if (Array.isArray(schema["oneOf"])) {
      const results = schema["oneOf"].map((s) => sub(s, instance, path));
      const passed = results.filter((r) => r.errors.length === 0);
      if (passed.length !== 1) {
        fail(`must match exactly one of oneOf, matches ${passed.length}${passed.length === 0 ? `: ${results.map((r) => r.errors.join("; ")).join(" | ")}` : ""}`);
      } else {
        keep(passed[0]!);
      }
    }
    if (schema["not"] !== undefined && sub(schema["not"], instance, path).errors.length === 0) fail("must not match the 'not' schema");
    if (schema["if"] !== undefined) {
      const condition = sub(schema["if"], instance, path);
      const branch = condition.errors.length === 0 ? schema["then"] : schema["else"];
      if (condition.errors.length === 0) keep(condition);
      if (branch !== undefined) {
        const result = sub(branch, instance, path);
        errors.push(...result.errors);
        if (result.errors.length === 0) keep(result);
      }
    }

    if (object && schema["unevaluatedProperties"] !== undefined) {
      for (const [name, value] of Object.entries(object)) {
        if (evaluated.has(name)) continue;
        const result = sub(schema["unevaluatedProperties"], value, `${path}.${name}`);
        if (result.errors.length) errors.push(schema["unevaluatedProperties"] === false ? `${path}: the property '${name}' is not allowed` : result.errors.join("; "));
        evaluated.add(name);
      }
    }
    return { errors, evaluated };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    default:
      throw new Error(`unknown type '${type}' in a schema`);
  }
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && Number.isInteger(value)) return "integer";
  return typeof value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
