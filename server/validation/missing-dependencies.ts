/**
 * Yjs parks an update whose dependencies are missing and integrates it later,
 * inside whatever transaction happens to fill the gap, under another origin.
 * The server must never validate one user's content as part of another's
 * update, so it refuses such an update before applying it and asks the sender
 * for a full diff instead (sync step 1).
 */
import * as Y from "yjs";

interface Range {
  start: number;
  end: number;
}

/** True when applying `update` to `doc` would leave anything pending. Throws on a malformed update. */
export function hasMissingDependencies(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  const known = (client: number): number => Y.getState(doc.store, client);
  const ranges = new Map<number, Range>();
  for (const s of structs) {
    if (s instanceof Y.Skip) return true;
    const r = ranges.get(s.id.client);
    if (r === undefined) {
      if (s.id.clock > known(s.id.client)) return true;
      ranges.set(s.id.client, { start: s.id.clock, end: s.id.clock + s.length });
    } else {
      if (s.id.clock !== r.end) return true;
      r.end += s.length;
    }
  }
  const isKnown = (id: Y.ID): boolean => {
    if (id.clock < known(id.client)) return true;
    const r = ranges.get(id.client);
    return r !== undefined && id.clock >= r.start && id.clock < r.end;
  };
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    if (s.origin && !isKnown(s.origin)) return true;
    if (s.rightOrigin && !isKnown(s.rightOrigin)) return true;
    if (s.parent instanceof Y.ID && !isKnown(s.parent)) return true;
  }
  for (const [client, deletes] of ds.clients) {
    const end = Math.max(known(client), ranges.get(client)?.end ?? 0);
    for (const d of deletes) if (d.clock + d.len > end) return true;
  }
  return false;
}
