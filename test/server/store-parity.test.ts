/**
 * Issue 10: both storage back-ends give identical results. The same morning
 * (accepted marks, a refused one, a period mark, a topic) is played against a
 * server on SQLite and a server on PostgreSQL; what each then shows and
 * stores (the page, a diary, the audit log, the class report) is the same.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDataDir, removeDataDir, startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { POSTGRES_AVAILABLE, databaseFor, startPostgres, type PostgresProcess } from "../support/postgres-server.ts";
import { openStore } from "../support/store.ts";
import { call, me, openDoc, signIn, until } from "../support/clients.ts";
import { entry, lessonOn } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, lessonsMap, periodMarksMap, readCell, readMeta, readRoster } from "../../shared/journal-schema.ts";
import { diaryEntriesMap } from "../../shared/diary-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";

let ownPostgres: PostgresProcess | null = null;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  if (!POSTGRES_AVAILABLE) return;
  let base = process.env.JOURNAL_TEST_PG;
  if (!base) base = (ownPostgres = await startPostgres()).base;
  const sqliteDir = makeDataDir();
  const pgDir = makeDataDir();
  // An empty DATABASE_URL means SQLite, whichever project runs this file.
  servers.push(await startServer(sqliteDir, { DATABASE_URL: "" }));
  servers.push(await startServer(pgDir, { DATABASE_URL: databaseFor(base, pgDir) }));
}, 120_000);

afterAll(async () => {
  for (const s of servers) {
    await s.stop();
    removeDataDir(s.dataDir);
  }
  await ownPostgres?.stop();
});

/** Plays the morning on one server and returns what it shows and stores, without times. */
async function morning(server: ServerProcess) {
  const teacher = await signIn(server.url, "ivanova");
  const profile = await me(server.url, teacher);
  const page = profile.pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
  const writer = openDoc(server.url, teacher, page.docName);
  await writer.synced();
  const roster = readRoster(writer.doc);
  const today = lessonOn(writer.doc, TEST_TODAY)!;
  const q2 = readMeta(writer.doc)!.periods.find((p) => p.start <= TEST_TODAY && TEST_TODAY <= p.end)!;
  const by = profile.user.id;
  writer.doc.transact(() => {
    cellsMap(writer.doc).set(cellKey(roster[0]!.id, today.id), entry("5", by, server.now()));
    cellsMap(writer.doc).set(cellKey(roster[1]!.id, today.id), entry("4", by, server.now()));
    cellsMap(writer.doc).set(cellKey(roster[2]!.id, today.id), entry("Н", by, server.now()));
    cellsMap(writer.doc).set(cellKey(roster[3]!.id, today.id), entry("7", by, server.now()));
    periodMarksMap(writer.doc).set(cellKey(roster[0]!.id, q2.id), { value: "5", at: server.now(), by });
    lessonsMap(writer.doc).get(today.id)!.set("topic", "Сложение дробей");
  }, ORIGIN.local);
  await until(() => writer.notices.length > 0 && !cellsMap(writer.doc).has(cellKey(roster[3]!.id, today.id)), "the refusal and its compensation");
  writer.destroy();

  const reader = openDoc(server.url, await signIn(server.url, "director"), page.docName);
  await reader.synced();
  const cells = Object.fromEntries([...cellsMap(reader.doc).keys()].sort().map((k) => [k, readCell(reader.doc, k)?.value]));
  const periodMarks = Object.fromEntries([...periodMarksMap(reader.doc).entries()].map(([k, v]) => [k, (v as { value: string }).value]));
  const topic = lessonsMap(reader.doc).get(today.id)?.get("topic");
  reader.destroy();

  const diary = openDoc(server.url, teacher, `diary/${roster[0]!.id}`);
  await diary.synced();
  await until(() => [...diaryEntriesMap(diary.doc).values()].some((e) => e.value === "5"), "the diary has the mark");
  const diaryValues = [...diaryEntriesMap(diary.doc).entries()].map(([k, e]) => `${k}=${e.value}`).sort();
  diary.destroy();

  const report = await call(server.url, teacher, "GET", `/api/reports/class?classId=${profile.user.classTeacherOf[0]}&periodId=${q2.id}`);
  const db = openStore(server, { readonly: true });
  const audit = db.prepare("SELECT doc_name, target, old_value, new_value, decision, reason FROM audit_log ORDER BY id").all();
  db.close();
  return { notices: writer.notices.map((n) => ({ ...n, serverTime: "(time)" })), cells, periodMarks, topic, diaryValues, report, audit };
}

describe.skipIf(!POSTGRES_AVAILABLE)("SQLite and PostgreSQL give identical results (issue 10)", () => {
  it("J3, D1, Rep1: the same edits show, project, audit and report alike on both back-ends", async () => {
    const [onSqlite, onPostgres] = [await morning(servers[0]!), await morning(servers[1]!)];
    expect(servers[0]!.databaseUrl).toBeFalsy();
    expect(servers[1]!.databaseUrl).toMatch(/^postgres:/);
    // Something was written, refused and reported (so equal is not equal-and-empty).
    expect(Object.values(onSqlite.cells)).toEqual(expect.arrayContaining(["5", "4", "Н"]));
    expect(onSqlite.audit).toContainEqual(expect.objectContaining({ decision: "rejected", reason: "invalid-value" }));
    expect(onSqlite.report.status).toBe(200);
    expect(onPostgres).toEqual(onSqlite);
  });
});
