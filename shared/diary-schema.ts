/**
 * The Yjs schema of a diary: one student's projection of every journal page
 * that student is on, made by the server and never written by a client.
 *   student      Y.Map  { studentId, fullName, className }
 *   entries      Y.Map  diaryEntryKey(pageId, lessonId) -> DiaryEntry
 *   periodMarks  Y.Map  diaryEntryKey(pageId, periodId) -> DiaryPeriodMark
 *   timetable    Y.Map  pageId -> DiaryTimetable (subject and every lesson's date and slot, packed)
 *   lessons      Y.Map  diaryEntryKey(pageId, lessonId) -> DiaryLessonNote, only for lessons
 *                       that carry something (topic, homework, files, a substitute)
 *   student also holds `periods` (Period[]), `periodKind`, for the subject view (D3), and
 *   `schema` (DIARY_SCHEMA_VERSION): a diary made under another version is rebuilt.
 *
 * A year's timetable is ~2,000 lessons per student, most of them still empty:
 * one packed string per page instead of one map entry per lesson keeps a
 * diary small in the server's memory and on the wire. `readDiaryLessons`
 * gives readers the whole lessons back.
 */
import * as Y from "yjs";
import type { AttachmentRef } from "./journal-schema.ts";

export interface DiaryEntry {
  pageId: string;
  lessonId: string;
  subjectName: string;
  date: string;
  slot: number;
  value: string;
  /** Author's clock of the journal entry. */
  at: number;
  /** J5: the work type's name and weight, for marks. */
  workType: string | null;
  weight: number | null;
  /** R6: who entered it (a substitute shows here). */
  byName: string;
}

export interface DiaryPeriodMark {
  pageId: string;
  periodId: string;
  subjectName: string;
  periodName: string;
  value: string;
  at: number;
}

export interface DiaryLesson {
  pageId: string;
  lessonId: string;
  subjectName: string;
  date: string;
  slot: number;
  topic: string;
  homework: string;
  substituteName: string | null;
  /** Files for the homework (J2); older diaries may lack the field. */
  attachments?: AttachmentRef[];
  /**
   * J2: homework for this student only (the journal lesson's `hw:<studentId>`
   * field), in this student's diary and no other; absent when there is none.
   */
  individualHomework?: string;
}

/** Bumped when the stored shape changes; the server rebuilds older diaries. */
export const DIARY_SCHEMA_VERSION = 2;

/** One page's lessons as the diary stores them. */
export interface DiaryTimetable {
  subjectName: string;
  /** `lessonId,date,slot` per lesson, joined by `;` (ids and dates never contain either). */
  lessons: string;
}

/** What a lesson carries beyond its place in the timetable; absent fields are empty. */
export interface DiaryLessonNote {
  topic?: string;
  homework?: string;
  /** J2: homework for this diary's student only. */
  individualHomework?: string;
  substituteName?: string;
  attachments?: AttachmentRef[];
}

export function packTimetable(lessons: Iterable<{ id: string; date: string; slot: number }>): string {
  const parts: string[] = [];
  for (const l of lessons) parts.push(`${l.id},${l.date},${l.slot}`);
  return parts.join(";");
}

export function unpackTimetable(packed: string): Array<{ id: string; date: string; slot: number }> {
  if (packed === "") return [];
  return packed.split(";").map((part) => {
    const [id = "", date = "", slot = "0"] = part.split(",");
    return { id, date, slot: Number(slot) };
  });
}

/** The note of a lesson, or null when it carries nothing a family needs to see. */
export function lessonNote(
  lesson: { topic: string; homework: string; substituteName: string | null; attachments: AttachmentRef[] }, individualHomework = "",
): DiaryLessonNote | null {
  const note: DiaryLessonNote = {};
  if (lesson.topic !== "") note.topic = lesson.topic;
  if (lesson.homework !== "") note.homework = lesson.homework;
  if (individualHomework !== "") note.individualHomework = individualHomework;
  if (lesson.substituteName) note.substituteName = lesson.substituteName;
  if (lesson.attachments.length > 0) note.attachments = lesson.attachments;
  return Object.keys(note).length > 0 ? note : null;
}

export function diaryTimetableMap(doc: Y.Doc): Y.Map<DiaryTimetable> {
  return doc.getMap("timetable");
}

export function diaryEntryKey(pageId: string, lessonId: string): string {
  return `${pageId}:${lessonId}`;
}

export function diaryStudentMap(doc: Y.Doc): Y.Map<string> {
  return doc.getMap("student");
}

export function diaryEntriesMap(doc: Y.Doc): Y.Map<DiaryEntry> {
  return doc.getMap("entries");
}

export function diaryPeriodMarksMap(doc: Y.Doc): Y.Map<DiaryPeriodMark> {
  return doc.getMap("periodMarks");
}

export function diaryLessonsMap(doc: Y.Doc): Y.Map<DiaryLessonNote> {
  return doc.getMap("lessons");
}

function isOldLesson(v: unknown): v is DiaryLesson {
  return typeof v === "object" && v !== null && typeof (v as DiaryLesson).date === "string" && typeof (v as DiaryLesson).pageId === "string";
}

/** Every lesson of the diary, timetable and notes joined, by diaryEntryKey. */
export function readDiaryLessons(doc: Y.Doc): Record<string, DiaryLesson> {
  const notes = diaryLessonsMap(doc);
  const out: Record<string, DiaryLesson> = {};
  diaryTimetableMap(doc).forEach((page, pageId) => {
    if (typeof page?.lessons !== "string") return;
    for (const { id, date, slot } of unpackTimetable(page.lessons)) {
      const key = diaryEntryKey(pageId, id);
      const note = notes.get(key) ?? {};
      out[key] = {
        pageId, lessonId: id, subjectName: page.subjectName, date, slot,
        topic: note.topic ?? "", homework: note.homework ?? "", substituteName: note.substituteName ?? null,
        ...(note.attachments ? { attachments: note.attachments } : {}),
        ...(note.individualHomework ? { individualHomework: note.individualHomework } : {}),
      };
    }
  });
  // A copy made before the timetable was packed (schema 1) stored whole lessons.
  notes.forEach((v, key) => {
    if (!(key in out) && isOldLesson(v)) out[key] = v;
  });
  return out;
}

export function readDiaryEntries(doc: Y.Doc): DiaryEntry[] {
  return [...diaryEntriesMap(doc).values()].sort((a, b) =>
    a.date === b.date ? a.slot - b.slot : a.date < b.date ? -1 : 1,
  );
}
