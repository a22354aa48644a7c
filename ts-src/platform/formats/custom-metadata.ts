import type { MetabaseSslKey } from "../../core/model.js";
import type { StartTag } from "./config-walk.js";

/**
 * `<customMetadata>`: what the IIS 6 metabase compatibility component (ABO mapper) keeps of metabase properties
 * that have no IIS 7+ equivalent, as `<key path="LM/W3SVC/1"><property id="5506" dataType="Binary" userType="1"
 * attributes="None" value="…"/></key>` (schema: IIS_schema.xml `system.applicationHost/customMetadata`;
 * https://learn.microsoft.com/iis/configuration/system.applicationhost/custommetadata/key/property).
 * Only two properties matter here, on the web service key and its site keys:
 * - 5506 `SSLCertHash`, BINARY, configurable at `/LM/W3SVC` and `/LM/W3SVC/n`, INHERIT
 *   (https://learn.microsoft.com/previous-versions/iis/6.0-sdk/ms525719(v=vs.90));
 * - 5511 `SSLStoreName`, STRING, same locations, INHERIT
 *   (https://learn.microsoft.com/previous-versions/iis/6.0-sdk/ms525311(v=vs.90)).
 */
export const METADATA_KEY = "configuration/system.applicationHost/customMetadata/key";
export const METADATA_PROPERTY = `${METADATA_KEY}/property`;

export const SSL_CERT_HASH = "5506";
export const SSL_STORE_NAME = "5511";

// INFERRED: metabase paths are matched without regard to case or a leading slash (the SDK writes `/LM/W3SVC/n`,
// applicationHost.config `LM/W3SVC/1`).
const W3SVC_KEY = /^\/?LM\/W3SVC(?:\/(\d+))?\/?$/i;

/** The site id a key path names (null for the web service key itself), or undefined for any other key. */
export function w3svcSiteId(path: string): string | null | undefined {
  const match = W3SVC_KEY.exec(path);
  if (!match) return undefined;
  return match[1] === undefined ? null : String(Number(match[1]));
}

/** Collects, while the configuration is walked, the web keys that hold 5506 or 5511. */
export class MetabaseSslCollector {
  readonly keys: MetabaseSslKey[] = [];
  private current: MetabaseSslKey | null = null;

  key(tag: StartTag): void {
    const path = tag.attribute("path") ?? "";
    const siteId = w3svcSiteId(path);
    this.current = siteId === undefined ? null : { path, siteId, certHash: null, storeName: null };
  }

  property(tag: StartTag): void {
    const key = this.current;
    if (!key) return;
    const id = tag.attribute("id");
    if (id !== SSL_CERT_HASH && id !== SSL_STORE_NAME) return;
    const property = { dataType: tag.attribute("dataType"), value: tag.attribute("value") };
    if (key.certHash === null && key.storeName === null) this.keys.push(key);
    if (id === SSL_CERT_HASH) key.certHash = property;
    else key.storeName = property;
  }
}
