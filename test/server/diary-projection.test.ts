/**
 * D1, D2: diaries are projections made by the server. A diary stored under an
 * older shape is rebuilt when loaded; lessons reach it as a packed timetable,
 * with a note only where there is something to show. Real SQLite store, the
 * real registry and projection, in this process.
 */
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Y from "yjs";
import { openSqliteDatabase } from "../../server/storage/sqlite-database.ts";
import { SqliteDocumentStore } from "../../server/storage/sqlite-document-store.ts";
import { SchoolRepository } from "../../server/storage/school-repository.ts";
import { createDocumentRegistry } from "../../server/documents/document-registry.ts";
import { seedDemoSchool } from "../../server/seed/demo-school.ts";
import { diaryDocName } from "../../shared/doc-names.ts";
import { DIARY_SCHEMA_VERSION, diaryLessonsMap, diaryStudentMap, diaryTimetableMap, readDiaryLessons } from "../../shared/diary-schema.ts";
import { lessonsMap, readLessons } from "../../shared/journal-schema.ts";
import { pageView, projectLessons } from "../../server/diary/project-diaries.ts";
import { ORIGIN } from "../../shared/origins.ts";
import { TEST_NOW } from "../support/server-process.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openSchool() {
  const dir = mkdtempSync(join(tmpdir(), "zhurnal-diary-"));
  dirs.push(dir);
  const db = openSqliteDatabase(join(dir, "journal.sqlite"));
  seedDemoSchool(db, new Date(TEST_NOW), "not-a-real-hash");
  const school = new SchoolRepository(db);
  const store = new SqliteDocumentStore(db);
  return { db, school, store, registry: createDocumentRegistry(store, school) };
}

describe("diary projection (D1)", () => {
  it("D1: every lesson of the class's pages is in the diary's timetable; only lessons with a topic or homework have a note", () => {
    const { db, school, registry } = openSchool();
    const studentId = String((db.prepare("SELECT id FROM students ORDER BY id LIMIT 1").get() as { id: number }).id);
    const diary = registry.diary(studentId)!;
    const card = school.studentCard(studentId)!;
    const journals = school.pageIdsOfClass(card.classId).map((id) => registry.journal(id)!);
    const expected = journals.flatMap((j) => readLessons(j.doc).map((l) => ({ key: `${j.ref.pageId}:${l.id}`, lesson: l })));
    const lessons = readDiaryLessons(diary.doc);
    expect(Object.keys(lessons).sort()).toEqual(expected.map((e) => e.key).sort());
    for (const { key, lesson } of expected) expect(lessons[key]).toMatchObject({ date: lesson.date, slot: lesson.slot, topic: lesson.topic, homework: lesson.homework });
    const withContent = expected.filter((e) => e.lesson.topic !== "" || e.lesson.homework !== "" || e.lesson.substituteName || e.lesson.attachments.length > 0);
    expect(diaryLessonsMap(diary.doc).size).toBe(withContent.length);
    expect(diaryTimetableMap(diary.doc).size).toBe(journals.length);
    registry.closeAll();
    db.close();
  });

  it("D2: a diary stored under the older shape is rebuilt on load, keeping nothing of the old copy", () => {
    const { db, school, store, registry } = openSchool();
    const studentId = String((db.prepare("SELECT id FROM students ORDER BY id LIMIT 1").get() as { id: number }).id);
    const pageId = school.pageIdsOfClass(school.studentCard(studentId)!.classId)[0]!;
    const old = new Y.Doc();
    old.transact(() => {
      diaryStudentMap(old).set("fullName", "old copy");
      (diaryLessonsMap(old) as Y.Map<unknown>).set(`${pageId}:stale`, { pageId, lessonId: "stale", subjectName: "?", date: "2026-09-01", slot: 1, topic: "", homework: "", substituteName: null });
    }, ORIGIN.server);
    store.append(diaryDocName(studentId), Y.encodeStateAsUpdate(old));

    const diary = registry.diary(studentId)!;
    const student = diaryStudentMap(diary.doc) as Y.Map<unknown>;
    expect(student.get("schema")).toBe(DIARY_SCHEMA_VERSION);
    expect(student.get("fullName")).toBe(school.studentCard(studentId)!.fullName);
    expect(diaryLessonsMap(diary.doc).has(`${pageId}:stale`)).toBe(false);
    expect(diaryTimetableMap(diary.doc).has(pageId)).toBe(true);
    registry.closeAll();

    // Stored rebuilt: a fresh registry finds it current and leaves it as it is.
    const again = createDocumentRegistry(store, school).diary(studentId)!;
    expect(Y.encodeStateVector(again.doc)).toEqual(Y.encodeStateVector(diary.doc));
    db.close();
  });

  it("D1: a lesson gets a note when it gets a topic and loses it when emptied, staying in the timetable", () => {
    const { db, school, registry } = openSchool();
    const studentId = String((db.prepare("SELECT id FROM students ORDER BY id LIMIT 1").get() as { id: number }).id);
    const diary = registry.diary(studentId)!;
    const journal = registry.journal(school.pageIdsOfClass(school.studentCard(studentId)!.classId)[0]!)!;
    const lesson = readLessons(journal.doc).find((l) => l.topic === "" && l.homework === "")!;
    const key = `${journal.ref.pageId}:${lesson.id}`;
    const project = () => projectLessons(diary.doc, pageView(journal)!, [lesson.id], studentId);
    const write = (topic: string) => journal.doc.transact(() => lessonsMap(journal.doc).get(lesson.id)!.set("topic", topic), ORIGIN.server);

    write("Сложение дробей с разными знаменателями");
    project();
    expect(diaryLessonsMap(diary.doc).get(key)).toEqual({ topic: "Сложение дробей с разными знаменателями" });
    expect(readDiaryLessons(diary.doc)[key]).toMatchObject({ date: lesson.date, slot: lesson.slot, topic: "Сложение дробей с разными знаменателями" });

    write("");
    project();
    expect(diaryLessonsMap(diary.doc).has(key)).toBe(false);
    expect(readDiaryLessons(diary.doc)[key]).toMatchObject({ date: lesson.date, topic: "" });
    registry.closeAll();
    db.close();
  });

  it("D5: a diary first made after its student left ends on the day the student left", () => {
    const { db, registry } = openSchool();
    const studentId = String((db.prepare("SELECT id FROM students ORDER BY id LIMIT 1").get() as { id: number }).id);
    db.prepare("UPDATE students SET left_on = ? WHERE id = ?").run("2026-10-01", studentId);
    const diary = registry.get(`diary/${studentId}`)!;
    const dates = Object.values(readDiaryLessons(diary.doc)).map((l) => l.date);
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((d) => d <= "2026-10-01")).toBe(true);
    registry.closeAll();
    db.close();
  });
});
