/*
 * The DSC v3 resource manifests (dsc/*.dsc.resource.json) against the published manifest schema, stored in
 * tests/fixtures/dsc (see SOURCES.md there), validated with ajv.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BINDING_KINDS } from "../../../ts-src/kinds/registry.js";
import { repoRoot } from "../support/snapshot.js";
import { MANIFEST_FILES, MANIFEST_SCHEMA_ID, manifestErrors, manifestSchema, readManifest } from "./support.js";

const packageVersion = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
const RESOURCES = Object.keys(MANIFEST_FILES) as (keyof typeof MANIFEST_FILES)[];

describe("the stored DSC v3 resource manifest schema", () => {
  it("is the bundled schema of PowerShell/DSC with the $id its manifests' $schema URLs name", () => {
    assert.equal(manifestSchema["$id"], MANIFEST_SCHEMA_ID);
    assert.equal(manifestSchema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert.deepEqual(manifestSchema["required"], ["$schema", "type", "version"]);
  });
});

describe("the CertBindingsCurrent manifest's kinds", () => {
  // A kind added to ts-src/kinds/registry.ts is a kind DSC reports: its values must be in the instance schema's enums.
  const properties = (name: string) =>
    (readManifest("CertBindingsCurrent") as any).schema.embedded.properties[name].items.properties.kind.enum as string[];
  it("are every registered binding kind's values (bindings) and those that change (changes)", () => {
    assert.deepEqual(properties("bindings"), BINDING_KINDS.flatMap((kind) => kind.viewKinds));
    assert.deepEqual(properties("changes"), BINDING_KINDS.flatMap((kind) => kind.viewKinds.filter((v) => !(kind.reportedOnly ?? []).includes(v))));
  });
});

describe("the manifests in dsc/", () => {
  it("are exactly the two resources, named <name>.dsc.resource.json as DSC discovers them", () => {
    const files = readdirSync(join(repoRoot, "dsc")).filter((f) => f.endsWith(".json")).sort();
    assert.deepEqual(files, Object.values(MANIFEST_FILES).map((f) => f.replace("dsc/", "")).sort());
    for (const file of files) assert.match(file, /^[\w.]+\.dsc\.resource\.json$/);
  });

  for (const resource of RESOURCES) {
    describe(resource, () => {
      const manifest = readManifest(resource);

      it("is valid against the manifest schema", () => {
        assert.deepEqual(manifestErrors(manifest), []);
      });

      it(`is the type CertRebind/${resource} at the package version`, () => {
        assert.equal(manifest.type, `CertRebind/${resource}`);
        assert.equal(manifest.version, packageVersion);
      });

      it("runs certrebind dsc get, test and set for this resource with the desired state on stdin", () => {
        for (const operation of ["get", "test", "set"] as const) {
          assert.equal(manifest[operation].executable, "certrebind");
          assert.deepEqual(manifest[operation].args, ["dsc", operation, "--resource", resource]);
          assert.equal(manifest[operation].input, "stdin");
        }
        assert.equal(manifest.test.return, "state", "test prints the state with _inDesiredState");
        assert.equal(manifest.set.return, "state", "set prints the state afterwards");
        assert.equal(manifest.set.implementsPretest, true, "set plans again under the lock: it tests before it changes anything");
      });

      it("declares the exit codes of the contract, each at most 80 characters", () => {
        const codes = manifest["exitCodes"] as Record<string, string>;
        assert.deepEqual(Object.keys(codes).filter((c) => !["0", "1", "2", "3", "4"].includes(c)), []);
        for (const text of Object.values(codes)) assert.ok(text.length <= 80, text);
      });

      it("embeds an instance schema with _inDesiredState (it implements test) and no property outside it", () => {
        const embedded = manifest.schema.embedded;
        assert.equal(embedded["additionalProperties"], false);
        const properties = embedded["properties"] as Record<string, unknown>;
        assert.deepEqual(properties["_inDesiredState"], { $ref: "https://raw.githubusercontent.com/PowerShell/DSC/main/schemas/v3/resource/properties/inDesiredState.json" });
      });
    });
  }

  it("lets DSC handle _exist for CertAutoRebind through set (handlesExist), and CertBindingsCurrent has no _exist", () => {
    const auto = readManifest("CertAutoRebind");
    assert.equal(auto.set.handlesExist, true);
    assert.ok("_exist" in (auto.schema.embedded["properties"] as object));
    assert.ok(!("_exist" in (readManifest("CertBindingsCurrent").schema.embedded["properties"] as object)));
  });
});

describe("the validator refuses manifests that break the schema", () => {
  const valid = readManifest("CertBindingsCurrent");
  const cases: [string, (m: Record<string, any>) => void, RegExp][] = [
    ["no $schema", (m) => delete m["$schema"], /must have required property '\$schema'/],
    ["a $schema URL that is not one of the schema's", (m) => (m["$schema"] = "https://example.com/manifest.json"), /must be equal to one of the allowed values/],
    ["a type without an owner", (m) => (m["type"] = "CertBindingsCurrent"), /must match pattern/],
    ["a version that is not semver", (m) => (m["version"] = "1.0"), /must match pattern/],
    ["a tag with a dot", (m) => (m["tags"] = ["HTTP.sys"]), /must match pattern/],
    ["two equal tags", (m) => (m["tags"] = ["IIS", "IIS"]), /must NOT have duplicate items/],
    // The schema asks for get only of a manifest that names its kind: without "kind", a manifest without get passes.
    ["kind resource and no get", (m) => ((m["kind"] = "resource"), delete m["get"]), /must have required property 'get'/],
    ["a kind DSC does not know", (m) => (m["kind"] = "service"), /must be equal to one of the allowed values/],
    ["an input kind DSC does not know", (m) => (m["get"].input = "file"), /must be equal to one of the allowed values/],
    ["two JSON input arguments", (m) => (m["test"].args = [{ jsonInputArg: "--a" }, { jsonInputArg: "--b" }]), /must match exactly one schema in oneOf/],
    ["a JSON input argument with an unknown property", (m) => (m["set"].args = [{ jsonInputArg: "--input", required: true }]), /must NOT have unevaluated properties/],
    ["a return kind DSC does not know", (m) => (m["set"].return = "diff"), /must be equal to one of the allowed values/],
    ["an exit code that is not a number", (m) => (m["exitCodes"]["ok"] = "Success"), /must match pattern/],
    ["an instance schema of another type", (m) => (m["schema"].embedded.type = "array"), /must be equal to constant/],
    ["an instance schema with both command and embedded", (m) => (m["schema"].command = { executable: "certrebind" }), /must match exactly one schema in oneOf/],
    ["_inDesiredState described in its own words", (m) => (m["schema"].embedded.properties._inDesiredState = { type: "boolean" }), /must be equal to one of the allowed values/],
  ];
  for (const [name, breakIt, expected] of cases) {
    it(name, () => {
      const manifest = structuredClone(valid) as Record<string, any>;
      breakIt(manifest);
      const errors = manifestErrors(manifest);
      assert.ok(errors.length > 0, "the broken manifest must not validate");
      assert.match(errors.join("\n"), expected);
    });
  }
});
