/*
 * Member edits of a JSON object as text replacements (over json-scan.ts's tree), so that every other byte of the
 * file stays as it was: a member's value replaced, a member added (after the last one, indented like it) and that
 * addition removed again byte for byte.
 */
import type { TextReplacement } from "../files/host-text.js";
import type { JsonMember, JsonNode } from "./json-scan.js";

export type JsonObjectNode = Extract<JsonNode, { type: "object" }>;

/** The member `key` of an object node, or undefined (json-scan.ts refuses a key given twice). */
export function memberOf(node: JsonNode, key: string): JsonMember | undefined {
  return node.type === "object" ? node.members.find((m) => m.key === key) : undefined;
}

/**
 * Sets member `key` of `object` to the JSON text `json`: its value replaced when there is one; otherwise the
 * member added after the last one with the white space that precedes that one (right after `{` in an empty object).
 */
export function setMember(text: string, object: JsonObjectNode, key: string, json: string): TextReplacement {
  const member = memberOf(object, key);
  if (member) return { start: member.value.start, end: member.value.end, value: json };
  const entry = `${JSON.stringify(key)}: ${json}`;
  const last = object.members.at(-1);
  if (last === undefined) return { start: object.start + 1, end: object.start + 1, value: entry };
  const previous = object.members.at(-2);
  const between = text.slice(previous ? previous.value.end : object.start + 1, last.keyStart);
  const indent = /\s*$/.exec(between)![0];
  return { start: last.value.end, end: last.value.end, value: `,${indent}${entry}` };
}

/**
 * Removes member `key` of `object` with the separator before it (the one after it, for the first member): the
 * exact undo of setMember's addition. null when there is no such member.
 */
export function removeMember(object: JsonObjectNode, key: string): TextReplacement | null {
  const index = object.members.findIndex((m) => m.key === key);
  if (index < 0) return null;
  const member = object.members[index]!;
  if (index > 0) return { start: object.members[index - 1]!.value.end, end: member.value.end, value: "" };
  const next = object.members[1];
  return { start: member.keyStart, end: next ? next.keyStart : member.value.end, value: "" };
}

export type JsonArrayNode = Extract<JsonNode, { type: "array" }>;

/** Appends the JSON text `json` to `array` after its last item (`, ` between them); removeLastItem undoes it. */
export function appendItem(array: JsonArrayNode, json: string): TextReplacement {
  const last = array.items.at(-1);
  return last ? { start: last.end, end: last.end, value: `, ${json}` } : { start: array.start + 1, end: array.start + 1, value: json };
}

/** Removes the last item of `array` with the separator before it: the exact undo of appendItem. null when empty. */
export function removeLastItem(array: JsonArrayNode): TextReplacement | null {
  const last = array.items.at(-1);
  if (last === undefined) return null;
  const previous = array.items.at(-2);
  return { start: previous ? previous.end : last.start, end: last.end, value: "" };
}
