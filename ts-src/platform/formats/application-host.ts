import { malformedHostFile } from "../../core/errors.js";
import type { BindingEndpoint, FtpSsl, IisBinding, IisConfiguration, IisSite } from "../../core/model.js";
import { walkConfigElements, type StartTag, type XmlAttribute } from "./config-walk.js";
import { METADATA_KEY, METADATA_PROPERTY, MetabaseSslCollector } from "./custom-metadata.js";
import { lineOf } from "./xml-rules.js";

/**
 * Reads what CertRebind needs from applicationHost.config: the sites, their bindings with sslFlags, and
 * `ftpServer/security/ssl` of each site and of `siteDefaults`
 * (https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/bindings/binding,
 * https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/ftpserver/security/ssl).
 * Web bindings carry no certificate here (the binding page lists none); HTTP.sys holds it.
 */
export interface ParsedApplicationHost {
  config: IisConfiguration;
  warnings: string[];
  /** Where the parse found what an edit of the file changes, in the text it parsed. */
  positions: ConfigPositions;
}

export const SITES = "configuration/system.applicationHost/sites";
// The paths looked for, made once rather than for each element.
export const SITE = `${SITES}/site`;
const BINDING = `${SITES}/site/bindings/binding`;
export const SITE_FTP_SSL = `${SITES}/site/ftpServer/security/ssl`;
export const DEFAULTS_FTP_SSL = `${SITES}/siteDefaults/ftpServer/security/ssl`;

/** Where `serverCertHash` and `serverCertStoreName` of an `ftpServer/security/ssl` are, for a byte-exact edit. */
export interface FtpSslAttributes {
  hash: XmlAttribute | null;
  store: XmlAttribute | null;
}

/** Those of each site by name (the last of a name given twice), and of siteDefaults as null. */
export type FtpSslAttributesBySite = Map<string | null, FtpSslAttributes>;

export const ftpSslAttributesOf = (tag: StartTag): FtpSslAttributes => ({ hash: tag.attributeAt("serverCertHash"), store: tag.attributeAt("serverCertStoreName") });

/**
 * Offsets a parse found in `text`, valid in that text only: an edit planned on the same text uses them rather than
 * walking it again (IisConfig.edit hands them to the plan).
 */
export interface ConfigPositions {
  readonly text: string;
  readonly ftpSsl: FtpSslAttributesBySite;
}

export function parseApplicationHost(text: string, path: string, redirected = false): ParsedApplicationHost {
  const sites: IisSite[] = [];
  const warnings: string[] = [];
  let siteDefaultsFtpSsl: FtpSsl | null = null;
  const metabase = new MetabaseSslCollector();
  const ftpAttributes: FtpSslAttributesBySite = new Map();
  walkConfigElements(text, path, (at, tag) => {
    if (at === SITES && tag.attribute("configSource") !== null) {
      throw malformedHostFile(path, lineOf(text, tag.offset),
        `the sites section is kept in another file (configSource="${tag.attribute("configSource")}"), which CertRebind does not read yet`);
    } else if (at === SITE) {
      sites.push({ name: siteName(tag), id: tag.attribute("id"), bindings: [], ftpSsl: null });
    } else if (at === BINDING) {
      const binding = readBinding(tag, warnings, path, text);
      if (binding) sites[sites.length - 1]?.bindings.push(binding);
    } else if (at === SITE_FTP_SSL) {
      const site = sites[sites.length - 1];
      if (site) site.ftpSsl = readFtpSsl(tag);
      if (site) ftpAttributes.set(site.name, ftpSslAttributesOf(tag));
    } else if (at === DEFAULTS_FTP_SSL) {
      siteDefaultsFtpSsl = readFtpSsl(tag);
      ftpAttributes.set(null, ftpSslAttributesOf(tag));
    } else if (at === METADATA_PROPERTY) {
      metabase.property(tag);
    } else if (at === METADATA_KEY) {
      metabase.key(tag);
    }
  });
  const config = { path, redirected, sites, siteDefaultsFtpSsl, metabaseSsl: metabase.keys };
  return { config, warnings, positions: { text, ftpSsl: ftpAttributes } };
}

/** A site's name; one without a name attribute (which IIS refuses) is named by its id. */
export const siteName = (site: StartTag): string => site.attribute("name") ?? `(site id ${site.attribute("id") ?? "?"})`;

function readFtpSsl(tag: StartTag): FtpSsl {
  return { serverCertHash: tag.attribute("serverCertHash"), serverCertStoreName: tag.attribute("serverCertStoreName") };
}

/** A binding; `text` (the file) only for the line of a warning or error. */
function readBinding(tag: StartTag, warnings: string[], path: string, text: string): IisBinding | null {
  const line = () => lineOf(text, tag.offset);
  const protocol = (tag.attribute("protocol") ?? "").toLowerCase();
  const bindingInformation = tag.attribute("bindingInformation") ?? "";
  const endpoint = parseBindingInformation(bindingInformation);
  if (!endpoint) {
    if (protocol === "https" || protocol === "ftp") {
      warnings.push(`${path}, line ${line()}: the ${protocol} binding '${bindingInformation}' is not ip:port:host; it is ignored.`);
    }
    return null;
  }
  const flags = tag.attribute("sslFlags");
  const sslFlags = flags === null ? 0 : Number(flags);
  if (!Number.isInteger(sslFlags) || sslFlags < 0) {
    throw malformedHostFile(path, line(), `sslFlags="${flags}" is not a whole number`);
  }
  return { protocol, bindingInformation, sslFlags, endpoint };
}

/**
 * `ip:port:host`, read from the right because IPv6 addresses contain colons (`[2001:db8::1]:443:host`).
 * Returns null for bindings of other shapes (net.tcp `808:*`, msmq `localhost`).
 */
export function parseBindingInformation(value: string): BindingEndpoint | null {
  const hostColon = value.lastIndexOf(":");
  if (hostColon < 0) return null;
  const portColon = value.lastIndexOf(":", hostColon - 1);
  if (portColon < 0) return null;
  const portText = value.slice(portColon + 1, hostColon);
  if (!/^\d{1,5}$/.test(portText)) return null;
  const port = Number(portText);
  if (port < 1 || port > 65535) return null;
  return { ip: value.slice(0, portColon), port, host: value.slice(hostColon + 1) };
}

/** `redirection.config`: whether the configuration is kept elsewhere (shared configuration), and where. */
export function parseRedirection(text: string, path: string): { enabled: boolean; path: string | null } {
  let result: { enabled: boolean; path: string | null } = { enabled: false, path: null };
  walkConfigElements(text, path, (at, tag) => {
    if (at !== "configuration/configurationRedirection") return;
    const target = tag.attribute("path");
    result = { enabled: tag.attribute("enabled")?.toLowerCase() === "true" && !!target, path: target };
  });
  return result;
}
