import assert from "node:assert/strict";
import { WWW_2025 } from "../cli/rebind/support.js";

/** A value where a thumbprint belongs, and what of it must never reach a command line. */
export interface HostileValue {
  name: string;
  value: string;
  /** Besides the whole value: pieces that would show that it, or part of it, was passed on. */
  fragments: string[];
}

/** A real thumbprint of the demo host, lower case as events log it: hostile values hide behind one. */
const T = WWW_2025.toLowerCase();
const KB100 = 100 * 1024;

const fullwidth = (text: string) => [...text].map((ch) => String.fromCodePoint(ch.codePointAt(0)! + 0xfee0)).join("");
const cyrillic = (text: string) => text.replace(/a/g, "\u0430").replace(/c/g, "\u0441").replace(/e/g, "\u0435");
const mathDigits = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCodePoint(0x1d7ce + Number(d)));

export const HOSTILE_VALUES: readonly HostileValue[] = [
  { name: "a command separator ;", value: `${T}; calc-pwn.exe`, fragments: ["calc-pwn", "; calc"] },
  { name: "cmd chaining &", value: `${T} & net user pwn /add`, fragments: ["& net", "user pwn", "pwn /add"] },
  { name: "a pipe |", value: `${T} | pwn-exfil`, fragments: ["| pwn", "pwn-exfil"] },
  { name: "&& and ||", value: `${T} && pwn || pwn`, fragments: ["&& pwn", "|| pwn"] },
  { name: "a $() subexpression", value: "$(pwn-payload)", fragments: ["$(pwn", "pwn-payload"] },
  { name: "a $() after a thumbprint", value: `${T}$(Invoke-Pwn)`, fragments: ["$(Invoke", "Invoke-Pwn"] },
  { name: "backticks", value: `${T}\`pwn\``, fragments: ["`pwn"] },
  { name: "%PATH%", value: `${T}%PATH%`, fragments: ["%PATH%"] },
  { name: "a caret escape ^", value: `${T}^&pwn`, fragments: ["^&", "&pwn"] },
  { name: "single quotes", value: `${T}'; pwn; '`, fragments: ["'; pwn"] },
  { name: "a double quote that adds --host-root", value: `${T}" --host-root "C:\\pwn`, fragments: ["--host-root", "C:\\pwn"] },
  { name: "a double quote that adds --dry-run", value: `${T}" --dry-run "`, fragments: ["--dry-run"] },
  { name: "a double quote that adds a line", value: `${T}" pwn\r\ncertrebind: forged "`, fragments: ["forged"] },
  { name: "a double quote that repeats --new", value: `${T}" --new "${T}" --old "${T}`, fragments: ["--new", "--old"] },
  { name: "a double quote inside a thumbprint", value: `${T.slice(0, 20)}"${T.slice(20)}`, fragments: [`${T.slice(0, 20)}"`] },
  { name: "an option as the value", value: "--help", fragments: ["--help"] },
  { name: "-h as the value", value: "-h", fragments: ["-h"] },
  { name: "--version as the value", value: "--version", fragments: ["--version"] },
  { name: "the completion option as the value", value: "--get-yargs-completions", fragments: ["--get-yargs-completions"] },
  { name: "a CR LF and a netsh command", value: `${T}\r\nhttp delete sslcert ipport=0.0.0.0:443`, fragments: ["http delete"] },
  { name: "a newline", value: `${T}\npwn`, fragments: ["\npwn"] },
  { name: "a NUL and more", value: `${T}\u0000pwn`, fragments: ["\u0000"] },
  { name: "a trailing NUL", value: `${T}\u0000`, fragments: ["\u0000"] },
  { name: "100 KB of hex digits", value: "f".repeat(KB100), fragments: ["f".repeat(41)] },
  { name: "100 KB of metacharacters", value: `${T}${"; pwn".repeat(KB100 / 5)}`, fragments: ["; pwn"] },
  { name: "full-width look-alikes", value: fullwidth(T), fragments: [fullwidth(T).slice(0, 4)] },
  { name: "Cyrillic look-alikes", value: cyrillic(T), fragments: ["\u0430", "\u0441", "\u0435"] },
  { name: "mathematical digits", value: mathDigits(T), fragments: [String.fromCodePoint(0x1d7ce)] },
  { name: "a right-to-left override", value: `\u202E${T}pwn`, fragments: ["\u202E", "pwn"] },
  { name: "an ideographic space", value: `${T}\u3000pwn`, fragments: ["\u3000", "pwn"] },
  { name: "a letter that is not hex", value: `${T.slice(0, 39)}g`, fragments: [`${T.slice(0, 39)}g`] },
];

/** Fails when any text that reached a command line holds the value, one of its fragments, or a NUL. */
export function assertNotPassedOn(texts: readonly string[], hostile: HostileValue): void {
  for (const text of texts) {
    assert.ok(!text.includes("\u0000"), "a NUL reached a command line");
    for (const piece of [hostile.value, ...hostile.fragments]) {
      assert.ok(!text.includes(piece), `${JSON.stringify(piece.slice(0, 40))} reached a command line: ${JSON.stringify(text.slice(0, 200))}`);
    }
  }
}
