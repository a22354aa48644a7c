/*
 * HTTP.sys records are read from `netsh http show sslcert`, parsed by shape, not from the registry.
 *
 * The registry (`HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters\SslBindingInfo`, `SslSniBindingInfo`,
 * `SslCcsBindingInfo`, iis-httpsys-bindings.md §3.4) has language-neutral value names, but only the ipport
 * layout is VERIFIED (Azure DevOps Server's SslHandler); the SNI subkey naming and the whole CCS layout are
 * UNCERTAIN, the settings beyond hash/appid/store have UNCERTAIN value names, and the REG_BINARY AppId needs a
 * GUID byte-order guess. netsh prints every record kind with every setting in one process, in the format a
 * snapshot host stores (`httpsys/sslcert.txt`), so one parser serves both hosts; parsing by position and value
 * shape instead of labels makes it independent of the UI language (§3.6, option c).
 *
 * netsh writes in the OEM code page and execa decodes UTF-8. Everything the parser relies on is ASCII (hex
 * hashes, GUIDs, IP addresses, ports, `(null)`); host names in HTTP.sys are ASCII or punycode (INFERRED), so
 * only translated labels and flag words can arrive garbled, and those are kept, never interpreted.
 *
 * Writes restate whole records (netsh-restate.ts) in one `netsh -f <script>` process, whatever their number.
 * §3.7 (UNCERTAIN): a failing script line does not stop the next ones and its status is lost, so the exit code
 * proves nothing per record: every write is followed by a second `show sslcert` and checked record by record.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { release, tmpdir } from "node:os";
import { join } from "node:path";
import { toolFailed } from "../../core/errors.js";
import type { HttpSysRecord } from "../../core/model.js";
import { RebindWriteError, type HttpSys, type RecordRebind } from "../ports.js";
import { checkRestatable, readNetshRecords, restateCommands, type NetshRecord } from "./netsh-restate.js";
import type { ToolRunner } from "./tool-runner.js";
import { firstLine } from "./tool-output.js";

const SOURCE = "netsh http show sslcert";
/** Endpoints named in a message; the rest are counted (RebindWriteError.failed has them all). */
const NAMED_IN_MESSAGE = 10;

export interface ScriptFile {
  readonly path: string;
  remove(): Promise<void>;
}

/** Writes a netsh script somewhere netsh can read it. */
export type ScriptWriter = (text: string) => Promise<ScriptFile>;

/** A fresh directory under the temporary folder (mkdtemp), removed with the script. */
export const tempScriptWriter: ScriptWriter = async (text) => {
  const dir = await mkdtemp(join(tmpdir(), "certrebind-"));
  const path = join(dir, "sslcert.netsh");
  await writeFile(path, text, { encoding: "ascii", flag: "wx" });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
};

export interface WindowsHttpSysOptions {
  /** `os.release()` of the machine, such as `10.0.20348` or `6.3.9600`. */
  windowsVersion?: string;
  writeScript?: ScriptWriter;
}

/** What a record must read back as after a write. */
interface Expected {
  record: HttpSysRecord;
  thumbprint: string;
  storeName: string | null;
}

export class WindowsHttpSys implements HttpSys {
  private readonly updateMode: "update" | "delete-add";
  private readonly writeScript: ScriptWriter;

  constructor(
    private readonly run: ToolRunner,
    options: WindowsHttpSysOptions = {},
  ) {
    // `http update sslcert` is missing on Server 2012 R2 (6.3) and present on Windows 10 (§3.2); 10.0 as the
    // boundary is INFERRED.
    const major = Number(/^(\d+)\./.exec(options.windowsVersion ?? release())?.[1] ?? 0);
    this.updateMode = major >= 10 ? "update" : "delete-add";
    this.writeScript = options.writeScript ?? tempScriptWriter;
  }

  async readRecords(): Promise<HttpSysRecord[]> {
    const result = await this.run("netsh", ["http", "show", "sslcert"]);
    if (result.exitCode !== 0) {
      throw toolFailed("netsh", result.exitCode, firstLine(result.stderr) || firstLine(result.stdout));
    }
    return readNetshRecords(result.stdout, SOURCE);
  }

  /** Why netsh cannot restate `record` (moved to `newStoreName`, if given), or null. The planner refuses with CR3006. */
  checkRestatable(record: HttpSysRecord, newStoreName: string | null = null): string | null {
    return checkRestatable(record, newStoreName);
  }

  /** Two processes: the script, then the read-back. A record netsh cannot restate throws RestateError before either. */
  async rebindRecords(rebinds: readonly RecordRebind[]): Promise<void> {
    const commands = rebinds.flatMap(({ record, thumbprint, storeName }) =>
      restateCommands(record, this.updateMode, { thumbprint, storeName }),
    );
    const expected = rebinds.map(({ record, thumbprint, storeName }) => ({
      record,
      thumbprint,
      storeName: storeName ?? record.storeName,
    }));
    if (expected.length > 0) await this.apply(commands, expected, "rebind");
  }

  /**
   * Three processes at most: a read to see which records differ or are gone, the script, the read-back. Records
   * already as they were are left alone; a record that is gone is added.
   */
  async restoreRecords(records: readonly HttpSysRecord[]): Promise<void> {
    for (const record of records) restateCommands(record, "add");
    if (records.length === 0) return;
    const current = byKey(await this.readRecords());
    const expected = records.map((record) => ({ record, thumbprint: record.thumbprint ?? "", storeName: record.storeName }));
    const commands = expected
      .filter((want) => difference(want, current.get(keyOf(want.record))) !== null)
      .flatMap(({ record }) => restateCommands(record, current.has(keyOf(record)) ? this.updateMode : "add"));
    if (commands.length > 0) await this.apply(commands, expected, "restore");
  }

  private async apply(commands: readonly string[][], expected: readonly Expected[], verb: string): Promise<void> {
    const file = await this.writeScript(commands.map((args) => `${args.join(" ")}\r\n`).join(""));
    let outcome: string | null;
    let cause: unknown;
    try {
      const result = await this.run("netsh", ["-f", file.path]);
      outcome = result.exitCode === 0 ? null : `netsh -f exited with code ${result.exitCode}${detail(result.stderr, result.stdout)}`;
    } catch (error) {
      cause = error;
      outcome = `netsh -f could not run: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      await file.remove().catch(() => undefined);
    }

    let after: Map<string, HttpSysRecord>;
    try {
      after = byKey(await this.readRecords());
    } catch (error) {
      const all = expected.map(({ record }) => record.endpoint);
      const reason = error instanceof Error ? error.message : String(error);
      throw new RebindWriteError(
        `${outcome ?? "netsh -f ran"}, but the records could not be read back (${reason}); none of the ${all.length} counts as changed.`,
        all,
        { cause: error },
      );
    }
    const wrong = expected.flatMap((want) => {
      const why = difference(want, after.get(keyOf(want.record)));
      return why === null ? [] : [{ endpoint: want.record.endpoint, why }];
    });
    if (outcome === null && wrong.length === 0) return;
    const named = wrong.slice(0, NAMED_IN_MESSAGE).map(({ endpoint, why }) => `${endpoint} (${why})`);
    const more = wrong.length > NAMED_IN_MESSAGE ? ` and ${wrong.length - NAMED_IN_MESSAGE} more` : "";
    throw new RebindWriteError(
      `${outcome ?? "netsh -f exited with code 0"}; ${expected.length - wrong.length} of ${expected.length} records read back ` +
        `as the ${verb} intended` +
        (wrong.length > 0 ? `; not as intended: ${named.join(", ")}${more}.` : "."),
      wrong.map(({ endpoint }) => endpoint),
      { cause },
    );
  }
}

/** Null when `actual` is `want.record` with `want`'s hash and store; what differs otherwise. */
function difference(want: Expected, actual: HttpSysRecord | undefined): string | null {
  if (!actual) return "missing";
  if ((actual.thumbprint ?? "").toUpperCase() !== want.thumbprint.toUpperCase()) {
    return `hash ${actual.thumbprint ?? "none"} instead of ${want.thumbprint.toUpperCase()}`;
  }
  // Store names are compared without case, as Windows opens them (INFERRED).
  if ((actual.storeName ?? "").toLowerCase() !== (want.storeName ?? "").toLowerCase()) {
    return `store ${actual.storeName ?? "(null)"} instead of ${want.storeName ?? "(null)"}`;
  }
  const kept = (record: NetshRecord) => (record.fields ?? []).filter(({ name }) => name !== "hash" && name !== "storeName");
  const before = kept(want.record);
  const now = kept(actual);
  for (let i = 0; i < Math.max(before.length, now.length); i += 1) {
    const was = before[i];
    const is = now[i];
    if (was?.name !== is?.name || was?.value !== is?.value) {
      return `${(was ?? is)!.label} ${is ? `is ${is.value ?? "(null)"}` : "is gone"}, was ${was ? (was.value ?? "(null)") : "absent"}`;
    }
  }
  return null;
}

function keyOf(record: HttpSysRecord): string {
  return `${record.kind} ${record.endpoint.toLowerCase()}`;
}

function byKey(records: readonly HttpSysRecord[]): Map<string, HttpSysRecord> {
  return new Map(records.map((record) => [keyOf(record), record]));
}

function detail(stderr: string, stdout: string): string {
  const line = firstLine(stderr) || firstLine(stdout);
  return line ? `: ${line}` : "";
}
