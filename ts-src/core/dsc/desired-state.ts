/*
 * The desired state of a DSC resource instance, as DSC v3 sends it on stdin (one compressed JSON object) and as the
 * module's class-based resources send it: parsed and checked strictly. Pure.
 */
import { CertRebindError, ExitCode } from "../errors.js";

export const DSC_RESOURCES = ["CertBindingsCurrent", "CertAutoRebind"] as const;
export type DscResourceName = (typeof DSC_RESOURCES)[number];

export interface BindingsCurrentDesired {
  resource: "CertBindingsCurrent";
  /** Only a name for the instance (the class-based resource's key); echoed back, never used. */
  name: string | null;
  /** A bound certificate expiring within this many days needs its successor. */
  days: number;
}

export interface AutoRebindDesired {
  resource: "CertAutoRebind";
  /** `_exist`: the task should be registered (true) or not (false). */
  exist: boolean;
  /** `HH:MM`, or null: any daily time will do (enabling keeps the registered one, else 03:30). */
  dailyAt: string | null;
  /** IIS's own rebind task must not be enabled. */
  replaceBuiltIn: boolean;
}

export type DesiredState = BindingsCurrentDesired | AutoRebindDesired;

export const DEFAULT_DAYS = 30;

/** Properties each resource reports but never takes: accepted on input (a get result can be sent back) and ignored. */
export const READ_ONLY_PROPERTIES: Record<DscResourceName, readonly string[]> = {
  CertBindingsCurrent: ["bindings", "changes", "reasons", "_inDesiredState"],
  CertAutoRebind: [
    "taskPath",
    "enabled",
    "current",
    "exePath",
    "exeExists",
    "exeCurrent",
    "builtinTaskEnabled",
    "lastRunTime",
    "lastResult",
    "reasons",
    "_inDesiredState",
  ],
};

const WRITABLE_PROPERTIES: Record<DscResourceName, readonly string[]> = {
  CertBindingsCurrent: ["name", "days"],
  CertAutoRebind: ["_exist", "dailyAt", "replaceBuiltIn"],
};

/**
 * Parses the desired state of `resource` from the text DSC sent. Empty input is `{}` (every property at its default).
 * Anything else that is not a JSON object of the resource's properties, with values of the right types, is CR2005.
 */
export function parseDesiredState(resource: DscResourceName, text: string): DesiredState {
  const input = parseObject(resource, text);
  const writable = WRITABLE_PROPERTIES[resource];
  const readOnly = READ_ONLY_PROPERTIES[resource];
  for (const name of Object.keys(input)) {
    if (!writable.includes(name) && !readOnly.includes(name)) {
      throw invalid(resource, `the property '${name}' is not one of ${resource}'s; it has ${writable.join(", ")} (and reports ${readOnly.join(", ")})`, name);
    }
  }
  if (resource === "CertBindingsCurrent") {
    return { resource, name: optionalName(resource, input["name"]), days: optionalDays(resource, input["days"]) };
  }
  return {
    resource,
    exist: optionalBoolean(resource, "_exist", input["_exist"], true),
    dailyAt: optionalDailyAt(resource, input["dailyAt"]),
    replaceBuiltIn: optionalBoolean(resource, "replaceBuiltIn", input["replaceBuiltIn"], false),
  };
}

function parseObject(resource: DscResourceName, text: string): Record<string, unknown> {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    throw invalid(resource, `it is not JSON (${(error as Error).message}); send one JSON object, for example {"days":30}`, null);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalid(resource, `it is ${Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`}, not a JSON object of properties`, null);
  }
  return value as Record<string, unknown>;
}

function optionalName(resource: DscResourceName, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.trim() === "") throw invalid(resource, `'name' must be a non-empty string, not ${describe(value)}`, "name");
  return value;
}

function optionalDays(resource: DscResourceName, value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_DAYS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 3650) {
    throw invalid(resource, `'days' must be a whole number of days from 0 to 3650, not ${describe(value)}`, "days");
  }
  return value;
}

function optionalBoolean(resource: DscResourceName, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "boolean") throw invalid(resource, `'${name}' must be true or false, not ${describe(value)}`, name);
  return value;
}

function optionalDailyAt(resource: DscResourceName, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const match = typeof value === "string" ? /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value) : null;
  if (!match) throw invalid(resource, `'dailyAt' must be a time of day as HH:MM, from 00:00 to 23:59, not ${describe(value)}`, "dailyAt");
  return `${match[1]!.padStart(2, "0")}:${match[2]}`;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function invalid(resource: DscResourceName, detail: string, property: string | null): CertRebindError {
  return new CertRebindError("CR2005", `The desired state of ${resource} on standard input is not valid: ${detail}.`, ExitCode.BadInput, property);
}
