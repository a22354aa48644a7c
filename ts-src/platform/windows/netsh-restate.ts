/*
 * One HTTP.sys record restated as netsh arguments: every setting as read, with only the certificate changed.
 *
 * `netsh http update sslcert` (and `add`) take the whole record; an option left out falls back to its default, so
 * a rebind that names only the hash silently resets revocation, CTL, client-certificate negotiation and the newer
 * flags (iis-httpsys-bindings.md §3.2). Option names come from the usage text in §3.2 (IIS.WebManager issue 510)
 * plus `disablesessionid` from the current netsh-http page quoted there.
 *
 * Fields are named by position (platform/formats/netsh-sslcert.ts), never by label, because labels are translated
 * (§3.6). RISK: the names past `negotiateClientCert` are the order of one Microsoft sample (NetShWrapper.cs), and
 * one real capture (tests/fixtures/netsh/dotfiles-ipport-after-update.txt) goes from `Disable OCSP Stapling`
 * straight to `Disable Legacy TLS Versions`: there, every later position names the wrong setting. A shifted list
 * is caught three ways, none complete: a line whose English label belongs to another position, an English record
 * with a label this order does not know, and a value of the wrong shape (a number where a flag belongs). A shift
 * among flags of a translated record is not detectable by shape; the read-back after writing is the last guard.
 */
import { isIPv4, isIPv6 } from "node:net";
import { CertRebindError, ExitCode } from "../../core/errors.js";
import type { HttpSysRecord } from "../../core/model.js";
import { parseSslCertDocument, recordLines, type SslCertLine } from "../formats/netsh-sslcert.js";

/** A line of a netsh record named by its position (NETSH_POSITIONS), labels kept as printed. */
export interface HttpSysField {
  name: string;
  label: string;
  value: string | null;
}

/** A record read from netsh's text on Windows, with its lines named by position for restating. */
export type NetshRecord = HttpSysRecord & { fields?: HttpSysField[] };

/**
 * Names of the lines after the key, by position, in the order of the newer layout (aspnet/Benchmarks :
 * src/BenchmarksApps/TLS/HttpSys/NetSh/NetShWrapper.cs). INFERRED: older builds print a prefix of this list; a
 * line past the list is `field<N>`. Sub-block headings are `extended.<k>` and their lines `extended.<k>.<i>`.
 */
export const NETSH_POSITIONS = [
  "hash",
  "appId",
  "storeName",
  "verifyRevocation",
  "revocationCachedOnly",
  "usageCheck",
  "revocationFreshnessTime",
  "urlRetrievalTimeout",
  "ctlIdentifier",
  "ctlStoreName",
  "dsMapperUsage",
  "negotiateClientCert",
  "rejectConnections",
  "disableHttp2",
  "disableQuic",
  "disableTls12",
  "disableTls13",
  "disableOcspStapling",
  "enableTokenBinding",
  "logExtendedEvents",
  "disableLegacyTls",
  "enableSessionTicket",
  "disableSessionId",
  "enableCachingClientHello",
] as const;

/** The records of `netsh http show sslcert` output, each with its lines named by position. */
export function readNetshRecords(text: string, source: string): NetshRecord[] {
  const document = parseSslCertDocument(text, source);
  return document.entries.map((entry) => ({ ...entry.record, fields: namedFields(recordLines(document, entry)) }));
}

function namedFields(lines: readonly SslCertLine[]): HttpSysField[] {
  const fields: HttpSysField[] = [];
  let position = 0;
  let sub = 0;
  for (const { label, value, heading, block } of lines) {
    if (heading) {
      fields.push({ name: `extended.${block - 1}`, label, value: null });
      sub = 0;
    } else if (block > 0) {
      fields.push({ name: `extended.${block - 1}.${sub++}`, label, value });
    } else {
      fields.push({ name: NETSH_POSITIONS[position] ?? `field${position}`, label, value });
      position += 1;
    }
  }
  return fields;
}

/** A record that netsh cannot restate exactly; the planner refuses its target with CR3006. */
export class RestateError extends CertRebindError {
  constructor(
    readonly endpoint: string,
    readonly label: string,
    readonly value: string | null,
    reason: string,
  ) {
    super(
      "CR3006",
      `the HTTP.sys record ${printable(endpoint)} cannot be restated through netsh: ${label}${value === null ? "" : ` '${printable(value)}'`} ${reason}`,
      ExitCode.Partial,
      endpoint,
    );
    this.name = "RestateError";
  }
}

/** Control characters as JSON escapes, so that a hostile value cannot forge lines of a message. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001F\u007F-\u009F]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/** The certificate a record moves to; `storeName` null keeps the record's own store. */
export interface NewCertificate {
  thumbprint: string;
  storeName: string | null;
}

/**
 * `update`: one `http update sslcert` (Windows 10.0 and later). `delete-add`: `http delete sslcert` then `http add
 * sslcert` (before 10.0, where `update` is missing: §3.2, Server 2012 R2). `add`: for a record that no longer exists.
 */
export type RestateMode = "update" | "delete-add" | "add";

type OptionKind = "flag" | "uint" | "ctlIdentifier" | "store";

/** Positional field name → netsh option, in the order options are written. */
const OPTIONS: ReadonlyMap<string, { option: string; kind: OptionKind }> = new Map([
  ["verifyRevocation", { option: "verifyclientcertrevocation", kind: "flag" }],
  ["revocationCachedOnly", { option: "verifyrevocationwithcachedclientcertonly", kind: "flag" }],
  ["usageCheck", { option: "usagecheck", kind: "flag" }],
  ["revocationFreshnessTime", { option: "revocationfreshnesstime", kind: "uint" }],
  ["urlRetrievalTimeout", { option: "urlretrievaltimeout", kind: "uint" }],
  ["ctlIdentifier", { option: "sslctlidentifier", kind: "ctlIdentifier" }],
  ["ctlStoreName", { option: "sslctlstorename", kind: "store" }],
  ["dsMapperUsage", { option: "dsmapperusage", kind: "flag" }],
  ["negotiateClientCert", { option: "clientcertnegotiation", kind: "flag" }],
  ["rejectConnections", { option: "reject", kind: "flag" }],
  ["disableHttp2", { option: "disablehttp2", kind: "flag" }],
  ["disableQuic", { option: "disablequic", kind: "flag" }],
  ["disableTls12", { option: "disabletls12", kind: "flag" }],
  ["disableTls13", { option: "disabletls13", kind: "flag" }],
  ["disableOcspStapling", { option: "disableocspstapling", kind: "flag" }],
  ["enableTokenBinding", { option: "enabletokenbinding", kind: "flag" }],
  ["logExtendedEvents", { option: "logextendedevents", kind: "flag" }],
  ["disableLegacyTls", { option: "disablelegacytls", kind: "flag" }],
  ["enableSessionTicket", { option: "enablesessionticket", kind: "flag" }],
  ["disableSessionId", { option: "disablesessionid", kind: "flag" }],
]);

/** English labels by position (reference §3.1 captures and the NetShWrapper.cs sample), to spot a shifted list. */
const ENGLISH_LABELS: ReadonlyMap<string, string> = new Map([
  ["hash", "Certificate Hash"],
  ["appId", "Application ID"],
  ["storeName", "Certificate Store Name"],
  ["verifyRevocation", "Verify Client Certificate Revocation"],
  ["revocationCachedOnly", "Verify Revocation Using Cached Client Certificate Only"],
  ["usageCheck", "Usage Check"],
  ["revocationFreshnessTime", "Revocation Freshness Time"],
  ["urlRetrievalTimeout", "URL Retrieval Timeout"],
  ["ctlIdentifier", "Ctl Identifier"],
  ["ctlStoreName", "Ctl Store Name"],
  ["dsMapperUsage", "DS Mapper Usage"],
  ["negotiateClientCert", "Negotiate Client Certificate"],
  ["rejectConnections", "Reject Connections"],
  ["disableHttp2", "Disable HTTP2"],
  ["disableQuic", "Disable QUIC"],
  ["disableTls12", "Disable TLS1.2"],
  ["disableTls13", "Disable TLS1.3"],
  ["disableOcspStapling", "Disable OCSP Stapling"],
  ["enableTokenBinding", "Enable Token Binding"],
  ["logExtendedEvents", "Log Extended Events"],
  ["disableLegacyTls", "Disable Legacy TLS Versions"],
  ["enableSessionTicket", "Enable Session Ticket"],
  ["disableSessionId", "Disable Session ID"],
  ["enableCachingClientHello", "Enable Caching Client Hello"],
]);
const ENGLISH_NAMES = new Map([...ENGLISH_LABELS].map(([name, label]) => [label.toLowerCase(), name]));

/**
 * Flag words as netsh prints them. English: reference §3.1 (NetShWrapper.cs also reads `Enable`/`Disable`).
 * German `Aktiviert`/`Deaktiviert`: INFERRED (§3.6, a third-party parser test). `null` = leave the default.
 */
const FLAG_VALUES: ReadonlyMap<string, "enable" | "disable" | null> = new Map([
  ["Enabled", "enable"],
  ["Enable", "enable"],
  ["Set", "enable"],
  ["Aktiviert", "enable"],
  ["Disabled", "disable"],
  ["Disable", "disable"],
  ["Deaktiviert", "disable"],
  ["Not Set", null],
]);

/**
 * Extended Properties as every capture shows them (server2022 sample, dotfiles capture: records made without
 * setting them), keyed by PropertyId, values by position. INFERRED: these are HTTP.sys defaults, which a record
 * written by netsh keeps or gets back. netsh has no option for them (§3.2), so other values cannot be restated.
 */
const DEFAULT_EXTENDED: ReadonlyMap<string, readonly string[]> = new Map([
  ["0", ["1048576"]],
  ["1", ["2796202", "4294967295"]],
]);

/** A store name that is one token on a `netsh -f` line: no spaces (so `Remote Desktop` is refused). GUESS: 64 chars. */
const STORE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const STORE_RULE = "a store name netsh can take as one token of a script line (a letter, then letters, digits, '_' or '-'; no spaces)";
/** GUESS: CTL identifiers seen are short names; anything else is refused rather than quoted. */
const CTL_IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const GUID = /^\{[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}$/;
const THUMBPRINT = /^[0-9A-Fa-f]{40}$/;
/** Last guard on every argument: one `option=value` token of characters that mean nothing to netsh or a shell. */
const SAFE_TOKEN = /^[a-z0-9]+=[A-Za-z0-9.:[\]{}*_-]+$/;

/** The netsh argument lists that put `record` in place, with `change` applied (null restates it exactly). */
export function restateCommands(record: NetshRecord, mode: RestateMode, change: NewCertificate | null = null): string[][] {
  const options = restateOptions(record, change);
  if (mode === "update") return [["http", "update", "sslcert", ...options]];
  if (mode === "add") return [["http", "add", "sslcert", ...options]];
  return [
    ["http", "delete", "sslcert", options[0]!],
    ["http", "add", "sslcert", ...options],
  ];
}

/**
 * Null when `record` can be restated as it is (the rollback) and, if `newStoreName` is given, moved to that store;
 * the reason otherwise. The new thumbprint is not checked here: it is normalised on input.
 */
export function checkRestatable(record: NetshRecord, newStoreName: string | null = null): string | null {
  try {
    restateOptions(record, null);
    if (newStoreName !== null) restateOptions(record, { thumbprint: record.thumbprint ?? "", storeName: newStoreName });
    return null;
  } catch (error) {
    if (error instanceof RestateError) return error.message;
    throw error;
  }
}


/** `ipport=…|hostnameport=…`, then `certhash`, `appid`, `certstorename` and every other setting that has an option. */
function restateOptions(record: NetshRecord, change: NewCertificate | null): string[] {
  const refuse = (field: Pick<HttpSysField, "label" | "value">, reason: string) =>
    new RestateError(record.endpoint, field.label, field.value, reason);
  const fields = record.fields;
  if (fields === undefined) throw refuse({ label: "its settings", value: null }, "were not read from netsh's text: restating it would reset them");
  const fieldOf = (name: string): HttpSysField => fields.find((field) => field.name === name) ?? { name, label: name, value: null };

  const key = keyOption(record, refuse);
  const thumbprint = change ? change.thumbprint : record.thumbprint;
  if (thumbprint === null || !THUMBPRINT.test(thumbprint)) {
    throw refuse({ label: "certificate hash", value: thumbprint }, "is not 40 hexadecimal digits");
  }
  if (record.appId === null || !GUID.test(record.appId)) {
    throw refuse(fieldOf("appId"), "is not an application ID such as {4dc3e181-e14b-4a21-b022-59fc669b0914}, which netsh requires");
  }
  const store = change?.storeName ?? record.storeName;
  if (store !== null && !STORE_NAME.test(store)) {
    throw refuse({ label: "certificate store name", value: store }, `is not ${STORE_RULE}`);
  }

  const options = [key, `certhash=${thumbprint.toLowerCase()}`, `appid=${record.appId}`, ...(store === null ? [] : [`certstorename=${store}`])];
  const english = fieldOf("hash").label === ENGLISH_LABELS.get("hash");
  checkExtended(fields, refuse);
  for (const field of fields) {
    if (field.name.startsWith("extended.")) continue;
    checkPosition(field, english, refuse);
    const option = optionFor(field, refuse);
    if (option !== null) options.push(option);
  }
  for (const token of options) {
    if (!SAFE_TOKEN.test(token)) throw refuse({ label: "argument", value: token }, "contains characters that cannot go on a netsh command line");
  }
  return options;
}

type Refuse = (field: Pick<HttpSysField, "label" | "value">, reason: string) => RestateError;

function keyOption(record: HttpSysRecord, refuse: Refuse): string {
  const key = { label: record.kind === "hostnameport" ? "Hostname:port" : "IP:port", value: record.endpoint };
  if (record.kind === "ccs" || record.kind === "scopedccs") {
    throw refuse({ label: "Central Certificate Store", value: record.endpoint }, `is a ${record.kind} record: its certificate is the PFX file, never a hash`);
  }
  const match = /^(.+):(\d{1,5})$/.exec(record.endpoint);
  const port = match ? Number(match[2]) : 0;
  if (!match || port < 1 || port > 65535) throw refuse(key, "is not an address or host name followed by a port from 1 to 65535");
  const host = match[1]!;
  if (record.kind === "ipport") {
    const v6 = /^\[([0-9A-Fa-f:.]+)\]$/.exec(host);
    if (v6 ? !isIPv6(v6[1]!) : !(isIPv4(host) && /^[\d.]+$/.test(host))) {
      throw refuse(key, "is not an IPv4:port or [IPv6]:port endpoint");
    }
    return `ipport=${record.endpoint}`;
  }
  // INFERRED: HTTP.sys host names are ASCII or punycode (see httpsys.ts); `*` and `*.` are IIS 10 wildcard hosts.
  if (host.length > 253 || !/^(?:\*|(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)$/.test(host)) {
    throw refuse(key, "is not a host name of letters, digits, '-' and '.' (punycode for others) followed by a port");
  }
  return `hostnameport=${record.endpoint}`;
}

/** A line whose English label is another position's, or an unknown label in an English record: positions shifted. */
function checkPosition(field: HttpSysField, english: boolean, refuse: Refuse): void {
  const expected = ENGLISH_LABELS.get(field.name);
  const labelled = ENGLISH_NAMES.get(field.label.trim().toLowerCase());
  if ((labelled !== undefined && labelled !== field.name) || (english && expected !== undefined && labelled === undefined)) {
    throw refuse(
      field,
      `stands where '${expected ?? field.name}' belongs: this netsh prints a layout whose lines cannot be named by position`,
    );
  }
}

function optionFor(field: HttpSysField, refuse: Refuse): string | null {
  if (field.name === "hash" || field.name === "appId" || field.name === "storeName") return null;
  const known = OPTIONS.get(field.name);
  const value = field.value;
  if (!known) {
    if (value === null || value === "Not Set") return null;
    throw refuse(field, "is set, and netsh has no option to restate it (only the HTTP Server API can)");
  }
  if (value === null) return null;
  switch (known.kind) {
    case "flag": {
      const flag = FLAG_VALUES.get(value);
      if (flag === undefined) {
        throw refuse(field, "is not a value this tool knows for a flag (Enabled, Disabled, Set, Not Set, or German Aktiviert/Deaktiviert)");
      }
      return flag === null ? null : `${known.option}=${flag}`;
    }
    case "uint":
      if (!/^\d{1,10}$/.test(value) || Number(value) > 0xffffffff) throw refuse(field, "is not a whole number of at most 4294967295");
      return `${known.option}=${value}`;
    case "ctlIdentifier":
      if (!CTL_IDENTIFIER.test(value)) throw refuse(field, "contains characters that cannot go on a netsh script line");
      return `${known.option}=${value}`;
    case "store":
      if (!STORE_NAME.test(value)) throw refuse(field, `is not ${STORE_RULE}`);
      return `${known.option}=${value}`;
  }
}

/** Extended Properties are accepted only as the defaults every capture shows (DEFAULT_EXTENDED). */
function checkExtended(fields: readonly HttpSysField[], refuse: Refuse): void {
  const blocks = new Map<string, HttpSysField[]>();
  for (const field of fields) {
    const sub = /^(extended\.\d+)\.\d+$/.exec(field.name);
    if (sub) blocks.set(sub[1]!, [...(blocks.get(sub[1]!) ?? []), field]);
  }
  for (const [, lines] of blocks) {
    const [id, ...values] = lines;
    const defaults = id?.value == null ? undefined : DEFAULT_EXTENDED.get(id.value);
    const differs = defaults === undefined || values.length !== defaults.length || values.some((line, i) => line.value !== defaults[i]);
    if (differs) {
      const shown = (defaults && values.find((line, i) => line.value !== defaults[i])) || id!;
      throw refuse(shown, "is an Extended Property other than its default, and netsh has no option to restate it (only the HTTP Server API can)");
    }
  }
}
