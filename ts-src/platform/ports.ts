import type { HttpSysRecord, IisConfiguration, StoredCertificate } from "../core/model.js";

/** The machine as the core sees it. Two implementations: windows/ (real tools) and snapshot/ (a directory). */
export interface Host {
  readonly description: string;
  readonly httpSys: HttpSys;
  readonly iisConfig: IisConfig;
  readonly certStore: CertStore;
  /** What the adapters noticed while reading (a key that does not match its certificate, …). */
  warnings(): string[];
}

export interface HttpSys {
  /** Every SSL record: ipport, hostnameport and ccs. */
  readRecords(): Promise<HttpSysRecord[]>;
}

export interface IisConfig {
  /** The parsed applicationHost.config (following redirection.config), or null when IIS is not installed. */
  read(): Promise<IisConfiguration | null>;
}

export interface CertStore {
  /** Every certificate of the LocalMachine stores the tool looks at, archived ones included. */
  list(): Promise<StoredCertificate[]>;
}
