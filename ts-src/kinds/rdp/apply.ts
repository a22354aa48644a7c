import { refuse } from "../../core/rebind/plan.js";
import type { Thumbprint } from "../../core/thumbprint.js";
import { RebindWriteError } from "../../platform/ports.js";
import type { ApplySession, KindChange, KindContext } from "../binding-kind.js";
import { grantReadUndoably } from "../common/key-grants.js";
import { NETWORK_SERVICE, RDP_CODE, RDP_STORE, type RdpTarget } from "./model.js";
import { listenersOn } from "./read.js";

type RdpChange = KindChange<RdpTarget>;

/**
 * Whether NETWORK SERVICE, the account Remote Desktop Services reads its certificate as, may read the new key (KB
 * 3042780, step 3: https://learn.microsoft.com/troubleshoot/windows-server/remote/remote-desktop-listener-certificate-configurations):
 * `has`, `grant` (the run grants it), or the change is refused (CR3014) when the host cannot tell.
 */
export async function assessKeyAccess(context: KindContext, changes: readonly RdpChange[]): Promise<void> {
  const answers = new Map<string, Promise<boolean | string>>();
  for (const { view } of changes) {
    if (view.status !== "planned") continue;
    let answer = answers.get(view.to);
    if (answer === undefined) {
      answer = context.host.keys.canRead({ store: RDP_STORE, thumbprint: view.to }, NETWORK_SERVICE).then(
        (can) => can ?? "the certificate in LocalMachine\\My has no private key this host can open",
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      answers.set(view.to, answer);
    }
    const can = await answer;
    if (typeof can === "string") {
      view.keyAccess = [{ account: NETWORK_SERVICE, status: "refused" }];
      refuse(view, {
        code: RDP_CODE,
        reason: `${NETWORK_SERVICE}, the account Remote Desktop Services reads the certificate as, must be able to read the new certificate's private key, and whether it can cannot be told (${can}). Give it read access to the key of Cert:\\LocalMachine\\My\\${view.to} (certlm.msc: All Tasks, Manage Private Keys) and run again. Nothing was changed.`,
      });
    } else view.keyAccess = [{ account: NETWORK_SERVICE, status: can ? "has" : "grant" }];
  }
}

/**
 * Gives NETWORK SERVICE read access to each new key that needs it, then sets each listener's certificate and reads
 * it back; each undo is registered before its write (a grant: revoked; a listener: its prior thumbprint written back).
 */
export async function applyListeners(context: KindContext, changes: readonly RdpChange[], session: ApplySession): Promise<void> {
  const listeners = listenersOn(context.host)!;
  const granted = new Set<string>();
  for (const change of changes) {
    const access = change.view.keyAccess?.find((a) => a.status === "grant");
    if (access === undefined) continue;
    if (!granted.has(change.view.to)) await grant(context, change.view.to, changes, session);
    granted.add(change.view.to);
    access.status = "granted";
  }
  for (const { view, target } of changes) {
    session.onUndo(`the RDP listener ${target.terminalName}`, async () => {
      const back = await listeners.write(target.terminalName, target.before);
      if (back !== null && back.thumbprint !== target.before) throw new Error(`the RDP listener ${target.terminalName} reads back ${back.hashText ?? "no certificate"} instead of ${target.before}`);
    });
    let after;
    try {
      after = await listeners.write(target.terminalName, view.to as Thumbprint);
    } catch (error) {
      throw new RebindWriteError(`The certificate of the RDP listener ${target.terminalName} could not be set: ${messageOf(error)}`, [view.endpoint], { cause: error });
    }
    if (after === null) throw new RebindWriteError(`The RDP listener ${target.terminalName} is no longer there.`, [view.endpoint]);
    if (after.thumbprint !== view.to) throw new RebindWriteError(`The RDP listener ${target.terminalName} reads back ${after.hashText ?? "no certificate"} instead of ${view.to}.`, [view.endpoint]);
  }
}

async function grant(context: KindContext, thumbprint: string, changes: readonly RdpChange[], session: ApplySession): Promise<void> {
  try {
    await grantReadUndoably(context, session, { store: RDP_STORE, thumbprint }, NETWORK_SERVICE);
  } catch (error) {
    const endpoints = changes.filter((c) => c.view.to === thumbprint).map((c) => c.view.endpoint);
    throw new RebindWriteError(
      `${NETWORK_SERVICE} could not be given read access to the private key of Cert:\\LocalMachine\\My\\${thumbprint}, which Remote Desktop Services needs (KB 3042780): ${messageOf(error)}`,
      endpoints,
      { cause: error },
    );
  }
}

/** The listeners of `changes` that do not hold the new certificate when read again. */
export async function readBackListeners(context: KindContext, changes: readonly RdpChange[]): Promise<string[]> {
  if (changes.length === 0) return [];
  const state = await listenersOn(context.host)!.read();
  const now = new Map(state?.listeners.map((l) => [l.terminalName.toLowerCase(), l.thumbprint]) ?? []);
  return changes.filter((c) => now.get(c.target.terminalName.toLowerCase()) !== c.view.to).map((c) => c.view.endpoint);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
