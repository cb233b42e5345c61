/**
 * Group commit (issue 8) keeps the promise of issue 9: nothing leaves the
 * server before it is durable. When the store refuses a batch, no peer and no
 * diary ever shows its edits, and the author, whose socket is closed, resends
 * the edit on reconnecting once the store works again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { join } from "node:path";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { entry, lessonOn } from "../support/journal-fixtures.ts";
import { me, openDoc, signIn, until, type DocClient } from "../support/clients.ts";
import { cellKey, cellsMap, readCell, readRoster } from "../../shared/journal-schema.ts";
import { diaryEntriesMap, diaryEntryKey } from "../../shared/diary-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { PageSummary } from "../../shared/api.ts";

let server: ServerProcess;
let page: PageSummary;
let teacher: string;
let teacherId: string;
const clients: DocClient[] = [];

beforeAll(async () => {
  server = await startServer();
  teacher = await signIn(server.url, "ivanova");
  const profile = await me(server.url, teacher);
  teacherId = profile.user.id;
  page = profile.pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
});
afterAll(() => stopServer(server, clients));

function open(cookie: string, docName: string): DocClient {
  const c = openDoc(server.url, cookie, docName);
  clients.push(c);
  return c;
}

/** A second connection to the server's own SQLite file, as a failing disk would be seen by it. */
function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(join(server.dataDir, "journal.sqlite"));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe("group commit: durable before visible (issue 8, issue 9)", () => {
  it("J9/D2: a batch the store refuses is seen by no peer and no diary; the author's edit is stored once the store works", async () => {
    const author = open(teacher, page.docName);
    const colleague = open(await signIn(server.url, "director"), page.docName);
    await Promise.all([author.synced(), colleague.synced()]);
    const student = readRoster(author.doc)[4]!;
    const lesson = lessonOn(author.doc, TEST_TODAY)!;
    const key = cellKey(student.id, lesson.id);
    const diary = open(teacher, `diary/${student.id}`);
    await diary.synced();
    const seenByColleague: unknown[] = [];
    cellsMap(colleague.doc).observe(() => seenByColleague.push(readCell(colleague.doc, key)?.value ?? null));
    const seenInDiary: unknown[] = [];
    diaryEntriesMap(diary.doc).observe(() => seenInDiary.push(diaryEntriesMap(diary.doc).get(diaryEntryKey(page.pageId, lesson.id))?.value ?? null));

    withDb((db) => db.exec("CREATE TRIGGER refuse_updates BEFORE INSERT ON doc_updates BEGIN SELECT RAISE(ABORT, 'disk full'); END;"));
    let closes = 0;
    author.provider.on("connection-close", () => closes++);
    author.doc.transact(() => cellsMap(author.doc).set(key, entry("3", teacherId, server.now())), ORIGIN.local);
    await until(() => closes > 0, "the author's socket is closed");
    await until(() => server.output().includes("disk full"), "the failure is logged");
    expect(seenByColleague).not.toContain("3");
    expect(seenInDiary).not.toContain("3");

    withDb((db) => db.exec("DROP TRIGGER refuse_updates"));
    await until(() => readCell(colleague.doc, key)?.value === "3", "the colleague sees the resent edit", 20_000);
    await until(() => seenInDiary.includes("3"), "the diary shows it");
    const audited = withDb((db) => db.prepare("SELECT decision FROM audit_log WHERE target = ? ORDER BY id").all(key) as Array<{ decision: string }>);
    expect(audited.map((r) => r.decision)).toEqual(["accepted"]);
  });
});
