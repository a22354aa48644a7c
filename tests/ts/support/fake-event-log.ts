import type { EventLogApi, RegistryApi, RegistryKey, ReportedEvent, Win32Result } from "../../../ts-src/platform/windows/event-log-api.js";

/** Which call fails, and with which Win32 error code. */
export type FakeEventLogFailures = Partial<Record<"RegisterEventSourceW" | "ReportEventW" | "DeregisterEventSource" | "RegOpenKeyExW" | "RegCreateKeyExW" | "RegSetValueExW", number>>;

interface RegistryValue {
  type: "REG_EXPAND_SZ" | "REG_DWORD";
  value: string | number;
}

/**
 * The advapi32 event logging and registry functions as Microsoft documents them, in memory: every call in order
 * (`calls`), the events reported, the HKLM keys and their values, and the handles still open.
 */
export class FakeEventLog implements EventLogApi, RegistryApi {
  readonly calls: string[] = [];
  readonly events: (ReportedEvent & { handle: unknown })[] = [];
  /** HKLM subkeys (as given, case kept) and their values. */
  readonly keys = new Map<string, Map<string, RegistryValue>>();
  readonly openHandles = new Set<unknown>();
  readonly openKeys = new Map<RegistryKey, string>();
  private next = 0x100n;

  constructor(private readonly failures: FakeEventLogFailures = {}) {}

  private fail(name: keyof FakeEventLogFailures): Win32Result<never> | null {
    this.calls.push(name);
    const code = this.failures[name];
    return code === undefined ? null : { error: code };
  }

  registerEventSource(source: string): Win32Result<unknown> {
    const failed = this.fail("RegisterEventSourceW");
    if (failed) return failed;
    const handle = { source, handle: (this.next += 1n) };
    this.openHandles.add(handle);
    return { value: handle };
  }

  reportEvent(handle: unknown, event: ReportedEvent): Win32Result<true> {
    const failed = this.fail("ReportEventW");
    if (failed) return failed;
    if (!this.openHandles.has(handle)) return { error: 6 }; // ERROR_INVALID_HANDLE
    this.events.push({ ...event, strings: [...event.strings], handle });
    return { value: true };
  }

  deregisterEventSource(handle: unknown): Win32Result<true> {
    const failed = this.fail("DeregisterEventSource");
    if (failed) return failed;
    return this.openHandles.delete(handle) ? { value: true } : { error: 6 };
  }

  openKey(subkey: string): Win32Result<RegistryKey> {
    const failed = this.fail("RegOpenKeyExW");
    if (failed) return failed;
    if (!this.keys.has(subkey)) return { error: 2 }; // ERROR_FILE_NOT_FOUND
    return { value: this.open(subkey) };
  }

  createKey(subkey: string): Win32Result<{ key: RegistryKey; created: boolean }> {
    const failed = this.fail("RegCreateKeyExW");
    if (failed) return failed;
    const created = !this.keys.has(subkey);
    if (created) this.keys.set(subkey, new Map());
    return { value: { key: this.open(subkey), created } };
  }

  hasValue(key: RegistryKey, name: string): Win32Result<boolean> {
    this.calls.push("RegQueryValueExW");
    return { value: this.valuesOf(key).has(name) };
  }

  setExpandString(key: RegistryKey, name: string, text: string): Win32Result<true> {
    const failed = this.fail("RegSetValueExW");
    if (failed) return failed;
    this.valuesOf(key).set(name, { type: "REG_EXPAND_SZ", value: text });
    return { value: true };
  }

  setDword(key: RegistryKey, name: string, value: number): Win32Result<true> {
    const failed = this.fail("RegSetValueExW");
    if (failed) return failed;
    this.valuesOf(key).set(name, { type: "REG_DWORD", value });
    return { value: true };
  }

  closeKey(key: RegistryKey): void {
    this.calls.push("RegCloseKey");
    this.openKeys.delete(key);
  }

  private open(subkey: string): RegistryKey {
    const key = (this.next += 1n);
    this.openKeys.set(key, subkey);
    return key;
  }

  private valuesOf(key: RegistryKey): Map<string, RegistryValue> {
    const subkey = this.openKeys.get(key);
    if (subkey === undefined) throw new Error(`registry key ${key} is not open`);
    return this.keys.get(subkey)!;
  }
}
