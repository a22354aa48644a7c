import { sameStore } from "../../core/certificate.js";
import { decodeMetabaseHash, type MetabaseChange } from "./metabase.js";
import { metabaseReplacements, metabaseUndo } from "./metabase-edit.js";
import type { RecordRebind } from "../../platform/ports.js";
import type { ApplySession, KindChange, KindContext, SharedFileEdit } from "../binding-kind.js";
import { readIisConfiguration } from "../common/host-reads.js";
import { applicationHostConfig } from "../common/iis-config.js";
import type { RecordTarget } from "./model.js";

type RecordChange = KindChange<RecordTarget>;

/** HTTP.sys records in one batch; the adapter reads them back (HttpSys.rebindRecords) and throws RebindWriteError naming those that are not as intended. */
export async function applyRecords(context: KindContext, changes: readonly RecordChange[], session: ApplySession): Promise<void> {
  const originals = changes.map((c) => c.target.record);
  const rebinds: RecordRebind[] = changes.map((c) => ({ record: c.target.record, thumbprint: c.view.to, storeName: c.view.storeName.to }));
  session.onUndo("HTTP.sys records", () => context.host.httpSys.restoreRecords(originals));
  await context.host.httpSys.rebindRecords(rebinds);
}

/** The IIS 6 metabase entries (5506/5511) that move with the records, edited in the same write of applicationHost.config as the FTP sites. */
export function metabaseEdits(changes: readonly RecordChange[]): SharedFileEdit[] {
  const moving = changes.filter((c) => c.view.metabase.length > 0);
  if (moving.length === 0) return [];
  const metabase = moving.flatMap((c) => c.view.metabase);
  return [
    {
      file: applicationHostConfig,
      endpoints: moving.map((c) => c.view.endpoint),
      replacements: (text, path) => metabaseReplacements(text, path, metabase),
      undo: (_before, text, path) => metabaseReplacements(text, path, metabaseUndo(metabase)),
    },
  ];
}

/** The endpoints whose metabase entries (5506/5511) do not hold the new values in the configuration read again after the edit. */
export async function readBackMetabase(context: KindContext, changes: readonly RecordChange[]): Promise<string[]> {
  const withMetabase = changes.filter((c) => c.view.metabase.length > 0);
  if (withMetabase.length === 0) return [];
  const config = await readIisConfiguration(context);
  const keys = new Map((config?.metabaseSsl ?? []).map((k) => [k.path, k]));
  const holds = (c: MetabaseChange) => {
    const key = keys.get(c.key);
    const value = (c.property === 5506 ? key?.certHash : key?.storeName)?.value ?? null;
    if (value === null) return false;
    return c.property === 5506 ? decodeMetabaseHash(value) === c.to : sameStore(value, c.to);
  };
  return withMetabase.filter((c) => !c.view.metabase.every(holds)).map((c) => c.view.endpoint);
}
