/**
 * Group commit: the writes of every update handled in one turn of the event
 * loop are stored in one transaction (one fsync), and only then does anything
 * leave the server. An accepted edit is thus still durable before anyone sees
 * it, but a busy server pays for a disk flush once per batch, not per edit.
 */
import type { DocumentStore } from "./document-store.ts";

/** The store refused a write: nothing of it was accepted, and whoever sent it should send it again. */
export class StoreWriteError extends Error {}

export interface PendingCommit {
  /** Writes to the store; runs inside the batch's transaction. */
  write(): void;
  /** Runs once the batch is durable (broadcasts, replies). */
  done(): void;
  /** Runs when the batch was not stored; nothing of it may be served. */
  failed(err: Error): void;
}

export interface CommitQueue {
  enqueue(commit: PendingCommit): void;
  /** Runs `fn` once everything queued so far is durable (now, when nothing is queued). */
  afterPending(fn: () => void): void;
  /** Stores everything queued now. */
  flush(): void;
  /** Runs `fn` in its own transaction, after storing everything queued before it. */
  now<T>(fn: () => T): T;
  readonly size: number;
}

export interface CommitQueueLimits {
  /** A batch is stored as soon as it holds this many commits... */
  maxBatch: number;
  /** ...or its first commit has waited this long. */
  maxWaitMs: number;
}

/**
 * Under a backlog one turn of the event loop can run for seconds (every socket
 * hands over all it has buffered), so a batch is also closed by size and age:
 * otherwise nothing would be stored or seen until the backlog is gone.
 */
export const DEFAULT_COMMIT_LIMITS: CommitQueueLimits = { maxBatch: 200, maxWaitMs: 20 };

export function createCommitQueue(
  store: Pick<DocumentStore, "atomically">, log: (msg: string) => void = () => {}, limits: CommitQueueLimits = DEFAULT_COMMIT_LIMITS,
): CommitQueue {
  let pending: PendingCommit[] = [];
  let scheduled = false;
  let firstQueuedAt = 0;

  function flush(): void {
    scheduled = false;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    try {
      store.atomically(() => {
        for (const c of batch) c.write();
      });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      for (const c of batch) runSafely(() => c.failed(error));
      return;
    }
    for (const c of batch) runSafely(() => c.done());
  }

  // One commit's follow-up failing must not keep the rest of the batch from being told.
  function runSafely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      log(`after commit: ${(err as Error).message}`);
    }
  }

  function enqueue(commit: PendingCommit): void {
    if (pending.length === 0) firstQueuedAt = performance.now();
    pending.push(commit);
    if (pending.length >= limits.maxBatch || performance.now() - firstQueuedAt >= limits.maxWaitMs) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  }

  return {
    enqueue,
    afterPending(fn) {
      if (pending.length === 0) fn();
      // Also when the batch fails: a reader of another document must not wait forever; one of
      // the failed batch's documents has been dropped and its sockets closed by then.
      else enqueue({ write() {}, done: fn, failed: fn });
    },
    flush,
    now(fn) {
      flush();
      return store.atomically(fn);
    },
    get size() {
      return pending.length;
    },
  };
}
