import { join } from "node:path";
import type { HttpSysRecord } from "../../core/model.js";
import { parseSslCertOutput } from "../formats/netsh-sslcert.js";
import type { HttpSys } from "../ports.js";
import { readHostText } from "./files.js";

/** `httpsys/sslcert.txt`: the output of `netsh http show sslcert`, in any UI language. */
export class SnapshotHttpSys implements HttpSys {
  constructor(private readonly root: string) {}

  get path(): string {
    return join(this.root, "httpsys", "sslcert.txt");
  }

  async readRecords(): Promise<HttpSysRecord[]> {
    const text = await readHostText(this.path);
    return text === null ? [] : parseSslCertOutput(text, this.path);
  }
}
