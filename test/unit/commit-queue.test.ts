/** Group commit (issue 8): edits of one turn share one transaction; nothing is announced before it is stored. */
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteDatabase, type SqliteDatabase } from "../../server/storage/sqlite-database.ts";
import { SqliteDocumentStore } from "../../server/storage/sqlite-document-store.ts";
import { createCommitQueue } from "../../server/storage/commit-queue.ts";

const dirs: string[] = [];
function openStore(): { db: SqliteDatabase; store: SqliteDocumentStore } {
  const dir = mkdtempSync(join(tmpdir(), "zhurnal-queue-"));
  dirs.push(dir);
  const db = openSqliteDatabase(join(dir, "journal.sqlite"));
  return { db, store: new SqliteDocumentStore(db) };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const turn = () => new Promise((ok) => setImmediate(ok));
const rows = (db: SqliteDatabase) => (db.prepare("SELECT COUNT(*) AS n FROM doc_updates").get() as { n: number }).n;

describe("commit queue", () => {
  it("stores the writes queued in one turn together, then runs their follow-ups in order", async () => {
    const { db, store } = openStore();
    const events: string[] = [];
    let transactions = 0;
    const counting = { atomically: <T>(fn: () => T) => store.atomically(() => (transactions++, fn())) };
    const q = createCommitQueue(counting);
    for (const n of [1, 2, 3]) {
      q.enqueue({ write: () => void store.append(`doc/${n}`, new Uint8Array([n])), done: () => events.push(`done ${n} after ${rows(db)} rows`), failed: () => events.push("failed") });
    }
    expect(rows(db)).toBe(0);
    await turn();
    expect(transactions).toBe(1);
    expect(events).toEqual(["done 1 after 3 rows", "done 2 after 3 rows", "done 3 after 3 rows"]);
    expect(q.size).toBe(0);
  });

  it("a reader waits for what is queued; with nothing queued it is answered at once", async () => {
    const { db, store } = openStore();
    const q = createCommitQueue(store);
    let answered = -1;
    q.afterPending(() => (answered = rows(db)));
    expect(answered).toBe(0);
    q.enqueue({ write: () => void store.append("doc/1", new Uint8Array([1])), done() {}, failed() {} });
    q.afterPending(() => (answered = rows(db)));
    expect(answered).toBe(0);
    await turn();
    expect(answered).toBe(1);
  });

  it("when the store refuses the batch, none of it is stored and each commit hears of it instead of its follow-up", async () => {
    const { db, store } = openStore();
    db.exec("CREATE TRIGGER full BEFORE INSERT ON doc_updates WHEN NEW.doc_name = 'doc/2' BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    const q = createCommitQueue(store);
    const events: string[] = [];
    for (const n of [1, 2]) {
      q.enqueue({ write: () => void store.append(`doc/${n}`, new Uint8Array([n])), done: () => events.push(`done ${n}`), failed: (e) => events.push(`failed ${n}: ${e.message}`) });
    }
    await turn();
    expect(events).toEqual(["failed 1: disk full", "failed 2: disk full"]);
    expect(rows(db)).toBe(0);
  });

  it("a write run now comes after everything queued before it", () => {
    const { db, store } = openStore();
    const q = createCommitQueue(store);
    q.enqueue({ write: () => void store.append("doc/1", new Uint8Array([1])), done() {}, failed() {} });
    const seqAfter = q.now(() => store.append("doc/1", new Uint8Array([2])));
    expect(rows(db)).toBe(2);
    expect(seqAfter).toBe(2);
  });
});
