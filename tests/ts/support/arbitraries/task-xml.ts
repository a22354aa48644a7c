import fc from "fast-check";
import type { ActionDefinition, TaskDefinition, TriggerDefinition } from "../../../../ts-src/task/task-definition.js";
import {
  attribute,
  declaration,
  element,
  eol,
  indent,
  renderXml,
  shuffled,
  text,
  tuple,
  trivia,
  withTrivia,
  xmlValue,
  type RenderedXml,
  type XmlAttr,
  type XmlElement,
  type XmlNode,
} from "./xml-document.js";

/*
 * Task Scheduler task definitions generated with the definition readTaskDefinition must make of them: any subset of
 * registration info, triggers (event subscriptions as escaped or CDATA QueryLists, daily calendar triggers, others),
 * principal, settings and actions, in any element order (the schema's containers are xs:all), with or without a
 * namespace prefix, unknown elements and attributes, and the styles of xml-document.ts.
 */

export interface GeneratedTask {
  rendered: RenderedXml;
  definition: TaskDefinition;
  /** Whether Settings/Enabled is written with content (its offsets are then marked ENABLED_MARK). */
  enabledContent: boolean;
}

export const ENABLED_MARK = "enabled";
const TASK_NS = "http://schemas.microsoft.com/windows/2004/02/mit/task";

/** Attribute names a plain object would already have: a reader that keeps attributes in one must not see them. */
const ODD_NAMES = ["constructor", "toString", "__proto__", "hasOwnProperty", "x-extra", "Id"];
const unknownAttrs = fc.uniqueArray(fc.constantFrom(...ODD_NAMES), { maxLength: 2 }).chain((names) => tuple(names.map((n) => attribute(n, xmlValue(8)))));

/** A value as written, and what childText reads of it. */
const textValue = xmlValue(20).map((raw) => ({ raw, read: raw.trim() }));
const boolText = fc.constantFrom(
  { raw: "true", read: true },
  { raw: "false", read: false },
  { raw: " True ", read: true },
  { raw: "0", read: false },
  { raw: "1", read: true },
  { raw: "yes", read: null },
);

interface Builder {
  /** Element name with the document's prefix. */
  n: (local: string) => string;
}

function leaf(b: Builder, local: string, content: string, attrs: fc.Arbitrary<XmlAttr>[] = []): fc.Arbitrary<XmlElement> {
  return element(b.n(local), shuffled(fc.tuple(tuple(attrs), unknownAttrs).map(([a, u]) => [...a, ...u])), withTrivia(text(fc.constant(content)).map((t) => [t])));
}

function node(b: Builder, local: string, children: fc.Arbitrary<XmlNode>[], attrs: fc.Arbitrary<XmlAttr>[] = [], order = true): fc.Arbitrary<XmlElement> {
  const list = order ? shuffled(tuple(children)) : tuple(children);
  return element(b.n(local), shuffled(fc.tuple(tuple(attrs), unknownAttrs).map(([a, u]) => [...a, ...u])), withTrivia(list));
}

/** An optional child: present as written (and read), or absent (null). */
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 });

const select = fc.record({
  path: fc.option(fc.constantFrom("Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational", "System", "Application"), { nil: null }),
  xpath: fc.constantFrom("*[System[EventID=1001]]", "*[System[ (EventID=1006) ]]", "*[System[Provider[@Name='x'] and EventID=4]]", "*"),
});
const query = fc.record({ path: fc.option(fc.constantFrom("System", "Application"), { nil: null }), selects: fc.array(select, { minLength: 1, maxLength: 2 }) });

/** The subscription's text, and the selects readSubscription finds in it. */
const subscription: fc.Arbitrary<{ text: string; selects: { path: string; xpath: string }[] }> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.tuple(fc.array(query, { minLength: 1, maxLength: 2 }), fc.constantFrom('"', "'")).map(([queries, q]) => {
      const attr = (name: string, value: string | null) => (value === null ? "" : ` ${name}=${q}${value}${q}`);
      const body = queries
        .map((qu, i) => `<Query Id=${q}${i}${q}${attr("Path", qu.path)}>${qu.selects.map((s) => `<Select${attr("Path", s.path)}>${s.xpath}</Select>`).join("")}</Query>`)
        .join("");
      const selects = queries.flatMap((qu) => qu.selects.map((s) => ({ path: s.path ?? qu.path ?? "", xpath: s.xpath.replace(/\s+/g, "") })));
      return { text: `<QueryList>${body}</QueryList>`, selects };
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom("*[System[EventID=1001]]", " not a query list ").map((t) => ({ text: t, selects: [{ path: "", xpath: t.replace(/\s+/g, "") }] })) },
);

type GeneratedTrigger = { element: fc.Arbitrary<XmlElement>; definition: TriggerDefinition };

function trigger(b: Builder): fc.Arbitrary<GeneratedTrigger> {
  const enabledChild = optional(boolText);
  const event = fc
    .record({
      enabled: enabledChild,
      subscription,
      delay: optional(fc.constantFrom("PT1M", "PT30S", "P1D")),
      values: fc.uniqueArray(fc.tuple(fc.constantFrom("OldCertHash", "NewCertHash", "Other", "b", "a"), textValue), { maxLength: 3, selector: ([name]) => name }),
    })
    .map(({ enabled, subscription: sub, delay, values }): GeneratedTrigger => {
      const children = [
        ...(enabled ? [leaf(b, "Enabled", enabled.raw)] : []),
        leaf(b, "Subscription", sub.text),
        ...(delay ? [leaf(b, "Delay", delay)] : []),
        ...(values.length > 0 ? [node(b, "ValueQueries", values.map(([name, v]) => leaf(b, "Value", v.raw, [attribute("name", fc.constant(name))])))] : []),
      ];
      const sorted = [...values].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0));
      return {
        element: node(b, "EventTrigger", children, [], false),
        definition: { kind: "event", enabled: enabled?.read ?? true, selects: sub.selects, delay, valueQueries: Object.fromEntries(sorted.map(([name, v]) => [name, v.read])) },
      };
    });
  const daily = fc
    .record({ enabled: enabledChild, hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }), days: optional(fc.integer({ min: 1, max: 365 })) })
    .map(({ enabled, hour, minute, days }): GeneratedTrigger => {
      const at = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
      const children = [
        leaf(b, "StartBoundary", `2020-01-01T${at}:00`),
        ...(enabled ? [leaf(b, "Enabled", enabled.raw)] : []),
        node(b, "ScheduleByDay", days === null ? [] : [leaf(b, "DaysInterval", String(days))]),
      ];
      return { element: node(b, "CalendarTrigger", children, [], false), definition: { kind: "daily", enabled: enabled?.read ?? true, at, daysInterval: days ?? 1 } };
    });
  const other = fc
    .record({ enabled: enabledChild, name: fc.constantFrom("BootTrigger", "LogonTrigger", "CalendarTrigger", "TimeTrigger") })
    .map(({ enabled, name }): GeneratedTrigger => {
      const children = [...(enabled ? [leaf(b, "Enabled", enabled.raw)] : []), ...(name === "CalendarTrigger" ? [node(b, "ScheduleByWeek", [leaf(b, "WeeksInterval", "1")])] : [])];
      return { element: node(b, name, children, [], false), definition: { kind: "other", enabled: enabled?.read ?? true, element: name } };
    });
  return fc.oneof(event, daily, other);
}

type GeneratedAction = { element: fc.Arbitrary<XmlElement>; definition: ActionDefinition };

function action(b: Builder): fc.Arbitrary<GeneratedAction> {
  const exec = fc.record({ command: optional(textValue), arguments: optional(textValue) }).map(({ command, arguments: args }): GeneratedAction => ({
    element: node(b, "Exec", [...(command ? [leaf(b, "Command", command.raw)] : []), ...(args ? [leaf(b, "Arguments", args.raw)] : [])]),
    definition: { kind: "exec", command: command?.read ?? "", arguments: args?.read ?? null },
  }));
  const other = fc.constantFrom("ComHandler", "SendEmail", "ShowMessage").map((name): GeneratedAction => ({ element: node(b, name, [leaf(b, "ClassId", "{x}")]), definition: { kind: "other", element: name } }));
  return fc.oneof({ weight: 3, arbitrary: exec }, { weight: 1, arbitrary: other });
}

const userIds = fc.constantFrom(
  { raw: "S-1-5-18", read: "S-1-5-18" },
  { raw: "SYSTEM", read: "S-1-5-18" },
  { raw: "NT AUTHORITY\\SYSTEM", read: "S-1-5-18" },
  { raw: "localsystem", read: "S-1-5-18" },
  { raw: "CONTOSO\\svc-rebind", read: "CONTOSO\\svc-rebind" },
);

function task(b: Builder): fc.Arbitrary<{ root: fc.Arbitrary<XmlElement>; definition: TaskDefinition; enabledContent: boolean }> {
  return fc
    .record({
      uri: optional(textValue),
      version: optional(textValue),
      author: optional(textValue),
      triggers: fc.option(fc.array(trigger(b), { maxLength: 3 }), { nil: null }),
      principal: fc.option(fc.record({ userId: optional(userIds), runLevel: optional(fc.constantFrom("HighestAvailable", "LeastPrivilege")) }), { nil: null }),
      settings: fc.option(
        fc.record({
          enabled: optional(boolText),
          enabledStyle: fc.constantFrom("content", "content", "empty"),
          policy: optional(fc.constantFrom("Queue", "IgnoreNew", "Parallel")),
          limit: optional(fc.constantFrom("PT1H", "PT72H", "PT0S")),
          startWhenAvailable: optional(boolText),
        }),
        { nil: null },
      ),
      actions: fc.array(action(b), { maxLength: 2 }),
    })
    .map(({ uri, version, author, triggers, principal, settings, actions }) => {
      const registration = node(b, "RegistrationInfo", [
        ...(uri ? [leaf(b, "URI", uri.raw)] : []),
        ...(version ? [leaf(b, "Version", version.raw)] : []),
        ...(author ? [leaf(b, "Author", author.raw)] : []),
        leaf(b, "Date", "2026-11-27T09:00:00.1234567"),
      ]);
      const enabled = settings?.enabled ?? null;
      const empty = enabled !== null && settings?.enabledStyle === "empty";
      const enabledElement = enabled === null ? [] : [empty ? element(b.n("Enabled"), fc.constant([]), fc.constant([])).map((e) => ({ ...e, selfClosing: true })) : leaf(b, "Enabled", enabled.raw).map((e) => ({ ...e, mark: ENABLED_MARK }))];
      const settingsElement = settings
        ? [
            node(b, "Settings", [
              ...enabledElement,
              ...(settings.policy ? [leaf(b, "MultipleInstancesPolicy", settings.policy)] : []),
              ...(settings.limit ? [leaf(b, "ExecutionTimeLimit", settings.limit)] : []),
              ...(settings.startWhenAvailable ? [leaf(b, "StartWhenAvailable", settings.startWhenAvailable.raw)] : []),
              node(b, "IdleSettings", [leaf(b, "StopOnIdleEnd", "true")]),
            ]),
          ]
        : [];
      const principalElement = principal
        ? [
            node(b, "Principals", [
              node(
                b,
                "Principal",
                [...(principal.userId ? [leaf(b, "UserId", principal.userId.raw)] : []), ...(principal.runLevel ? [leaf(b, "RunLevel", principal.runLevel)] : [])],
                [attribute("id", fc.constant("Author"))],
              ),
            ]),
          ]
        : [];
      const children = [
        registration,
        ...(triggers === null ? [] : [node(b, "Triggers", triggers.map((t) => t.element), [], false)]),
        ...principalElement,
        ...settingsElement,
        node(b, "Actions", actions.map((a) => a.element), [attribute("Context", fc.constant("Author"))], false),
      ];
      const definition: TaskDefinition = {
        uri: uri?.read ?? null,
        version: version?.read ?? null,
        author: author?.read ?? null,
        // An empty <Enabled/> reads as "", which is neither true nor false: the default, true.
        enabled: empty ? true : (enabled?.read ?? true),
        triggers: (triggers ?? []).map((t) => t.definition),
        principal: { userId: principal ? (principal.userId?.read ?? null) : null, runLevel: principal?.runLevel ?? null },
        settings: {
          multipleInstancesPolicy: settings?.policy ?? null,
          executionTimeLimit: settings?.limit ?? null,
          startWhenAvailable: settings?.startWhenAvailable?.read ?? null,
        },
        actions: actions.map((a) => a.definition),
      };
      const namespace = attribute(b.n("").endsWith(":") ? `xmlns:${b.n("").slice(0, -1)}` : "xmlns", fc.constant(TASK_NS));
      return { root: node(b, "Task", children, [attribute("version", fc.constant("1.2")), namespace]), definition, enabledContent: enabled !== null && !empty };
    });
}

export const generatedTask: fc.Arbitrary<GeneratedTask> = fc
  .constantFrom("", "", "t:")
  .chain((prefix) => task({ n: (local) => `${prefix}${local}` }))
  .chain(({ root, definition, enabledContent }) =>
    fc
      .record({ bom: fc.boolean(), declaration: fc.oneof(declaration, fc.constant('<?xml version="1.0" encoding="UTF-16"?>')), eol, indent, before: fc.array(trivia, { maxLength: 1 }), root, after: fc.array(trivia, { maxLength: 1 }) })
      .map((document) => ({ rendered: renderXml(document), definition, enabledContent })),
  );
