/**
 * Group commit: the writes of every update handled in one turn of the event
 * loop are stored in one transaction (one fsync), and only then does anything
 * leave the server. An accepted edit is thus still durable before anyone sees
 * it, but a busy server pays for a disk flush once per batch, not per edit.
 */
import type { DocumentStore } from "./document-store.ts";

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

export function createCommitQueue(store: Pick<DocumentStore, "atomically">, log: (msg: string) => void = () => {}): CommitQueue {
  let pending: PendingCommit[] = [];
  let scheduled = false;

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
    pending.push(commit);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  }

  return {
    enqueue,
    afterPending(fn) {
      if (pending.length === 0) fn();
      else enqueue({ write() {}, done: fn, failed() {} });
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
