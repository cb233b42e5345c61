/**
 * The Yjs schema of a diary: one student's projection of every journal page
 * that student is on, made by the server and never written by a client.
 *   student      Y.Map  { studentId, fullName, className }
 *   entries      Y.Map  diaryEntryKey(pageId, lessonId) -> DiaryEntry
 *   periodMarks  Y.Map  diaryEntryKey(pageId, periodId) -> DiaryPeriodMark
 *   lessons      Y.Map  diaryEntryKey(pageId, lessonId) -> DiaryLesson (the timetable, topics, homework)
 *   student also holds `periods` (Period[]) and `periodKind`, for the subject view (D3).
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

export function diaryLessonsMap(doc: Y.Doc): Y.Map<DiaryLesson> {
  return doc.getMap("lessons");
}

export function readDiaryEntries(doc: Y.Doc): DiaryEntry[] {
  return [...diaryEntriesMap(doc).values()].sort((a, b) =>
    a.date === b.date ? a.slot - b.slot : a.date < b.date ? -1 : 1,
  );
}
