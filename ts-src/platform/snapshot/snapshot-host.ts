import { join } from "node:path";
import { FileHostState } from "../files/file-host-state.js";
import { HostWriter } from "../files/host-writer.js";
import { IisConfigFile } from "../files/iis-config-file.js";
import { requireHostDirectory } from "../files/read-host-file.js";
import { requireSnapshotParts } from "./snapshot-parts.js";
import type { SnapshotAccess } from "../kind-access.js";
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
  readonly snapshot: SnapshotAccess;

  private constructor(
    readonly root: string,
    writer: HostWriter,
    kindFiles: readonly string[],
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
          ...kindFiles.map((name): [string, string] => [name, join(root, name)]),
          ...(await certificateSidecars(root)),
        ]);
      },
    });
    this.snapshot = {
      root,
      writer,
      file(relative: string): string {
        if (!kindFiles.includes(relative)) throw new Error(`${relative} is not a binding kind's snapshot file (BindingKind.snapshotFiles)`);
        return join(root, relative);
      },
    };
    this.eventLog = new SnapshotEventLog(root);
    this.taskScheduler = new SnapshotTaskScheduler(root, writer);
  }

  /** `kindFiles`: the binding kinds' snapshot files (`BindingKind.snapshotFiles`), which runs may change and recovery restore. */
  static async open(root: string, env: NodeJS.ProcessEnv = {}, kindFiles: readonly string[] = []): Promise<SnapshotHost> {
    await requireHostDirectory(root);
    await requireSnapshotParts(root, kindFiles);
    return new SnapshotHost(root, HostWriter.fromEnv(env, root), kindFiles);
  }

  get description(): string {
    return `snapshot host ${this.root}`;
  }

  warnings(): string[] {
    return [...this.iisConfig.warnings, ...this.certStore.warnings];
  }
}
