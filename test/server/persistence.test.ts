/**
 * Issue 2 flow 6: every accepted update is in SQLite before anyone hears of
 * it, so a kill -9 loses nothing; documents are compacted into snapshots.
 */
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../support/store.ts";
import { join } from "node:path";
import { makeDataDir, removeDataDir, startServer, type ServerProcess } from "../support/server-process.ts";
import { me, openDoc, setRules, signIn, until } from "../support/clients.ts";
import { entry, pastLessons } from "../support/journal-fixtures.ts";
import { TEST_TODAY } from "../support/server-process.ts";
import { cellKey, cellsMap, readCell, readRoster } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";

const dataDir = makeDataDir();
let server: ServerProcess | null = null;
afterAll(async () => {
  await server?.stop();
  removeDataDir(dataDir);
});

describe("persistence across a crash (C1, J11)", () => {
  it("a restart after kill -9 keeps every mark the server had passed on, and compaction keeps them too", async () => {
    server = await startServer(dataDir);
    await setRules(server.url, { editWindowDays: 30 });
    const cookie = await signIn(server.url, "ivanova");
    const profile = await me(server.url, cookie);
    const page = profile.pages.find((p) => p.subjectName === "Математика" && p.className === "5А")!;
    const writer = openDoc(server.url, cookie, page.docName);
    const watcher = openDoc(server.url, await signIn(server.url, "director"), page.docName);
    await Promise.all([writer.synced(), watcher.synced()]);

    const students = readRoster(writer.doc);
    const lessons = pastLessons(writer.doc, TEST_TODAY, 10);
    expect(lessons.length).toBe(10);
    const expected = new Map<string, string>();
    const marks = ["2", "3", "4", "5", "Н"];
    // 400 separate updates: more than the compaction threshold, so a snapshot is written on the way.
    for (let i = 0; i < 400; i++) {
      const key = cellKey(students[i % students.length]!.id, lessons[Math.floor(i / students.length) % lessons.length]!.id);
      // Each round over the 120 cells writes another value, so the last round is observable.
      const value = marks[(i + Math.floor(i / 120)) % marks.length]!;
      writer.doc.transact(() => cellsMap(writer.doc).set(key, entry(value, profile.user.id, server!.now())), ORIGIN.local);
      expected.set(key, value);
    }
    // The watcher only hears of an update after the server stored it.
    await until(() => [...expected].every(([k, v]) => readCell(watcher.doc, k)?.value === v), "watcher saw every mark", 30_000);
    // Compaction runs between batches of edits, once they are stored: it may follow the last broadcast.
    const snapshotsOf = (name: string) => {
      const store = openStore(server!, { readonly: true });
      try {
        return (store.prepare("SELECT COUNT(*) AS n FROM doc_snapshots WHERE doc_name = ?").get(name) as { n: number }).n;
      } finally {
        store.close();
      }
    };
    await until(() => snapshotsOf(page.docName) === 1, "a snapshot was written on the way", 30_000);
    writer.destroy();
    watcher.destroy();

    await server.kill();
    const db = openStore(server!, { readonly: true });
    const snapshots = db.prepare("SELECT COUNT(*) AS n FROM doc_snapshots WHERE doc_name = ?").get(page.docName) as { n: number };
    const audited = db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE doc_name = ? AND decision = 'accepted'").get(page.docName) as { n: number };
    db.close();
    expect(snapshots.n).toBe(1);
    expect(audited.n).toBe(400);

    server = await startServer(dataDir);
    const reader = openDoc(server.url, await signIn(server.url, "ivanova"), page.docName);
    await reader.synced();
    for (const [k, v] of expected) expect(readCell(reader.doc, k)?.value).toBe(v);
    expect(server.output()).not.toContain("Created the demo school");
    reader.destroy();
  });
});
