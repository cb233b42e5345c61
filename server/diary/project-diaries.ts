/**
 * Lifecycle step "project diaries": each student's diary is a document the
 * server makes from the accepted state of the journal pages. It never holds
 * another student's data and never a refused value: it is written only after
 * the journal change was accepted, from the journal's state after it.
 *
 * A projection reads the page's facts once (`PageView`) and then writes only
 * what differs from the diary's copy, so an unchanged value costs no update.
 */
import type * as Y from "yjs";
import { studentsMap, cellsMap, decodeCell, individualHomeworkField, lessonsMap, metaMap, parseCellKey, periodMarksMap, readLesson, readMeta, type CellEntry, type JournalMeta } from "../../shared/journal-schema.ts";
import {
  DIARY_SCHEMA_VERSION, diaryEntriesMap, diaryEntryKey, diaryLessonsMap, diaryPeriodMarksMap, diaryStudentMap, diaryTimetableMap, lessonNote, packTimetable,
  type DiaryEntry, type DiaryLessonNote, type DiaryTimetable,
} from "../../shared/diary-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { LiveJournal } from "../documents/live-document.ts";

export type NameOf = (userId: string) => string;

/** What every diary of a page is projected from, read once per projection. */
export interface PageView {
  journal: LiveJournal;
  meta: JournalMeta;
  /** Lazily packed: only lesson changes need it. */
  timetable(): DiaryTimetable;
}

/** Every accepted mark is projected, and the page's meta (rules included) rarely changes: read it once per change of it. */
const metas = new WeakMap<Y.Doc, JournalMeta | null>();
const watched = new WeakSet<Y.Doc>();
function metaOf(doc: Y.Doc): JournalMeta | null {
  if (metas.has(doc)) return metas.get(doc)!;
  if (!watched.has(doc)) {
    watched.add(doc);
    metaMap(doc).observeDeep(() => metas.delete(doc));
  }
  const meta = readMeta(doc);
  metas.set(doc, meta);
  return meta;
}

/**
 * `until` (ISO date) leaves out lessons after it: a former student's diary ends on the day it left (D5);
 * `from` leaves out lessons before the student came onto the page (enrolled later, moved into the group).
 */
export function pageView(journal: LiveJournal, until: string | null = null, from: string | null = null): PageView | null {
  const meta = metaOf(journal.doc);
  if (!meta) return null;
  let packed: DiaryTimetable | null = null;
  return {
    journal,
    meta,
    timetable() {
      if (packed === null) {
        const lessons: Array<{ id: string; date: string; slot: number }> = [];
        lessonsMap(journal.doc).forEach((l, id) => {
          const date = String(l.get("date") ?? "");
          if ((until === null || date <= until) && (from === null || date >= from)) lessons.push({ id, date, slot: Number(l.get("slot") ?? 0) });
        });
        lessons.sort((a, b) => (a.date === b.date ? a.slot - b.slot : a.date < b.date ? -1 : 1));
        packed = { subjectName: meta.subjectName, lessons: packTimetable(lessons) };
      }
      return packed;
    },
  };
}

/**
 * The days of a page a student's diary shows: from its `joinedOn` to the day
 * before its `leftOn` on the page's roster (a move between groups or classes),
 * and not past `cardUntil` (the day it left the school, D5). Null: no bounds.
 */
export function studentBounds(journal: LiveJournal, studentId: string, cardUntil: string | null = null): { from: string | null; until: string | null } {
  const entry = studentsMap(journal.doc).get(studentId);
  let until = cardUntil;
  if (entry?.leftOn) {
    const dayBefore = new Date(Date.parse(`${entry.leftOn}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    if (until === null || dayBefore < until) until = dayBefore;
  }
  return { from: entry?.joinedOn ?? null, until };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function entryOf(view: PageView, lessonId: string, cell: CellEntry, nameOf: NameOf): DiaryEntry | null {
  const lesson = lessonsMap(view.journal.doc).get(lessonId);
  if (!lesson) return null;
  const workType = cell.workType ? view.meta.rules.workTypes.find((w) => w.id === cell.workType) : undefined;
  return {
    pageId: view.meta.pageId,
    lessonId,
    subjectName: view.meta.subjectName,
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
export function projectCells(diary: Y.Doc, view: PageView, lessonIds: Iterable<string>, studentId: string, nameOf: NameOf): void {
  const entries = diaryEntriesMap(diary);
  const cells = cellsMap(view.journal.doc);
  diary.transact(() => {
    for (const lessonId of lessonIds) {
      const key = diaryEntryKey(view.meta.pageId, lessonId);
      const cell = decodeCell(cells.get(`${studentId}:${lessonId}`));
      const entry = cell ? entryOf(view, lessonId, cell, nameOf) : null;
      // A cell change always changes its value or time: no need to compare with the diary's copy.
      if (entry) entries.set(key, entry);
      else if (entries.has(key)) entries.delete(key);
    }
  }, ORIGIN.server);
}

/** J6, D1: period marks of one student. */
export function projectPeriodMarks(diary: Y.Doc, view: PageView, periodIds: Iterable<string>, studentId: string): void {
  const out = diaryPeriodMarksMap(diary);
  const marks = periodMarksMap(view.journal.doc);
  diary.transact(() => {
    for (const periodId of periodIds) {
      const key = diaryEntryKey(view.meta.pageId, periodId);
      const mark = decodeCell(marks.get(`${studentId}:${periodId}`));
      const period = view.meta.periods.find((p) => p.id === periodId);
      if (mark && period) {
        const next = { pageId: view.meta.pageId, periodId, subjectName: view.meta.subjectName, periodName: period.name, value: mark.value, at: mark.at };
        if (!sameJson(out.get(key), next)) out.set(key, next);
      } else if (out.has(key)) out.delete(key);
    }
  }, ORIGIN.server);
}

/**
 * D1: the lessons for the week view: the page's timetable (packed, rewritten
 * only when it changed) and the note of each given lesson (topic, homework,
 * files, substitute, and this student's own homework, J2), kept only while
 * the lesson carries one.
 */
export function projectLessons(diary: Y.Doc, view: PageView, lessonIds: Iterable<string>, studentId: string): void {
  const notes = diaryLessonsMap(diary);
  const timetables = diaryTimetableMap(diary);
  diary.transact(() => {
    const timetable = view.timetable();
    if (!sameJson(timetables.get(view.meta.pageId), timetable)) timetables.set(view.meta.pageId, timetable);
    for (const lessonId of lessonIds) {
      const lesson = lessonsMap(view.journal.doc).get(lessonId);
      const key = diaryEntryKey(view.meta.pageId, lessonId);
      const own = lesson?.get(individualHomeworkField(studentId));
      const note: DiaryLessonNote | null = lesson ? lessonNote(readLesson(lessonId, lesson), typeof own === "string" ? own.trim() : "") : null;
      if (note) {
        if (!sameJson(notes.get(key), note)) notes.set(key, note);
      } else if (notes.has(key)) notes.delete(key);
    }
  }, ORIGIN.server);
}

function idsOfStudent(map: Y.Map<unknown>, studentId: string): string[] {
  const ids: string[] = [];
  map.forEach((_v, key) => {
    const parsed = parseCellKey(key);
    if (parsed && parsed.studentId === studentId) ids.push(parsed.lessonId);
  });
  return ids;
}

/** The student's card as the diary shows it: rewritten only when the school's records changed it (A3). */
export function diaryCardDiffers(diary: Y.Doc, card: { fullName: string; className: string }): boolean {
  const student = diaryStudentMap(diary) as Y.Map<unknown>;
  return student.get("fullName") !== card.fullName || student.get("className") !== card.className;
}

export function syncDiaryCard(diary: Y.Doc, card: { fullName: string; className: string }): void {
  if (!diaryCardDiffers(diary, card)) return;
  const student = diaryStudentMap(diary) as Y.Map<unknown>;
  diary.transact(() => {
    student.set("fullName", card.fullName);
    student.set("className", card.className);
  }, ORIGIN.server);
}

/** Empties a diary made under an older schema, so `buildDiary` can make it anew. */
export function clearDiary(diary: Y.Doc): void {
  diary.transact(() => {
    for (const map of [diaryEntriesMap(diary), diaryPeriodMarksMap(diary), diaryLessonsMap(diary), diaryTimetableMap(diary)] as Array<Y.Map<unknown>>) {
      for (const key of [...map.keys()]) map.delete(key);
    }
  }, ORIGIN.server);
}

export function diaryIsCurrent(diary: Y.Doc): boolean {
  return (diaryStudentMap(diary) as Y.Map<unknown>).get("schema") === DIARY_SCHEMA_VERSION;
}

/** A new diary: the student's card and every entry of the class's pages. */
export function buildDiary(
  diary: Y.Doc, studentId: string, card: { fullName: string; className: string; leftOn?: string | null }, journals: LiveJournal[], nameOf: NameOf,
): void {
  const until = card.leftOn ?? null;
  diary.transact(() => {
    const student = diaryStudentMap(diary) as Y.Map<unknown>;
    student.set("studentId", studentId);
    student.set("fullName", card.fullName);
    student.set("className", card.className);
    student.set("schema", DIARY_SCHEMA_VERSION);
    const views = journals.map((j) => pageView(j, until)).filter((v): v is PageView => v !== null);
    if (views.length > 0) {
      student.set("periods", views[0]!.meta.periods);
      student.set("periodKind", views[0]!.meta.rules.periodKind);
    }
    projectPages(diary, studentId, views.map((v) => v.journal), until, nameOf);
  }, ORIGIN.server);
}

/**
 * Everything of the given pages for one student, each within the student's
 * time on it: after a move between groups or classes, the pages the student
 * is now on appear whole, the ones it left stop where it left them.
 */
export function projectPages(diary: Y.Doc, studentId: string, journals: LiveJournal[], cardUntil: string | null, nameOf: NameOf): void {
  diary.transact(() => {
    for (const journal of journals) {
      if (!studentsMap(journal.doc).has(studentId)) continue;
      const { from, until } = studentBounds(journal, studentId, cardUntil);
      const view = pageView(journal, until, from);
      if (!view) continue;
      const lessonIds: string[] = [];
      lessonsMap(view.journal.doc).forEach((l, id) => {
        const date = String(l.get("date") ?? "");
        if ((until === null || date <= until) && (from === null || date >= from)) lessonIds.push(id);
      });
      projectLessons(diary, view, lessonIds, studentId);
      projectCells(diary, view, idsOfStudent(cellsMap(view.journal.doc) as Y.Map<unknown>, studentId), studentId, nameOf);
      projectPeriodMarks(diary, view, idsOfStudent(periodMarksMap(view.journal.doc) as Y.Map<unknown>, studentId), studentId);
    }
  }, ORIGIN.server);
}
