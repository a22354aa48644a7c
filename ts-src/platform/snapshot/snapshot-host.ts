import type { Host } from "../ports.js";
import { SnapshotCertStore } from "./cert-store.js";
import { requireHostDirectory } from "./files.js";
import { SnapshotHttpSys } from "./http-sys.js";
import { SnapshotIisConfig } from "./iis-config.js";

/** A directory that stands for one Windows server (docs/snapshot-host.md). */
export class SnapshotHost implements Host {
  readonly httpSys: SnapshotHttpSys;
  readonly iisConfig: SnapshotIisConfig;
  readonly certStore: SnapshotCertStore;

  private constructor(readonly root: string) {
    this.httpSys = new SnapshotHttpSys(root);
    this.iisConfig = new SnapshotIisConfig(root);
    this.certStore = new SnapshotCertStore(root);
  }

  static async open(root: string): Promise<SnapshotHost> {
    await requireHostDirectory(root);
    return new SnapshotHost(root);
  }

  get description(): string {
    return `snapshot host ${this.root}`;
  }

  warnings(): string[] {
    return [...this.iisConfig.warnings, ...this.certStore.warnings];
  }
}
