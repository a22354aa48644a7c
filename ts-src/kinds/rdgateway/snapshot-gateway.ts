import { join } from "node:path";
import type { HttpSysRecord } from "../../core/model.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import { editJsonHostFile, readJsonHostFile } from "../../platform/files/json-host-file.js";
import { memberOf, setMember, type JsonObjectNode } from "../../platform/formats/json-member-edit.js";
import type { SnapshotAccess } from "../../platform/kind-access.js";
import { RebindWriteError, type HttpSys } from "../../platform/ports.js";
import type { GatewayAccess, GatewayRead } from "./gateway-access.js";
import { GATEWAY_ENDPOINT, SETTINGS_FILE } from "./model.js";
import { certHashJson, parseGatewaySettings } from "./settings.js";

/**
 * The gateway of a snapshot host: `rdgateway/settings.json` (docs/snapshot-host.md, "RD Gateway"), CertHash edited in
 * place (every other byte kept). Playing the service's part, a change then moves the gateway's HTTP.sys records, as
 * Configure does on Windows; the undo puts the records back as read, then the file.
 */
export function snapshotGateway(snapshot: SnapshotAccess, httpSys: HttpSys): GatewayAccess {
  // Read where it is; written only through the host's list of kinds' files (snapshot.file throws for a host opened
  // without them), so that such a host without the file reads as having no gateway.
  const path = join(snapshot.root, ...SETTINGS_FILE.split("/"));
  const writable = () => snapshot.file(SETTINGS_FILE);
  // CertHash's text as the file had it for each certificate it held: an undo puts back those very bytes.
  const texts = new Map<string, string>();
  const writeHash = async (thumbprint: Thumbprint): Promise<void> => {
    const before = await editJsonHostFile(snapshot.writer, writable(), (file) => {
      if (file.root.type !== "object") throw new RebindWriteError(`${path} is not one Win32_TSGatewayServerSettings object`, [GATEWAY_ENDPOINT]);
      const current = memberOf(file.root, "CertHash");
      const held = parseGatewaySettings(file.text.slice(file.root.start, file.root.end), path).settings.thumbprint;
      if (current && held !== null) texts.set(held, file.text.slice(current.value.start, current.value.end));
      if (held === thumbprint) return null;
      return [setMember(file.text, file.root as JsonObjectNode, "CertHash", texts.get(thumbprint) ?? certHashJson(thumbprint))];
    });
    if (before === null) throw new RebindWriteError(`${path} has disappeared`, [GATEWAY_ENDPOINT]);
  };
  return {
    async read(): Promise<GatewayRead> {
      const file = await readJsonHostFile(path);
      if (file === null) return { absent: true };
      return parseGatewaySettings(file.text, path);
    },
    async setCertificate(thumbprint, records) {
      await writeHash(thumbprint);
      if (records.length > 0) await httpSys.rebindRecords(records.map((record) => ({ record, thumbprint, storeName: record.storeName })));
    },
    async restore(thumbprint, records) {
      if (records.length > 0) await httpSys.restoreRecords(records);
      await writeHash(thumbprint);
    },
    files: () => [writable(), ...httpSys.recordFiles],
  };
}
