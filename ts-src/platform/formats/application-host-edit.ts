import { DEFAULTS_FTP_SSL, SITE, SITE_FTP_SSL, siteName } from "./application-host.js";
import { walkConfigElements } from "./config-walk.js";
import { encodeXmlAttribute, type XmlAttribute } from "./xml-scan.js";

/** A new `serverCertHash` for one site's FTP settings, or for `siteDefaults` when `site` is null. */
export interface FtpCertificateEdit {
  site: string | null;
  thumbprint: string;
  /** A new `serverCertStoreName`, or undefined to leave it alone. */
  storeName?: string;
}

/**
 * Changes only the values of `serverCertHash` (and `serverCertStoreName` where asked) in
 * `ftpServer/security/ssl`; every other byte of the file — line endings, indentation, comments, attribute
 * order — stays as it was. The new hash keeps the letter case of the old one. A store name attribute that is
 * missing is added right after `serverCertHash`.
 */
export function editFtpCertificates(text: string, path: string, edits: readonly FtpCertificateEdit[]): string {
  const found = new Map<string | null, XmlAttribute[]>();
  let site: string | null = null;
  walkConfigElements(text, path, (at, tag) => {
    // Named as parseApplicationHost names it: a site without a name is never taken for siteDefaults (null).
    if (at === SITE) site = siteName(tag);
    if (at === SITE_FTP_SSL) found.set(site, tag.attributes);
    if (at === DEFAULTS_FTP_SSL) found.set(null, tag.attributes);
  });
  const replacements: { start: number; end: number; value: string }[] = [];
  for (const edit of edits) {
    const attributes = found.get(edit.site);
    const hash = attributes?.find((a) => a.name === "serverCertHash");
    if (!attributes || !hash) {
      throw new Error(`${path} has no serverCertHash for ${edit.site === null ? "siteDefaults" : `site '${edit.site}'`}`);
    }
    const value = hash.value === hash.value.toLowerCase() ? edit.thumbprint.toLowerCase() : edit.thumbprint.toUpperCase();
    replacements.push({ start: hash.valueStart, end: hash.valueEnd, value });
    if (edit.storeName === undefined) continue;
    const store = attributes.find((a) => a.name === "serverCertStoreName");
    const encoded = encodeXmlAttribute(edit.storeName);
    if (store) {
      // encodeXmlAttribute escapes '"' only: a value between single quotes needs "'" escaped too.
      const value = text[store.valueEnd] === "'" ? encoded.replace(/'/g, "&apos;") : encoded;
      replacements.push({ start: store.valueStart, end: store.valueEnd, value });
    } else {
      replacements.push({ start: hash.valueEnd + 1, end: hash.valueEnd + 1, value: ` serverCertStoreName="${encoded}"` });
    }
  }
  return applyReplacements(text, replacements);
}

/** `text` with each range replaced by its value, every other byte as it was. */
export function applyReplacements(text: string, replacements: { start: number; end: number; value: string }[]): string {
  replacements.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const r of replacements) {
    parts.push(text.slice(at, r.start), r.value);
    at = r.end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}
