/**
 * A document's copy on this device (y-indexeddb), kept small. y-indexeddb
 * appends a record at every open and one per update, and merges them only
 * once it holds 500: a page a teacher opens several times a day would keep
 * hundreds of records, each read and applied at every open. After loading,
 * a store with COMPACT_AT_ROWS records or more is rewritten as one state
 * record (written first, then the older ones deleted: a crash in between
 * leaves both, never neither).
 */
import type * as Y from "yjs";
import { IndexeddbPersistence, storeState } from "y-indexeddb";
import * as idb from "lib0/indexeddb";

export const COMPACT_AT_ROWS = 20;

/** Records in the store now (y-indexeddb's own count lags behind its "synced" event). */
export async function storedRows(local: IndexeddbPersistence): Promise<number> {
  if (!local.db) return 0;
  const [updates] = idb.transact(local.db, ["updates"], "readonly");
  return idb.count(updates!);
}

export function openLocalStore(name: string, doc: Y.Doc): { local: IndexeddbPersistence; loaded: Promise<void> } {
  const local = new IndexeddbPersistence(name, doc);
  const loaded = local.whenSynced.then(() => {
    // Not awaited: the page shows now; the count and the rewrite run in the background.
    void storedRows(local)
      .then((rows) => (rows >= COMPACT_AT_ROWS && !(local as unknown as { _destroyed: boolean })._destroyed ? storeState(local, true) : undefined))
      .catch(() => undefined);
  });
  return { local, loaded };
}
