import { certificateFromStore, type Certificate } from "../core/certificate.js";
import { buildInventory, type Inventory } from "../core/inventory.js";
import type { IisConfiguration } from "../core/model.js";
import type { AnyBindingKind, KindContext, KindInventory } from "../kinds/binding-kind.js";
import { newKindContext } from "../kinds/kind-context.js";
import { BINDING_KINDS } from "../kinds/registry.js";
import { readIisConfiguration } from "../kinds/common/host-reads.js";
import type { Host } from "../platform/ports.js";

/** A registered kind present on the host, with what it read (its state; kinds whose service is absent are left out). */
export interface KindReading {
  kind: AnyBindingKind;
  state: unknown;
}

/** What the host holds: the state of every binding kind present, and the certificates of its stores. */
export interface HostReading {
  /** The reads were made through it: the journal backs up what the plan was made on, from the same reads. */
  context: KindContext;
  kinds: KindReading[];
  /** IIS's configuration as read (the `config` of `bindings`), or null. */
  config: IisConfiguration | null;
  certificates: Certificate[];
}

/** Reads every registered kind side by side, then the certificate stores (those the host reads anyway and those the bindings name). */
export async function readHost(host: Host, kinds: readonly AnyBindingKind[] = BINDING_KINDS): Promise<HostReading> {
  const context = newKindContext(host);
  const states = await Promise.all(kinds.map(async (kind) => ({ kind, state: (await kind.read(context)) as unknown })));
  const present = states.filter((s) => s.state !== null);
  const config = await readIisConfiguration(context);
  const stored = await host.certStore.list(storesNamedBy(present));
  return { context, kinds: present, config, certificates: stored.map(certificateFromStore) };
}

/** The certificate stores the bindings of every kind name (a binding that names none uses MY, read anyway). */
export function storesNamedBy(kinds: readonly KindReading[]): string[] {
  const names = kinds.flatMap(({ kind, state }) => kind.storesNamed(state));
  return [...new Set(names.filter((name) => name !== ""))];
}

const inventories = new WeakMap<KindReading, KindInventory>();

/**
 * A kind's inventory of what it read, made once per reading: the successor scan, the run's warnings and `bindings`
 * ask for it, and for HTTP.sys records it is a binding per record.
 */
export function kindInventory(reading: KindReading): KindInventory {
  let inventory = inventories.get(reading);
  if (inventory === undefined) inventories.set(reading, (inventory = reading.kind.inventory(reading.state)));
  return inventory;
}

/** The bindings of every kind present, as `bindings`, DSC and the successor scan see them. Pure. */
export function inventoryOf(reading: Pick<HostReading, "kinds" | "certificates">, now: Date): Inventory {
  return buildInventory(
    reading.kinds.map(kindInventory),
    reading.certificates,
    now,
  );
}

/** Reads the host once (unless given what was read) and joins what it holds. */
export async function readInventory(host: Host, now: Date, reading?: HostReading): Promise<Inventory & { configPath: string | null; redirected: boolean }> {
  const read = reading ?? (await readHost(host));
  const inventory = inventoryOf(read, now);
  return {
    ...inventory,
    warnings: [...host.warnings(), ...inventory.warnings],
    configPath: read.config?.path ?? null,
    redirected: read.config?.redirected ?? false,
  };
}
