import { createHash, randomBytes } from "node:crypto";
import { spliceText, type TextReplacement } from "../../../platform/files/host-text.js";

/**
 * The replacements of a redacted capture, each original mapped to one stand-in everywhere:
 * - host names label by label (`www.contoso.com` → `h1.h2.h3`, `*.contoso.com` → `*.h2.h3`), so that a
 *   certificate still covers exactly the names it covered; compared without regard to case;
 * - IPv4 addresses to the documentation ranges (192.0.2.0/24, then 198.51.100.0/24, 203.0.113.0/24; RFC 5737) and
 *   IPv6 addresses to 2001:db8::/32 (RFC 3849); the wildcards 0.0.0.0 and :: and loopback stay as they are;
 * - site names to `Site N`, organisation names to `Organisation N`, computer names to their label's stand-in;
 * - thumbprints (any 40 hexadecimal digits) to the re-issued certificate's, or, for a certificate not in a store,
 *   to a stand-in derived from it with a key of this capture; in the case they were written.
 */
export class NameMap {
  private readonly labels = new Map<string, string>();
  private readonly hosts = new Map<string, string>();
  private readonly addresses = new Map<string, string>();
  private readonly words = new Map<string, string>();
  private readonly values = new Map<string, string>();
  readonly thumbprints = new Map<string, string>();
  private readonly salt = randomBytes(16);
  private pattern: RegExp | null = null;
  private valuePattern: RegExp | null = null;

  host(name: string): string {
    const key = name.toLowerCase().replace(/\.$/, "");
    if (key === "" || key === "*" || key === "localhost") return name;
    let mapped = this.hosts.get(key);
    if (mapped === undefined) {
      mapped = key
        .split(".")
        .map((label) => {
          if (label === "*" || label === "") return label;
          let stand = this.labels.get(label);
          if (stand === undefined) this.labels.set(label, (stand = `h${this.labels.size + 1}`));
          return stand;
        })
        .join(".");
      this.hosts.set(key, mapped);
      this.pattern = null;
    }
    return mapped;
  }

  address(ip: string): string {
    const bare = ip.replace(/^\[|\]$/g, "");
    const key = bare.toLowerCase();
    if (["0.0.0.0", "::", "::1", "*", ""].includes(key) || key.startsWith("127.")) return ip;
    let mapped = this.addresses.get(key);
    if (mapped === undefined) {
      const n = [...this.addresses.keys()].filter((k) => k.includes(":") === key.includes(":")).length + 1;
      mapped = key.includes(":") ? `2001:db8::${n.toString(16)}` : `${["192.0.2", "198.51.100", "203.0.113"][Math.floor((n - 1) / 254) % 3]}.${((n - 1) % 254) + 1}`;
      this.addresses.set(key, mapped);
      this.pattern = null;
    }
    return ip.startsWith("[") ? `[${mapped}]` : mapped;
  }

  /** A name that is replaced where it stands alone (a computer's, an organisation's), not inside other words. */
  word(original: string, stand: string): void {
    if (original.trim() === "" || this.words.has(original.toLowerCase())) return;
    this.words.set(original.toLowerCase(), stand);
    this.pattern = null;
  }

  /** A site name: replaced only as a whole value (an attribute, an element's text, a path's first segment). */
  site(name: string): string {
    let mapped = this.values.get(name);
    if (mapped === undefined) {
      this.values.set(name, (mapped = `Site ${this.values.size + 1}`));
      this.valuePattern = null;
    }
    return mapped;
  }

  thumbprint(original: string): string {
    const key = original.toUpperCase();
    let mapped = this.thumbprints.get(key);
    if (mapped === undefined) {
      mapped = createHash("sha1").update(this.salt).update(key).digest("hex").toUpperCase();
      this.thumbprints.set(key, mapped);
    }
    return /[a-f]/.test(original) && !/[A-F]/.test(original) ? mapped.toLowerCase() : mapped;
  }

  /** `text` with its names, addresses and thumbprints replaced. */
  text(text: string): string {
    return spliceText(text, this.replacements(text));
  }

  counts(): Record<string, number> {
    return { hostNames: this.hosts.size, addresses: this.addresses.size, siteNames: this.values.size, thumbprints: this.thumbprints.size };
  }

  /** Where `text` holds a name, an address or a thumbprint, and its stand-in. */
  replacements(text: string): TextReplacement[] {
    const found: TextReplacement[] = [];
    for (const match of text.matchAll(this.anyPattern())) {
      const [whole, thumbprint] = match;
      const start = match.index;
      let value: string;
      if (thumbprint !== undefined) value = this.thumbprint(thumbprint);
      else if (this.hosts.has(whole.toLowerCase())) value = this.hosts.get(whole.toLowerCase())!;
      else if (this.addresses.has(whole.toLowerCase())) value = this.addresses.get(whole.toLowerCase())!;
      else value = this.words.get(whole.toLowerCase()) ?? whole;
      if (value !== whole) found.push({ start, end: start + whole.length, value });
    }
    if (this.values.size > 0) {
      for (const match of text.matchAll(this.sitePattern())) {
        const start = match.index + match[1]!.length;
        found.push({ start, end: start + match[2]!.length, value: this.values.get(match[2]!)! });
      }
    }
    for (const match of text.matchAll(/\bpassword\s*=\s*(["'])([^"']+)\1/gi)) {
      const start = match.index + match[0].length - match[2]!.length - 1;
      found.push({ start, end: start + match[2]!.length, value: "[redacted]" });
    }
    return withoutOverlaps(found);
  }

  private anyPattern(): RegExp {
    if (this.pattern === null) {
      const byLength = (a: string, b: string) => b.length - a.length;
      const hosts = [...this.hosts.keys()].sort(byLength).map(escape);
      const v4 = [...this.addresses.keys()].filter((a) => !a.includes(":")).sort(byLength).map(escape);
      const v6 = [...this.addresses.keys()].filter((a) => a.includes(":")).sort(byLength).map(escape);
      const words = [...this.words.keys()].sort(byLength).map(escape);
      const alternatives = [
        "(?<![0-9A-Fa-f])([0-9A-Fa-f]{40})(?![0-9A-Fa-f])",
        ...(hosts.length ? [`(?<![A-Za-z0-9.-])(?:${hosts.join("|")})(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`] : []),
        ...(v4.length ? [`(?<![0-9.])(?:${v4.join("|")})(?![0-9]|\\.[0-9])`] : []),
        ...(v6.length ? [`(?<![0-9A-Fa-f:])(?:${v6.join("|")})(?![0-9A-Fa-f:])`] : []),
        ...(words.length ? [`(?<![A-Za-z0-9])(?:${words.join("|")})(?![A-Za-z0-9])`] : []),
      ];
      this.pattern = new RegExp(alternatives.join("|"), "gi");
    }
    return this.pattern;
  }

  private sitePattern(): RegExp {
    if (this.valuePattern === null) {
      const names = [...this.values.keys()].sort((a, b) => b.length - a.length).map(escape);
      this.valuePattern = new RegExp(`(["'>])(${names.join("|")})(?=["'</])`, "g");
    }
    return this.valuePattern;
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The first of overlapping replacements wins (a site name inside a host name already replaced, …). */
function withoutOverlaps(replacements: TextReplacement[]): TextReplacement[] {
  const kept: TextReplacement[] = [];
  let end = -1;
  for (const r of replacements.sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (r.start < end) continue;
    kept.push(r);
    end = r.end;
  }
  return kept;
}
