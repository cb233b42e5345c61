import type { SqlDatabase } from "./sql-database.ts";
import type { DocumentStore, StoredDocument } from "./document-store.ts";

export class SqliteDocumentStore implements DocumentStore {
  private readonly selectSnapshot;
  private readonly selectUpdates;
  private readonly insertUpdate;
  private readonly upsertSnapshot;
  private readonly deleteUpdates;
  private readonly anyRow;

  constructor(private readonly db: SqlDatabase) {
    this.selectSnapshot = db.prepare<[string], { data: Buffer; upto_seq: number }>(
      "SELECT data, upto_seq FROM doc_snapshots WHERE doc_name = ?",
    );
    this.selectUpdates = db.prepare<[string, number], { seq: number; data: Buffer }>(
      "SELECT seq, data FROM doc_updates WHERE doc_name = ? AND seq > ? ORDER BY seq",
    );
    this.insertUpdate = db.prepare<[string, Buffer, number]>(
      "INSERT INTO doc_updates (doc_name, data, stored_at) VALUES (?, ?, ?)",
    );
    this.upsertSnapshot = db.prepare<[string, Buffer, number, number]>(
      `INSERT INTO doc_snapshots (doc_name, data, upto_seq, stored_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (doc_name) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq, stored_at = excluded.stored_at`,
    );
    this.deleteUpdates = db.prepare<[string, number]>("DELETE FROM doc_updates WHERE doc_name = ? AND seq <= ?");
    this.anyRow = db.prepare<[string, string], { one: number }>(
      "SELECT 1 AS one FROM doc_snapshots WHERE doc_name = ? UNION ALL SELECT 1 FROM doc_updates WHERE doc_name = ? LIMIT 1",
    );
  }

  load(docName: string): StoredDocument {
    const snapshot = this.selectSnapshot.get(docName);
    const rows = this.selectUpdates.all(docName, snapshot?.upto_seq ?? 0);
    const updates = rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength));
    if (snapshot) updates.unshift(new Uint8Array(snapshot.data));
    const lastSeq = rows.length > 0 ? rows[rows.length - 1]!.seq : (snapshot?.upto_seq ?? 0);
    return { updates, lastSeq, updatesSinceSnapshot: rows.length };
  }

  append(docName: string, update: Uint8Array): number {
    const info = this.insertUpdate.run(docName, Buffer.from(update.buffer, update.byteOffset, update.byteLength), Date.now());
    return Number(info.lastInsertRowid);
  }

  compact(docName: string, state: Uint8Array, uptoSeq: number): void {
    this.db.transaction(() => {
      this.upsertSnapshot.run(docName, Buffer.from(state), uptoSeq, Date.now());
      this.deleteUpdates.run(docName, uptoSeq);
    })();
  }

  exists(docName: string): boolean {
    return this.anyRow.get(docName, docName) !== undefined;
  }

  atomically<T>(fn: () => T): T {
    // IMMEDIATE: with several processes on one file (a cluster), a deferred transaction could fail to upgrade to a write.
    return this.db.transaction(fn).immediate();
  }
}
