import fc from "fast-check";
import type { BindingEndpoint, FtpSsl, IisBinding, IisSite } from "../../../../ts-src/core/model.js";
import {
  attribute,
  declaration,
  element,
  eol,
  indent,
  renderXml,
  shuffled,
  trivia,
  tuple,
  withTrivia,
  xmlValue,
  type RenderedXml,
  type XmlAttr,
  type XmlElement,
  type XmlNode,
} from "./xml-document.js";

/*
 * applicationHost.config files generated with what CertRebind reads (sites, bindings, FTP SSL settings per site and
 * in siteDefaults) among what it must leave alone: unknown elements and attributes, a `<location path="site">` with
 * an ssl element of its own, comments, CDATA and processing instructions, in any attribute order and quoting.
 */

export interface GeneratedSite {
  /** The name the site is known by: its name attribute, or `(site id N)` when it has none (as IIS would refuse). */
  name: string;
  named: boolean;
  id: string;
  bindings: { protocol: string; bindingInformation: string; endpoint: BindingEndpoint | null; sslFlags: string | null }[];
  ftpSsl: GeneratedFtpSsl | null;
}

export interface GeneratedFtpSsl {
  serverCertHash: string | null;
  serverCertStoreName: string | null;
}

export interface GeneratedConfig {
  sites: GeneratedSite[];
  siteDefaultsFtpSsl: GeneratedFtpSsl | null;
  /** Wrap system.applicationHost in `<location path="">`, which applies to the whole server. */
  serverWideLocation: "" | "." | null;
  rendered: RenderedXml;
}

/** Mark of the hash or store attribute of a site's FTP settings (site index), or of siteDefaults (null). */
export const markOf = (attribute: "hash" | "store", site: number | null) => `${attribute}:${site === null ? "defaults" : site}`;

const hex40 = fc.stringMatching(/^[0-9a-f]{40}$/).chain((h) => fc.constantFrom(h, h.toUpperCase()));
const storeName = fc.oneof(fc.constantFrom("My", "MY", "WebHosting", "Web Hosting"), xmlValue(12));
const ipPart = fc.oneof(fc.constant("*"), fc.constant(""), fc.ipV4(), fc.ipV6().map((ip) => `[${ip}]`));
const hostPart = fc.oneof(fc.constant(""), fc.domain(), fc.constantFrom("*.contoso.com", "bücher.example", "localhost"));
const port = fc.integer({ min: 1, max: 65535 });

/** `ip:port:host`, with the endpoint it stands for; or a binding of another shape (no endpoint). */
const bindingInformation: fc.Arbitrary<{ text: string; endpoint: BindingEndpoint | null }> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(ipPart, port, hostPart).map(([ip, p, host]) => ({ text: `${ip}:${p}:${host}`, endpoint: { ip, port: p, host } })) },
  { weight: 1, arbitrary: fc.constantFrom("808:*", "localhost", "*:0:", "*:70000:", "*:https:", "net.pipe").map((text) => ({ text, endpoint: null })) },
);

const binding = fc
  .record({
    protocol: fc.constantFrom("http", "https", "HTTPS", "ftp", "net.tcp"),
    information: bindingInformation,
    sslFlags: fc.option(fc.integer({ min: 0, max: 3 }).map(String), { nil: null }),
  })
  .map(({ protocol, information, sslFlags }) => ({ protocol, bindingInformation: information.text, endpoint: information.endpoint, sslFlags }));

const ftpSsl: fc.Arbitrary<GeneratedFtpSsl> = fc.record({
  serverCertHash: fc.option(hex40, { nil: null }),
  serverCertStoreName: fc.option(storeName, { nil: null }),
});

const siteName = fc.oneof(fc.constantFrom("Default Web Site", "Contoso FTP", "R&D <intranet>", "it's \"quoted\""), xmlValue(16).filter((s) => s !== ""));

const site: fc.Arbitrary<GeneratedSite> = fc
  .record({
    name: siteName,
    named: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    id: fc.integer({ min: 1, max: 99_999 }).map(String),
    bindings: fc.array(binding, { maxLength: 4 }),
    ftpSsl: fc.option(ftpSsl, { nil: null, freq: 2 }),
  })
  .map((s) => ({ ...s, name: s.named ? s.name : `(site id ${s.id})` }));

const unknownAttrs = fc.array(
  fc.tuple(fc.constantFrom("serverAutoStart", "logFormat", "x-extra", "enabled", "serverCertHashAlgorithm"), xmlValue(10)),
  { maxLength: 2 },
);

function attrs(known: [string, string | null, string?][], unknown: [string, string][]): fc.Arbitrary<XmlAttr[]> {
  const names = new Set<string>();
  const list: fc.Arbitrary<XmlAttr>[] = [];
  for (const [name, value, mark] of known) {
    if (value === null) continue;
    names.add(name);
    list.push(attribute(name, fc.constant(value), mark));
  }
  for (const [name, value] of unknown) {
    if (names.has(name)) continue;
    names.add(name);
    list.push(attribute(name, fc.constant(value)));
  }
  return shuffled(tuple(list));
}

const leaf = (name: string, known: [string, string | null, string?][] = []) =>
  unknownAttrs.chain((unknown) => element(name, attrs(known, unknown), fc.constant([])));

function node(name: string, known: [string, string | null, string?][], children: fc.Arbitrary<XmlNode>[]): fc.Arbitrary<XmlElement> {
  return unknownAttrs.chain((unknown) => element(name, attrs(known, unknown), withTrivia(tuple(children))));
}

function sslElement(ssl: GeneratedFtpSsl, site: number | null): fc.Arbitrary<XmlElement> {
  return leaf("ssl", [
    ["serverCertHash", ssl.serverCertHash, markOf("hash", site)],
    ["serverCertStoreName", ssl.serverCertStoreName, markOf("store", site)],
    ["controlChannelPolicy", "SslRequire"],
  ]);
}

const ftpServer = (ssl: GeneratedFtpSsl, site: number | null) => node("ftpServer", [], [node("security", [], [sslElement(ssl, site), leaf("authentication")])]);

function siteElement(generated: GeneratedSite, index: number): fc.Arbitrary<XmlElement> {
  const bindings = node(
    "bindings",
    [],
    generated.bindings.map((b) =>
      leaf("binding", [
        ["protocol", b.protocol],
        ["bindingInformation", b.bindingInformation],
        ["sslFlags", b.sslFlags],
      ]),
    ),
  );
  const application = node("application", [["path", "/"]], [leaf("virtualDirectory", [["path", "/"], ["physicalPath", "%SystemDrive%\\inetpub\\wwwroot"]])]);
  const children = [application, bindings, ...(generated.ftpSsl ? [ftpServer(generated.ftpSsl, index)] : [])];
  return node("site", [["name", generated.named ? generated.name : null], ["id", generated.id]], children);
}

/** A `<location path="site">` with FTP settings of its own, which are not the site's and must never be edited. */
const pathLocation = (name: string) =>
  node("location", [["path", name]], [node("system.ftpServer", [], [node("security", [], [leaf("ssl", [["serverCertHash", "0".repeat(40)]])])])]);

const cdataSection = fc.string({ maxLength: 20 }).map((s): XmlNode => ({ kind: "text", value: `serverCertHash="${s}"`, runs: ["cdata"] }));

export const generatedConfig: fc.Arbitrary<GeneratedConfig> = fc
  .record({
    sites: fc.uniqueArray(site, { maxLength: 5, selector: (s) => s.name }),
    siteDefaultsFtpSsl: fc.option(ftpSsl, { nil: null }),
    serverWideLocation: fc.constantFrom<"" | "." | null>(null, null, "", "."),
    /** Where siteDefaults is among the sites (IIS writes it after them; any place is valid). */
    defaultsAt: fc.nat(),
  })
  .chain(({ defaultsAt, ...config }) => {
    const sites = config.sites.map(siteElement);
    const siteDefaults = node("siteDefaults", [], config.siteDefaultsFtpSsl ? [ftpServer(config.siteDefaultsFtpSsl, null)] : []);
    sites.splice(defaultsAt % (sites.length + 1), 0, siteDefaults);
    const sitesElement = node("sites", [], [...sites, leaf("applicationDefaults", [["applicationPool", "DefaultAppPool"]])]);
    const appHost = node("system.applicationHost", [], [node("applicationPools", [], [leaf("add", [["name", "DefaultAppPool"]])]), sitesElement]);
    const wrapped = config.serverWideLocation === null ? appHost : node("location", [["path", config.serverWideLocation]], [appHost]);
    const locations = config.sites.slice(0, 2).map((s) => pathLocation(s.name));
    const extension = node("system.webServer", [], [element("x", fc.constant([]), cdataSection.map((n) => [n]))]);
    const root = node("configuration", [], [node("configSections", [], [leaf("section", [["name", "sites"]])]), wrapped, extension, ...locations]);
    return fc
      .record({
        bom: fc.boolean(),
        declaration,
        eol,
        indent,
        before: fc.array(trivia, { maxLength: 2 }),
        root,
        after: fc.array(trivia, { maxLength: 1 }),
      })
      .map((document) => ({ ...config, rendered: renderXml(document) }));
  });

/** What parseApplicationHost must return for a generated configuration. */
export function expectedSites(config: GeneratedConfig): { sites: IisSite[]; warnings: number } {
  let warnings = 0;
  const sites = config.sites.map((s): IisSite => {
    const bindings: IisBinding[] = [];
    for (const b of s.bindings) {
      const protocol = b.protocol.toLowerCase();
      const endpoint = b.endpoint;
      if (!endpoint) {
        if (protocol === "https" || protocol === "ftp") warnings++;
        continue;
      }
      bindings.push({ protocol, bindingInformation: b.bindingInformation, sslFlags: b.sslFlags === null ? 0 : Number(b.sslFlags), endpoint });
    }
    return { name: s.name, id: s.id, bindings, ftpSsl: s.ftpSsl ? ftpSslOf(s.ftpSsl) : null };
  });
  return { sites, warnings };
}

export const ftpSslOf = (ssl: GeneratedFtpSsl): FtpSsl => ({ serverCertHash: ssl.serverCertHash, serverCertStoreName: ssl.serverCertStoreName });
