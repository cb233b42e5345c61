/**
 * Presence on a journal page (Yjs awareness): who else has it open and which
 * cell each is on. Only staff on the same page see it; the server never
 * relays a journal's presence to anyone else.
 */
import { createStore, reconcile } from "solid-js/store";
import { onCleanup } from "solid-js";
import type { Awareness } from "y-protocols/awareness";
import type { UserInfo } from "../../shared/api.ts";
import { createAfterPaint } from "../sync/after-paint.ts";

interface PresenceFields {
  user?: { id: string; name: string };
  cell?: string | null;
}

export interface PresenceState {
  /** Other people on the page (one entry per person, however many tabs). */
  others: Array<{ id: string; name: string }>;
  /** Cell key -> names of the others on it. */
  byCell: Record<string, string[]>;
}

export function createPresenceStore(awareness: Awareness, user: UserInfo) {
  const [state, setState] = createStore<PresenceState>({ others: [], byCell: {} });
  const shortName = user.fullName.split(" ").map((p, i) => (i === 0 ? p : `${p[0]}.`)).join(" ");
  awareness.setLocalStateField("user", { id: user.id, name: shortName });
  const read = () => {
    const others = new Map<string, string>();
    const byCell: Record<string, string[]> = {};
    awareness.getStates().forEach((s: PresenceFields, clientId) => {
      if (clientId === awareness.clientID || !s.user || s.user.id === user.id) return;
      others.set(s.user.id, s.user.name);
      if (s.cell) byCell[s.cell] = [...(byCell[s.cell] ?? []), s.user.name];
    });
    setState({ others: [...others].map(([id, name]) => ({ id, name })) });
    setState("byCell", reconcile(byCell));
  };
  awareness.on("change", read);
  onCleanup(() => awareness.off("change", read));
  read();
  // Each move of the cursor is sent after its frame is painted, and a burst of moves as the last one.
  const focusCell = createAfterPaint((key: string | null) => awareness.setLocalStateField("cell", key));
  return [state, { focusCell }] as const;
}
