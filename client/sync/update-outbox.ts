/**
 * Edits leave the keystroke's task. y-indexeddb and y-websocket store and
 * send every update from inside the transaction that made it: an IndexedDB
 * transaction and a socket send in the middle of a keystroke, before its
 * frame. The outbox takes their place as the document's update listener,
 * queues the updates and hands them on once that frame is painted: the
 * device's copy gets the queued ones as one record, the socket each one as it
 * was made (the server sees the same messages, a frame later).
 *
 * Nothing waits past the page: the queue is handed on when the page is hidden
 * or left (a tab closed right after typing) and when the document is closed.
 * The count of edits waiting for the server does not depend on it: an edit is
 * counted when it is made (journal-store.ts), and a socket that was down when
 * it was queued gets it with the next sync.
 */
import * as Y from "yjs";
import type { IndexeddbPersistence } from "y-indexeddb";
import type { WebsocketProvider } from "y-websocket";
import { afterPaint } from "./after-paint.ts";

type UpdateHandler = (update: Uint8Array, origin: unknown) => void;

export interface UpdateOutbox {
  /** Hands every queued update on now. */
  flush(): void;
  /** Flushes, then stops listening (before the store and the socket are destroyed). */
  close(): void;
}

/** The update listener a library registered on the document in its constructor (y-indexeddb 9.0 `_storeUpdate`, y-websocket 3.1 `_updateHandler`). */
function listenerOf(owner: object, field: string): UpdateHandler | null {
  const fn = (owner as Record<string, unknown>)[field];
  return typeof fn === "function" ? (fn as UpdateHandler) : null;
}

/** One failing hand-over (a database closing under it) must not keep the update from the other, nor hide the failure. */
function guarded(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    reportError(err);
  }
}

export function createUpdateOutbox(doc: Y.Doc, local: IndexeddbPersistence, provider: WebsocketProvider): UpdateOutbox {
  const store = listenerOf(local, "_storeUpdate");
  const send = listenerOf(provider, "_updateHandler");
  // Another version of either library: both keep their own listeners, and updates go out at once as before.
  if (!store || !send) return { flush() {}, close() {} };
  doc.off("update", store);
  doc.off("update", send);

  let queue: Array<{ update: Uint8Array; origin: unknown }> = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (queue.length === 0) return;
    const taken = queue;
    queue = [];
    // What the libraries skipped themselves: the store what it loaded, the socket what the server sent.
    const toStore = taken.filter((q) => q.origin !== local).map((q) => q.update);
    if (toStore.length > 0) guarded(() => store(toStore.length === 1 ? toStore[0]! : Y.mergeUpdates(toStore), null));
    for (const q of taken) if (q.origin !== provider) guarded(() => send(q.update, q.origin));
  };
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    queue.push({ update, origin });
    if (scheduled) return;
    scheduled = true;
    afterPaint(flush);
  };
  const onVisibility = () => document.visibilityState === "hidden" && flush();
  doc.on("update", onUpdate);
  addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", onVisibility);
  return {
    flush,
    close() {
      flush();
      doc.off("update", onUpdate);
      removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onVisibility);
    },
  };
}
