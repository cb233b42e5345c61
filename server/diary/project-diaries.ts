/**
 * Lifecycle step "project diaries": each student's diary is a document the
 * server makes from the accepted state of the journal pages. It never holds
 * another student's data and never a refused value: it is written only after
 * the journal change was accepted, from the journal's state after it.
 */
import type * as Y from "yjs";
import { cellsMap, lessonsMap, parseCellKey, periodMarksMap, readAttachments, readMeta, type CellEntry } from "../../shared/journal-schema.ts";
import { diaryEntriesMap, diaryEntryKey, diaryLessonsMap, diaryPeriodMarksMap, diaryStudentMap, type DiaryEntry, type DiaryLesson } from "../../shared/diary-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { LiveJournal } from "../documents/live-document.ts";

export type NameOf = (userId: string) => string;

function entryOf(journal: Y.Doc, lessonId: string, cell: CellEntry, nameOf: NameOf): DiaryEntry | null {
  const meta = readMeta(journal);
  const lesson = lessonsMap(journal).get(lessonId);
  if (!meta || !lesson) return null;
  const workType = cell.workType ? meta.rules.workTypes.find((w) => w.id === cell.workType) : undefined;
  return {
    pageId: meta.pageId,
    lessonId,
    subjectName: meta.subjectName,
    date: String(lesson.get("date")),
    slot: Number(lesson.get("slot")),
    value: cell.value,
    at: cell.at,
    workType: workType?.name ?? null,
    weight: workType?.weight ?? null,
    byName: nameOf(cell.by),
  };
}

/** Writes the journal's current value of one student's cells into that student's diary. */
export function projectCells(diary: Y.Doc, journal: LiveJournal, lessonIds: Iterable<string>, studentId: string, nameOf: NameOf): void {
  const entries = diaryEntriesMap(diary);
  const cells = cellsMap(journal.doc);
  diary.transact(() => {
    for (const lessonId of lessonIds) {
      const key = diaryEntryKey(journal.ref.pageId, lessonId);
      const cell = cells.get(`${studentId}:${lessonId}`);
      const entry = cell ? entryOf(journal.doc, lessonId, cell, nameOf) : null;
      if (entry) entries.set(key, entry);
      else if (entries.has(key)) entries.delete(key);
    }
  }, ORIGIN.server);
}

/** J6, D1: period marks of one student. */
export function projectPeriodMarks(diary: Y.Doc, journal: LiveJournal, periodIds: Iterable<string>, studentId: string): void {
  const meta = readMeta(journal.doc);
  if (!meta) return;
  const out = diaryPeriodMarksMap(diary);
  diary.transact(() => {
    for (const periodId of periodIds) {
      const key = diaryEntryKey(journal.ref.pageId, periodId);
      const mark = periodMarksMap(journal.doc).get(`${studentId}:${periodId}`);
      const period = meta.periods.find((p) => p.id === periodId);
      if (mark && period) {
        out.set(key, { pageId: meta.pageId, periodId, subjectName: meta.subjectName, periodName: period.name, value: mark.value, at: mark.at });
      } else if (out.has(key)) out.delete(key);
    }
  }, ORIGIN.server);
}

/** D1: the lessons themselves (date, slot, topic, homework), for the week view. */
export function projectLessons(diary: Y.Doc, journal: LiveJournal, lessonIds: Iterable<string>): void {
  const meta = readMeta(journal.doc);
  if (!meta) return;
  const out = diaryLessonsMap(diary);
  diary.transact(() => {
    for (const lessonId of lessonIds) {
      const lesson = lessonsMap(journal.doc).get(lessonId);
      const key = diaryEntryKey(meta.pageId, lessonId);
      if (!lesson) {
        if (out.has(key)) out.delete(key);
        continue;
      }
      const next: DiaryLesson = {
        pageId: meta.pageId, lessonId, subjectName: meta.subjectName, date: String(lesson.get("date")), slot: Number(lesson.get("slot")),
        topic: String(lesson.get("topic") ?? ""), homework: String(lesson.get("homework") ?? ""), substituteName: (lesson.get("substituteName") as string | undefined) ?? null,
      };
      // Most lessons have no files: leave the field out rather than store an empty list in every diary.
      const attachments = readAttachments(lesson);
      if (attachments.length > 0) next.attachments = attachments;
      if (JSON.stringify(out.get(key)) !== JSON.stringify(next)) out.set(key, next);
    }
  }, ORIGIN.server);
}

function idsOfStudent(map: Y.Map<CellEntry>, studentId: string): string[] {
  const ids: string[] = [];
  map.forEach((_v, key) => {
    const parsed = parseCellKey(key);
    if (parsed && parsed.studentId === studentId) ids.push(parsed.lessonId);
  });
  return ids;
}

/** A new diary: the student's card and every entry of the class's pages. */
export function buildDiary(diary: Y.Doc, studentId: string, card: { fullName: string; className: string }, journals: LiveJournal[], nameOf: NameOf): void {
  diary.transact(() => {
    const student = diaryStudentMap(diary);
    student.set("studentId", studentId);
    student.set("fullName", card.fullName);
    student.set("className", card.className);
    const meta = journals.length > 0 ? readMeta(journals[0]!.doc) : null;
    if (meta) {
      (student as Y.Map<unknown>).set("periods", meta.periods);
      (student as Y.Map<unknown>).set("periodKind", meta.rules.periodKind);
    }
    for (const journal of journals) {
      projectLessons(diary, journal, [...lessonsMap(journal.doc).keys()]);
      projectCells(diary, journal, idsOfStudent(cellsMap(journal.doc), studentId), studentId, nameOf);
      projectPeriodMarks(diary, journal, idsOfStudent(periodMarksMap(journal.doc), studentId), studentId);
    }
  }, ORIGIN.server);
}
