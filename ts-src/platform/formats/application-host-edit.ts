import { DEFAULTS_FTP_SSL, ftpSslAttributesOf, SITE, SITE_FTP_SSL, siteName, type ConfigPositions, type FtpSslAttributesBySite } from "./application-host.js";
import { walkConfigElements } from "./config-walk.js";
import { encodeXmlAttribute, encodeXmlAttributeIn } from "./xml-rules.js";
import { spliceText, type TextReplacement } from "../files/host-text.js";

/** A new `serverCertHash` for one site's FTP settings, or for `siteDefaults` when `site` is null. */
export interface FtpCertificateEdit {
  site: string | null;
  thumbprint: string;
  /** A new `serverCertStoreName`, or undefined to leave it alone. */
  storeName?: string;
}

/** An edit that puts values back: a `storeName` of null removes the attribute (one the edit undone added). */
export type FtpCertificateRestore = Omit<FtpCertificateEdit, "storeName"> & { storeName?: string | null };

/**
 * Changes only the values of `serverCertHash` (and `serverCertStoreName` where asked) in
 * `ftpServer/security/ssl`; every other byte of the file — line endings, indentation, comments, attribute
 * order — stays as it was. The new hash keeps the letter case of the old one. A store name attribute that is
 * missing is added right after `serverCertHash`.
 */
export function editFtpCertificates(text: string, path: string, edits: readonly FtpCertificateEdit[]): string {
  return spliceText(text, ftpCertificateReplacements(text, path, edits, null));
}

/**
 * The edits that put back, in `before` (the text an edit was planned on), the `serverCertHash` and
 * `serverCertStoreName` that `edits` changed: to be planned on the file as it is now (another program may have
 * changed the rest of it since).
 */
export function ftpCertificateUndo(before: string, path: string, edits: readonly FtpCertificateEdit[]): FtpCertificateRestore[] {
  const found = ftpSslAttributes(before, path, null);
  return edits.map((edit) => {
    const { hash, store } = found.get(edit.site) ?? { hash: null, store: null };
    if (!hash) throw new Error(`${path} has no serverCertHash for ${edit.site === null ? "siteDefaults" : `site '${edit.site}'`}`);
    if (edit.storeName === undefined) return { site: edit.site, thumbprint: hash.value };
    return { site: edit.site, thumbprint: hash.value, storeName: store ? store.value : null };
  });
}

/** The FTP attributes of `text`: those of `positions` when they were found in this text, else from a walk of its own. */
function ftpSslAttributes(text: string, path: string, positions: ConfigPositions | null): FtpSslAttributesBySite {
  if (positions !== null && positions.text === text) return positions.ftpSsl;
  const found: FtpSslAttributesBySite = new Map();
  let site: string | null = null;
  walkConfigElements(text, path, (at, tag) => {
    // Named as parseApplicationHost names it: a site without a name is never taken for siteDefaults (null).
    if (at === SITE) site = siteName(tag);
    if (at === SITE_FTP_SSL) found.set(site, ftpSslAttributesOf(tag));
    if (at === DEFAULTS_FTP_SSL) found.set(null, ftpSslAttributesOf(tag));
  });
  return found;
}

/**
 * The replacements of editFtpCertificates, as positions in `text`; planned on `positions` when a parse of this same
 * text found them (IisConfig.edit), else on a walk of the text.
 */
export function ftpCertificateReplacements(
  text: string,
  path: string,
  edits: readonly FtpCertificateRestore[],
  positions: ConfigPositions | null,
): TextReplacement[] {
  const found = ftpSslAttributes(text, path, positions);
  const replacements: TextReplacement[] = [];
  for (const edit of edits) {
    const { hash, store } = found.get(edit.site) ?? { hash: null, store: null };
    if (!hash) {
      throw new Error(`${path} has no serverCertHash for ${edit.site === null ? "siteDefaults" : `site '${edit.site}'`}`);
    }
    const value = hash.value === hash.value.toLowerCase() ? edit.thumbprint.toLowerCase() : edit.thumbprint.toUpperCase();
    replacements.push({ start: hash.valueStart, end: hash.valueEnd, value });
    if (edit.storeName === undefined) continue;
    if (edit.storeName === null) {
      // Added by the edit undone, right after serverCertHash: removed with the space before it.
      if (store && store.valueStart > hash.valueEnd) replacements.push({ start: hash.valueEnd + 1, end: store.valueEnd + 1, value: "" });
      continue;
    }
    if (store) {
      replacements.push({ start: store.valueStart, end: store.valueEnd, value: encodeXmlAttributeIn(text, store.valueEnd, edit.storeName) });
    } else {
      replacements.push({ start: hash.valueEnd + 1, end: hash.valueEnd + 1, value: ` serverCertStoreName="${encodeXmlAttribute(edit.storeName)}"` });
    }
  }
  return replacements;
}
