import { join } from "node:path";
import { FileHostState } from "../files/file-host-state.js";
import { HostWriter } from "../files/host-writer.js";
import { IisConfigFile } from "../files/iis-config-file.js";
import { requireHostDirectory } from "../files/read-host-file.js";
import { requireSnapshotParts } from "./snapshot-parts.js";
import type { Host } from "../ports.js";
import { SnapshotCertStore } from "./cert-store.js";
import { SnapshotEventLog } from "./event-log.js";
import { SnapshotHttpSys } from "./http-sys.js";
import { SnapshotKeyAccess } from "./key-access.js";
import { SnapshotServiceControl } from "./service-control.js";
import { certificateSidecars } from "./sidecars.js";
import { SnapshotTaskScheduler } from "./task-scheduler.js";

/** A directory that stands for one Windows server (docs/snapshot-host.md). */
export class SnapshotHost implements Host {
  readonly httpSys: SnapshotHttpSys;
  readonly iisConfig: IisConfigFile;
  readonly certStore: SnapshotCertStore;
  readonly state: FileHostState;
  readonly eventLog: SnapshotEventLog;
  readonly taskScheduler: SnapshotTaskScheduler;
  readonly services: SnapshotServiceControl;
  readonly keys: SnapshotKeyAccess;

  private constructor(
    readonly root: string,
    writer: HostWriter,
  ) {
    const inetsrv = join(root, "inetsrv");
    this.httpSys = new SnapshotHttpSys(root, writer);
    this.iisConfig = new IisConfigFile(inetsrv, () => join(inetsrv, "shared", "applicationHost.config"), writer);
    this.certStore = new SnapshotCertStore(root);
    this.services = new SnapshotServiceControl(root, writer);
    // A store of its own: what it notices while finding a key is the certificate store's to say, once.
    this.keys = new SnapshotKeyAccess(new SnapshotCertStore(root), writer);
    this.state = new FileHostState(join(root, "state"), writer, undefined, {
      changeableFiles: async () => {
        const config = await this.iisConfig.journaled();
        return new Map([
          ["httpsys/records.json", this.httpSys.jsonPath],
          ["httpsys/sslcert.txt", this.httpSys.textPath],
          [config.name, config.path],
          ["services/services.json", this.services.filePath],
          ...(await certificateSidecars(root)),
        ]);
      },
    });
    this.eventLog = new SnapshotEventLog(root);
    this.taskScheduler = new SnapshotTaskScheduler(root, writer);
  }

  static async open(root: string, env: NodeJS.ProcessEnv = {}): Promise<SnapshotHost> {
    await requireHostDirectory(root);
    await requireSnapshotParts(root);
    return new SnapshotHost(root, HostWriter.fromEnv(env, root));
  }

  get description(): string {
    return `snapshot host ${this.root}`;
  }

  warnings(): string[] {
    return [...this.iisConfig.warnings, ...this.certStore.warnings];
  }
}
