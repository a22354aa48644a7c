import { join } from "node:path";
import type { Thumbprint } from "../../core/thumbprint.js";
import { editJsonHostFile, readJsonHostFile, type JsonHostFile } from "../../platform/files/json-host-file.js";
import { readHostBytes } from "../../platform/files/read-host-file.js";
import { memberOf, setMember, type JsonObjectNode } from "../../platform/formats/json-member-edit.js";
import type { SnapshotAccess } from "../../platform/kind-access.js";
import { EXAMPLE, listenersOf } from "./listeners-json.js";
import type { RdpListeners } from "./port.js";

/** The kind's snapshot file (docs/snapshot-host.md, "RDP listeners"). */
export const LISTENERS_FILE = "rdp/listeners.json";

/**
 * A snapshot host's RDP listeners: `rdp/listeners.json`, what the Windows read prints (an array, or one object). A
 * write changes only the listener's `"SSLCertificateSHA1Hash"` value, every other byte as it was (json-host-file.ts:
 * atomic, refused when another program wrote the file meanwhile). No file: the host has no listeners to read.
 */
export function snapshotListeners(snapshot: SnapshotAccess): RdpListeners {
  // Read where it is; written only through `snapshot.file`, which holds the files a run may change and recovery restore.
  const path = join(snapshot.root, LISTENERS_FILE);
  return {
    async read() {
      let file: JsonHostFile | null;
      let value: unknown;
      try {
        file = await readJsonHostFile(path);
        if (file === null) return null;
        value = JSON.parse(file.text.replace(/^\uFEFF/, ""));
      } catch (error) {
        return unread(error instanceof Error ? error.message : String(error));
      }
      const parsed = listenersOf(value, LISTENERS_FILE);
      return typeof parsed === "string" ? unread(parsed) : parsed;
    },
    async write(terminalName, thumbprint: Thumbprint) {
      const written = snapshot.file(LISTENERS_FILE);
      let found = false;
      await editJsonHostFile(snapshot.writer, written, (file) => {
        const node = listenerNode(file, terminalName);
        found = node !== null;
        return node === null ? null : [setMember(file.text, node, "SSLCertificateSHA1Hash", JSON.stringify(thumbprint))];
      });
      if (!found) return null;
      const now = await this.read();
      return now?.listeners.find((l) => l.terminalName.toLowerCase() === terminalName.toLowerCase()) ?? null;
    },
    file: () => snapshot.file(LISTENERS_FILE),
    snapshotBytes: () => readHostBytes(path),
  };
}

function unread(why: string) {
  return { listeners: [], warnings: [`${LISTENERS_FILE} could not be read (${why}; expected ${EXAMPLE}, or an array of them); the RDP listeners are not listed or changed.`] };
}

/** The object of the listener named `terminalName` (case-insensitively, as WQL compares it), or null. */
function listenerNode(file: JsonHostFile, terminalName: string): JsonObjectNode | null {
  const nodes = file.root.type === "array" ? file.root.items : [file.root];
  for (const node of nodes) {
    if (node.type !== "object") continue;
    const name = memberOf(node, "TerminalName")?.value;
    if (name?.type === "string" && name.value.toLowerCase() === terminalName.toLowerCase()) return node;
  }
  return null;
}
