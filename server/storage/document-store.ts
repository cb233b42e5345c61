/**
 * Where Yjs documents live: an append-only log of updates per document plus
 * one compacted snapshot. Behind an interface so another back-end can run the
 * same test suite (test/server/document-store.test.ts).
 */
export interface StoredDocument {
  /** The snapshot (if any) first, then every update after it, in order. */
  updates: Uint8Array[];
  /** Sequence number of the last update included; 0 when the document is new. */
  lastSeq: number;
  /** How many updates follow the snapshot. */
  updatesSinceSnapshot: number;
}

export interface DocumentStore {
  load(docName: string): StoredDocument;
  /** Appends one update durably; returns its sequence number. */
  append(docName: string, update: Uint8Array): number;
  /** Replaces the snapshot and every update up to `uptoSeq` by `state`, atomically. */
  compact(docName: string, state: Uint8Array, uptoSeq: number): void;
  exists(docName: string): boolean;
  /** Runs `fn` so that all its appends are stored together or not at all. */
  atomically<T>(fn: () => T): T;
}
