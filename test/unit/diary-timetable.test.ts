/** D1: a diary stores the timetable packed and a note only for lessons that carry something; readers get whole lessons back. */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { diaryLessonsMap, diaryTimetableMap, lessonNote, packTimetable, readDiaryLessons, unpackTimetable } from "../../shared/diary-schema.ts";

describe("diary timetable (D1)", () => {
  it("packs and unpacks lessons in order", () => {
    const lessons = [{ id: "17", date: "2026-09-01", slot: 1 }, { id: "l-2_b", date: "2026-09-03", slot: 6 }];
    expect(unpackTimetable(packTimetable(lessons))).toEqual(lessons);
    expect(unpackTimetable(packTimetable([]))).toEqual([]);
  });

  it("a lesson with nothing to show has no note; a topic, homework, file or substitute makes one", () => {
    const bare = { topic: "", homework: "", substituteName: null, attachments: [] };
    expect(lessonNote(bare)).toBeNull();
    expect(lessonNote({ ...bare, topic: "Дроби" })).toEqual({ topic: "Дроби" });
    expect(lessonNote({ ...bare, substituteName: "Петров П.П." })).toEqual({ substituteName: "Петров П.П." });
    expect(lessonNote({ ...bare, homework: "№ 5", attachments: [{ id: "a1", name: "задание.pdf", size: 10 }] })).toEqual({ homework: "№ 5", attachments: [{ id: "a1", name: "задание.pdf", size: 10 }] });
  });

  it("readDiaryLessons joins the timetable with the notes, and still reads a copy made before packing", () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      diaryTimetableMap(doc).set("p1", { subjectName: "Математика", lessons: packTimetable([{ id: "10", date: "2026-11-16", slot: 2 }, { id: "11", date: "2026-11-18", slot: 1 }]) });
      diaryLessonsMap(doc).set("p1:11", { topic: "Дроби", homework: "№ 12" });
      // schema 1 kept whole lessons in the same map
      (diaryLessonsMap(doc) as Y.Map<unknown>).set("p2:5", {
        pageId: "p2", lessonId: "5", subjectName: "История", date: "2026-11-17", slot: 3, topic: "Рим", homework: "", substituteName: null,
      });
    });
    const lessons = readDiaryLessons(doc);
    expect(lessons["p1:10"]).toEqual({ pageId: "p1", lessonId: "10", subjectName: "Математика", date: "2026-11-16", slot: 2, topic: "", homework: "", substituteName: null });
    expect(lessons["p1:11"]).toMatchObject({ date: "2026-11-18", slot: 1, topic: "Дроби", homework: "№ 12" });
    expect(lessons["p2:5"]).toMatchObject({ subjectName: "История", topic: "Рим" });
    expect(Object.keys(lessons).sort()).toEqual(["p1:10", "p1:11", "p2:5"]);
  });
});
