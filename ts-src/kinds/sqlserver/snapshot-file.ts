/*
 * A snapshot host's SQL Server instances: `sqlserver/instances.json` (docs/snapshot-host.md, "SQL Server"):
 * `{ "instances": [ { "name": "MSSQLSERVER", "id": "MSSQL16.MSSQLSERVER", "certificate": "<thumbprint>" | "" } ] }`,
 * what the registry holds (windows-registry.ts). A write changes the instance's `certificate` string only, every
 * other byte of the file kept (json-host-file.ts).
 */
import { malformedHostFile } from "../../core/errors.js";
import { editJsonHostFile, readJsonHostFile, type JsonHostFile } from "../../platform/files/json-host-file.js";
import { memberOf, setMember, type JsonObjectNode } from "../../platform/formats/json-member-edit.js";
import type { SnapshotAccess } from "../../platform/kind-access.js";
import { INSTANCE_ID, INSTANCE_NAME, INSTANCES_FILE, type SqlInstance } from "./model.js";
import type { SqlPort } from "./port.js";

export function snapshotSqlPort(snapshot: SnapshotAccess): SqlPort {
  const path = snapshot.file(INSTANCES_FILE);
  return {
    files: [path],
    async read() {
      const file = await readJsonHostFile(path);
      return file === null ? null : { instances: entries(file).map((e) => e.instance), warnings: [] };
    },
    async writeCertificate(instance, value) {
      const edited = await editJsonHostFile(snapshot.writer, path, (file) => {
        const entry = entries(file).find((e) => e.instance.name.toLowerCase() === instance.name.toLowerCase());
        if (entry === undefined) throw malformedHostFile(path, null, `the instance ${instance.name} is not in it any more`);
        return entry.instance.certificate === value ? null : [setMember(file.text, entry.node, "certificate", JSON.stringify(value))];
      });
      if (edited === null) throw malformedHostFile(path, null, "it is not there any more");
    },
  };
}

/** The file's instances; CR2003 naming the entry when one is not as the form says. */
export function entries(file: JsonHostFile): { instance: SqlInstance; node: JsonObjectNode }[] {
  const bad = (where: string, detail: string) =>
    malformedHostFile(file.path, null, `${where}: ${detail} (expected { "instances": [ { "name": "MSSQLSERVER", "id": "MSSQL16.MSSQLSERVER", "certificate": "<40 hex> or \\"\\"" } ] })`);
  const list = memberOf(file.root, "instances")?.value;
  if (file.root.type !== "object" || list?.type !== "array") throw bad("the file", "not an object with an array \"instances\"");
  return list.items.map((node, index) => {
    const where = `instance ${index + 1}`;
    if (node.type !== "object") throw bad(where, "not an object");
    const text = (key: string) => {
      const value = memberOf(node, key)?.value;
      return value?.type === "string" ? value.value : undefined;
    };
    const name = text("name");
    const id = text("id");
    const certificate = text("certificate");
    if (name === undefined || !INSTANCE_NAME.test(name)) throw bad(where, "\"name\" must be an instance name");
    if (id === undefined || !INSTANCE_ID.test(id)) throw bad(where, "\"id\" must be an instance id");
    if (certificate === undefined) throw bad(where, "\"certificate\" must be a string (\"\" for none)");
    return { instance: { name, id, certificate, cluster: null }, node };
  });
}
