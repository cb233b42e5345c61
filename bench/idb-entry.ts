/**
 * Bundled for Chromium by B4 (vite build, iife) and loaded by a real http
 * page: opens a Y.Doc from IndexedDB with y-indexeddb as the app does
 * (client/sync/open-document.ts, database `zhurnal:<docName>`).
 */
import * as Y from "yjs";
import { IndexeddbPersistence } from "y-indexeddb";

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
  const local = new IndexeddbPersistence(name, doc);
  await local.whenSynced;
  const openMs = performance.now() - started;
  // y-indexeddb counts its rows just after it reports the document loaded.
  await new Promise((r) => setTimeout(r, 10));
  const rows = (local as unknown as { _dbsize: number })._dbsize;
  for (const u of updates) Y.applyUpdate(doc, Uint8Array.from(u), "remote");
  // y-indexeddb compacts 1 s after an update once it holds 500 rows; a real visit lasts longer than that.
  const size = (local as unknown as { _dbsize: number })._dbsize;
  await new Promise((r) => setTimeout(r, size >= 500 ? 1500 : 30));
  await local.destroy();
  doc.destroy();
  return { openMs, rows };
}

(window as unknown as Record<string, unknown>).benchIdb = { visit };
