/**
 * At start, every stored update and snapshot must decode: a corrupt or
 * truncated row makes the server refuse to start, naming it, instead of
 * silently serving a document with a hole in it.
 */
import * as Y from "yjs";
import { StoreStartupError } from "./sqlite-database.ts";
import type { SqlDatabase } from "./sql-database.ts";

function corruption(data: Buffer): string | null {
  try {
    Y.decodeUpdate(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

function firstCorruptRow(db: SqlDatabase): string | null {
  for (const row of db.prepare("SELECT doc_name, upto_seq, data FROM doc_snapshots").iterate() as Iterable<{ doc_name: string; upto_seq: number; data: Buffer }>) {
    const why = corruption(row.data);
    if (why) return `The snapshot of ${row.doc_name} (up to update ${row.upto_seq}) is corrupt (${why})`;
  }
  for (const row of db.prepare("SELECT seq, doc_name, data FROM doc_updates").iterate() as Iterable<{ seq: number; doc_name: string; data: Buffer }>) {
    const why = corruption(row.data);
    if (why) return `Update ${row.seq} of ${row.doc_name} is corrupt (${why})`;
  }
  return null;
}

export function verifyStoredDocuments(db: SqlDatabase): void {
  const problem = firstCorruptRow(db);
  if (problem === null) return;
  db.close();
  throw new StoreStartupError(`${problem}. Nothing was changed; restore a backup or remove that row knowingly.`);
}
