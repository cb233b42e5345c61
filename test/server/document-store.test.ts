/**
 * Issue 10: one storage test suite over both back-ends. What the document
 * store promises (ordered appends, atomic batches, compaction that keeps
 * every update) holds alike on SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteDatabase } from "../../server/storage/sqlite-database.ts";
import { openPostgresDatabase } from "../../server/storage/postgres-database.ts";
import { FencedWriteError, SqliteDocumentStore } from "../../server/storage/sqlite-document-store.ts";
import type { SqlDatabase } from "../../server/storage/sql-database.ts";
import { POSTGRES_AVAILABLE, startPostgres, type PostgresProcess } from "../support/postgres-server.ts";

let pg: PostgresProcess | null = null;
const dirs: string[] = [];
const open: SqlDatabase[] = [];

beforeAll(async () => {
  if (POSTGRES_AVAILABLE) pg = await startPostgres();
});
afterAll(async () => {
  for (const db of open) db.close();
  await pg?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const backEnds: Array<{ name: string; available: boolean; connect(): SqlDatabase }> = [
  {
    name: "SQLite", available: true,
    connect() {
      const dir = mkdtempSync(join(tmpdir(), "zhurnal-store-"));
      dirs.push(dir);
      return openSqliteDatabase(join(dir, "journal.sqlite"));
    },
  },
  { name: "PostgreSQL", available: POSTGRES_AVAILABLE, connect: () => openPostgresDatabase(pg!.createDatabase()) },
];

function update(fn: (doc: Y.Doc) => void, base?: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, base);
  const before = Y.encodeStateVector(doc);
  fn(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

function replay(updates: Uint8Array[]): Record<string, unknown> {
  const doc = new Y.Doc();
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc.getMap("m").toJSON();
}

describe.each(backEnds)("the document store on $name (issue 10)", ({ available, connect }) => {
  it.skipIf(!available)("appends in order, each with a higher sequence number, and loads them back", () => {
    const db = connect();
    open.push(db);
    const store = new SqliteDocumentStore(db);
    expect(store.exists("journal/1")).toBe(false);
    expect(store.load("journal/1")).toEqual({ updates: [], lastSeq: 0, updatesSinceSnapshot: 0 });
    const first = update((d) => d.getMap("m").set("a", 1));
    const second = update((d) => d.getMap("m").set("b", 2));
    const s1 = store.append("journal/1", first);
    const s2 = store.append("journal/1", second);
    store.append("journal/2", second);
    expect(s2).toBeGreaterThan(s1);
    const loaded = store.load("journal/1");
    expect(loaded.lastSeq).toBe(s2);
    expect(loaded.updates.map((u) => [...u])).toEqual([[...first], [...second]]);
    expect(store.exists("journal/1")).toBe(true);
  });

  it.skipIf(!available)("a shard's stale holder (an older lease token) cannot write once a newer holder has; other shards are not affected", () => {
    const db = connect();
    open.push(db);
    const holder = (shard: string, token: number) => new SqliteDocumentStore(db, () => ({ shard, token }));
    const [stale, current] = [holder("class:1", 1), holder("class:1", 2)];
    const a = update((d) => d.getMap("m").set("a", 1));
    const b = update((d) => d.getMap("m").set("b", 2));
    const c = update((d) => d.getMap("m").set("c", 3));
    stale.atomically(() => stale.append("journal/1", a));
    current.atomically(() => current.append("journal/1", b));
    // The paused node wakes up with a batch: none of it is stored.
    expect(() => stale.atomically(() => {
      stale.append("journal/2", c);
      stale.append("journal/1", c);
    })).toThrow(FencedWriteError);
    expect(stale.exists("journal/2")).toBe(false);
    expect(replay(current.load("journal/1").updates)).toEqual({ a: 1, b: 2 });
    expect(() => stale.compact("journal/1", a, 1)).toThrow(FencedWriteError);
    expect(replay(current.load("journal/1").updates)).toEqual({ a: 1, b: 2 });
    holder("class:2", 1).atomically(() => holder("class:2", 1).append("journal/9", c));
    // Token 0: a shard this node does not hold (its lease is gone, or the document moved shard).
    expect(() => holder("class:3", 0).atomically(() => holder("class:3", 0).append("journal/10", c))).toThrow(FencedWriteError);
    // A new holder raises the row when it takes the shard, before loading anything: the old one is off at once.
    holder("class:2", 5).takeFence("class:2", 5);
    expect(() => holder("class:2", 1).atomically(() => holder("class:2", 1).append("journal/9", c))).toThrow(FencedWriteError);
    expect(current.exists("journal/9")).toBe(true);
    current.atomically(() => current.append("journal/1", c));
    expect(replay(current.load("journal/1").updates)).toEqual({ a: 1, b: 2, c: 3 });
  });

  it.skipIf(!available)("a batch is stored whole or not at all", () => {
    const db = connect();
    open.push(db);
    const store = new SqliteDocumentStore(db);
    const u = update((d) => d.getMap("m").set("a", 1));
    expect(() => store.atomically(() => {
      store.append("journal/1", u);
      store.atomically(() => store.append("journal/2", u));
      throw new Error("refused");
    })).toThrow("refused");
    expect(store.exists("journal/1") || store.exists("journal/2")).toBe(false);
    store.atomically(() => {
      store.append("journal/1", u);
      store.atomically(() => store.append("journal/2", u));
    });
    expect(store.exists("journal/1") && store.exists("journal/2")).toBe(true);
  });

  it.skipIf(!available)("compaction replaces what it covers by one snapshot and keeps what came after", () => {
    const db = connect();
    open.push(db);
    const store = new SqliteDocumentStore(db);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 20; i++) doc.getMap("m").set(`k${i}`, i);
    const seqs = updates.map((u) => store.append("journal/9", u));
    const snapshotAt = seqs[14]!;
    const stateThen = new Y.Doc();
    updates.slice(0, 15).forEach((u) => Y.applyUpdate(stateThen, u));
    store.compact("journal/9", Y.encodeStateAsUpdate(stateThen), snapshotAt);
    const loaded = store.load("journal/9");
    expect(loaded.updatesSinceSnapshot).toBe(5);
    expect(loaded.lastSeq).toBe(seqs[19]);
    expect(replay(loaded.updates)).toEqual(doc.getMap("m").toJSON());
  });
});
