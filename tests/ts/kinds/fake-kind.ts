import { baseView, type ChangeView } from "../../../ts-src/core/rebind/plan.js";
import type { Thumbprint } from "../../../ts-src/core/thumbprint.js";
import type { BindingKind } from "../../../ts-src/kinds/binding-kind.js";
import { RebindWriteError } from "../../../ts-src/platform/ports.js";

/** A listener of a made-up service that keeps its certificate's thumbprint in memory. */
export interface FakeListener {
  name: string;
  thumbprint: string;
  hostnames: string[];
  selection?: "pinned" | "self-selecting";
}

/**
 * A binding kind for tests: its state is `listeners` (in memory: not a host file); `failApply` makes its write fail
 * (RebindWriteError). Its journal backs up the listeners' thumbprints and puts back those still holding what was written.
 */
export function fakeKind(listeners: FakeListener[], options: { failApply?: boolean } = {}) {
  const writes: string[] = [];
  const kind: BindingKind<FakeListener[], { name: string; before: string }> = {
    name: "fake-listener",
    viewKinds: ["fakelistener"],
    async read() {
      return listeners.length === 0 ? null : listeners;
    },
    storesNamed: () => [],
    inventory: (state) => ({
      bindings: state.map((l) => ({
        kind: "fakelistener",
        endpoint: l.name,
        thumbprint: l.thumbprint as Thumbprint,
        storeName: null,
        selection: l.selection ?? "pinned",
        hostnames: l.hostnames,
        sites: [],
        appId: null,
        owner: "Fake service",
        service: "FakeSvc",
      })),
      warnings: [],
    }),
    plan(state, request) {
      const changes: { view: ChangeView; target: { name: string; before: string } }[] = [];
      for (const l of state) {
        if (l.thumbprint !== request.oldThumbprint || l.selection === "self-selecting") continue;
        const view = baseView("fakelistener", l.name, [], l.hostnames, null, request, l.thumbprint);
        changes.push({ view: { ...view, service: "FakeSvc", restartRequired: true }, target: { name: l.name, before: l.thumbprint } });
      }
      return { changes, informational: [] };
    },
    async apply(_context, changes, session) {
      session.onUndo("fake listeners", async () => {
        for (const c of changes) listeners.find((l) => l.name === c.target.name)!.thumbprint = c.target.before;
        writes.push("undone");
      });
      for (const c of changes) listeners.find((l) => l.name === c.target.name)!.thumbprint = c.view.to;
      writes.push(...changes.map((c) => `${c.target.name}=${c.view.to}`));
      if (options.failApply) throw new RebindWriteError("the fake service refused the certificate", changes.map((c) => c.view.endpoint));
    },
    journal: {
      step: "fake",
      files: async () => [],
      async backup(_context, changes) {
        const names = changes.map((c) => c.target.name);
        return {
          name: "fake-listeners.json",
          content: JSON.stringify(listeners.filter((l) => names.includes(l.name))),
          written: Object.fromEntries(changes.map((c) => [c.view.endpoint, c.view.to])),
        };
      },
      async check(_context, backup, written) {
        const prior = JSON.parse(backup) as FakeListener[];
        return Object.entries(written).map(([endpoint, wrote]) => {
          const before = prior.find((l) => l.name === endpoint)!.thumbprint;
          const current = listeners.find((l) => l.name === endpoint)?.thumbprint ?? null;
          const state = current === before ? "prior" : current === wrote ? "written" : "changed";
          return { endpoint, prior: before, written: wrote, current, state, what: `the fake listener ${endpoint}` };
        });
      },
      async restore(_context, backup, endpoints) {
        for (const l of JSON.parse(backup) as FakeListener[]) {
          if (endpoints.includes(l.name)) listeners.find((now) => now.name === l.name)!.thumbprint = l.thumbprint;
        }
        writes.push("restored");
        return [...endpoints];
      },
    },
    async readBack(_context, changes) {
      return changes.filter((c) => listeners.find((l) => l.name === c.target.name)?.thumbprint !== c.view.to).map((c) => c.view.endpoint);
    },
  };
  return { kind, writes, listeners };
}
