/**
 * Every report, printout and archive reads a journal page through this
 * module: the one place that knows how cells are stored in the document, so
 * a change of the cell encoding is adapted here only.
 */
import type * as Y from "yjs";
import {
  cellsMap, decodeCell, parseCellKey, periodMarksMap, readLessons, readMeta, readRoster,
  type CellEntry, type JournalMeta, type LessonInfo, type RosterRow,
} from "../../shared/journal-schema.ts";

export interface StoredCell {
  studentId: string;
  /** A lesson id for a lesson cell, a period id for a period mark. */
  columnId: string;
  entry: CellEntry;
}

export interface PageSnapshot {
  meta: JournalMeta;
  roster: RosterRow[];
  lessons: LessonInfo[];
  cells: StoredCell[];
  periodMarks: StoredCell[];
}

function readEntries(map: Y.Map<unknown>): StoredCell[] {
  const out: StoredCell[] = [];
  map.forEach((value, key) => {
    const cell = parseCellKey(key);
    const entry = cell ? decodeCell(value) : null;
    if (cell && entry) out.push({ studentId: cell.studentId, columnId: cell.lessonId, entry });
  });
  return out;
}

/** Lesson cells of a page (J3), each with its entry. */
export function readCells(doc: Y.Doc): StoredCell[] {
  return readEntries(cellsMap(doc) as Y.Map<unknown>);
}

/** Period marks of a page (J6). */
export function readPeriodMarks(doc: Y.Doc): StoredCell[] {
  return readEntries(periodMarksMap(doc) as Y.Map<unknown>);
}

export function readPage(doc: Y.Doc): PageSnapshot | null {
  const meta = readMeta(doc);
  if (!meta) return null;
  return { meta, roster: readRoster(doc), lessons: readLessons(doc), cells: readCells(doc), periodMarks: readPeriodMarks(doc) };
}

/** The page's lessons inside [from, to] (ISO dates, inclusive). */
export function lessonsBetween(page: PageSnapshot, from: string, to: string): LessonInfo[] {
  return page.lessons.filter((l) => l.date >= from && l.date <= to);
}
