/**
 * Bundled for Chromium by B4 (vite build, iife) and loaded by a real http
 * page: opens a Y.Doc from IndexedDB with y-indexeddb as the app does
 * (client/sync/open-document.ts, database `zhurnal:<docName>`).
 */
import * as Y from "yjs";
import { openLocalStore, storedRows } from "../client/sync/local-store.ts";

interface Session {
  /** ms from creating the persistence to the document being loaded. */
  openMs: number;
  /** Rows in the IndexedDB store when it opened. */
  rows: number;
}

/** One visit: open from IndexedDB (timed), receive `updates` as from the server, stay long enough for y-indexeddb to compact when it wants to, close. */
async function visit(name: string, updates: number[][]): Promise<Session> {
  const started = performance.now();
  const doc = new Y.Doc();
  // The app's own opening, with its compaction of a store that grew (client/sync/local-store.ts).
  const { local, loaded } = openLocalStore(name, doc);
  await loaded;
  const openMs = performance.now() - started;
  const rows = await storedRows(local);
  for (const u of updates) Y.applyUpdate(doc, Uint8Array.from(u), "remote");
  // The app compacts in the background right after loading; a real visit lasts longer than this.
  await new Promise((r) => setTimeout(r, 100));
  await local.destroy();
  doc.destroy();
  return { openMs, rows };
}

(window as unknown as Record<string, unknown>).benchIdb = { visit };
