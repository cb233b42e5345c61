import type { SqlDatabase } from "./sql-database.ts";
import type { DocumentStore, StoredDocument } from "./document-store.ts";

/**
 * Issue 10: the shard a document belongs to and the token of this node's
 * lease on it (tokens grow with each new holder), or null outside a cluster.
 */
export type FenceOf = (docName: string) => { shard: string; token: number } | null;

/** A node whose lease was taken over tried to write: the newer holder has written the shard since. */
export class FencedWriteError extends Error {}

/** The document store on either SQL back-end (SQLite or PostgreSQL, through SqlDatabase). */
export class SqliteDocumentStore implements DocumentStore {
  private readonly selectSnapshot;
  private readonly selectUpdates;
  private readonly insertUpdate;
  private readonly upsertSnapshot;
  private readonly deleteUpdates;
  private readonly anyRow;
  private readonly raiseFence;
  private readonly readFence;
  /** Shards written in the running outermost transaction, with this node's token. */
  private fencing: Map<string, number> | null = null;

  constructor(private readonly db: SqlDatabase, private readonly fenceOf: FenceOf | null = null) {
    this.raiseFence = db.prepare<[string, number]>(
      "INSERT INTO shard_fences (shard, token) VALUES (?, ?) ON CONFLICT (shard) DO UPDATE SET token = MAX(shard_fences.token, excluded.token)",
    );
    this.readFence = db.prepare<[string], { token: number }>("SELECT token FROM shard_fences WHERE shard = ?");
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
    this.fence(docName);
    const info = this.insertUpdate.run(docName, Buffer.from(update.buffer, update.byteOffset, update.byteLength), Date.now());
    return Number(info.lastInsertRowid);
  }

  compact(docName: string, state: Uint8Array, uptoSeq: number): void {
    this.db.transaction(() => {
      this.fence(docName);
      this.upsertSnapshot.run(docName, Buffer.from(state), uptoSeq, Date.now());
      this.deleteUpdates.run(docName, uptoSeq);
    })();
  }

  exists(docName: string): boolean {
    return this.anyRow.get(docName, docName) !== undefined;
  }

  atomically<T>(fn: () => T): T {
    // IMMEDIATE: with several processes on one file (a cluster), a deferred transaction could fail to upgrade to a write.
    if (!this.fenceOf || this.fencing) return this.db.transaction(fn).immediate();
    this.fencing = new Map();
    try {
      return this.db.transaction(() => {
        const result = fn();
        // Once per shard per transaction, just before it commits: a stale holder's whole batch is refused.
        for (const [shard, token] of this.fencing!) this.checkFence(shard, token);
        return result;
      }).immediate();
    } finally {
      this.fencing = null;
    }
  }

  private fence(docName: string): void {
    const f = this.fenceOf?.(docName);
    if (!f) return;
    if (this.fencing) this.fencing.set(f.shard, f.token);
    else this.checkFence(f.shard, f.token);
  }

  /** The newest lease token that wrote (or took) the shard; 0 when none has. */
  storedFence(shard: string): number {
    return this.readFence.get(shard)?.token ?? 0;
  }

  /** Raises the shard's row to `token` (a holder does so when it takes the shard); refuses an older one. */
  takeFence(shard: string, token: number): void {
    this.db.transaction(() => this.checkFence(shard, token)).immediate();
  }

  private checkFence(shard: string, token: number): void {
    // Token 0: a document whose shard this node does not hold (it moved, or the lease is gone).
    if (token <= 0) throw new FencedWriteError(`${shard} is not held by this node: its write is refused`);
    this.raiseFence.run(shard, token);
    const newest = this.readFence.get(shard)?.token ?? token;
    if (newest > token) throw new FencedWriteError(`${shard} has a newer holder (token ${newest} > ${token}): this node's write is refused`);
  }
}
