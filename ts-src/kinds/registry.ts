/*
 * The registered binding kinds, in the order they are read, planned, applied and reported. Adding a kind: its
 * folder ts-src/kinds/<name>/ (an index.ts exporting its BindingKind), one import and one entry here.
 */
import type { AnyBindingKind } from "./binding-kind.js";
import { ftpSiteKind } from "./ftp-site/index.js";
import { httpsysRecordKind } from "./httpsys-record/index.js";
import { rdpKind } from "./rdp/index.js";
import { rdGatewayKind } from "./rdgateway/index.js";
import { sqlServerKind } from "./sqlserver/index.js";
import { winrmKind } from "./winrm/index.js";

export const BINDING_KINDS: readonly AnyBindingKind[] = [
  httpsysRecordKind,
  ftpSiteKind,
  sqlServerKind,
  rdpKind,
  rdGatewayKind,
  winrmKind,
];

/** Every kind's snapshot files, relative to a snapshot host's root: the files a run may change there (docs/snapshot-host.md). */
export const KIND_SNAPSHOT_FILES: readonly string[] = BINDING_KINDS.flatMap((kind) => kind.snapshotFiles ?? []);
