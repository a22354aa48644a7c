import type { Host } from "../ports.js";
import { WindowsCertStore } from "./cert-store.js";
import { WindowsHttpSys } from "./httpsys.js";
import { WindowsIisConfig } from "./iis-config.js";
import { execaRunner, type ToolRunner } from "./tool-runner.js";

/** This Windows machine, read and changed through its own tools. */
export class WindowsHost implements Host {
  readonly description = "this Windows machine";
  readonly httpSys: WindowsHttpSys;
  readonly iisConfig: WindowsIisConfig;
  readonly certStore: WindowsCertStore;

  constructor(run: ToolRunner = execaRunner) {
    this.httpSys = new WindowsHttpSys(run);
    this.iisConfig = new WindowsIisConfig();
    this.certStore = new WindowsCertStore(run);
  }

  warnings(): string[] {
    return [...this.iisConfig.warnings];
  }
}
