/**
 * The Yjs schema of a journal page (J1): one document per class-or-group x
 * subject x academic year. Root types:
 *   meta     Y.Map  page facts written by the server (JournalMeta fields)
 *   students Y.Map  studentId -> RosterEntry (server-written)
 *   lessons  Y.Map  lessonId  -> Y.Map { date, slot (server-written), topic, homework (teacher) }
 *   cells    Y.Map  cellKey(studentId, lessonId) -> CellEntry (teachers)
 *   periodMarks Y.Map  cellKey(studentId, periodId) -> CellEntry (J6)
 *   permits  Y.Map  permitId -> CorrectionPermit (server-written mirror, J9)
 */
import * as Y from "yjs";
import type { GrammarSettings } from "./cell-value.ts";
import { DEFAULT_RULES, type SchoolRules } from "./school-rules.ts";

export const JOURNAL_ROOTS = ["meta", "students", "lessons", "cells", "periodMarks", "permits"] as const;
export type JournalRoot = (typeof JOURNAL_ROOTS)[number];

/**
 * Lesson fields a teacher may write; the rest of a lesson is the timetable's.
 * `workType` (J5) is the lesson's kind of work (a test, a dictation...): the
 * type new marks in its column get; absent or "" means the teacher's choice.
 */
export const LESSON_TEACHER_FIELDS = ["topic", "homework", "workType"] as const;

/**
 * J2: homework for one student is the lesson field `hw:<studentId>` (text):
 * one key per student, so entries for two students never collide, and the
 * diary projection copies each only into its student's diary.
 */
const INDIVIDUAL_HOMEWORK = /^hw:([A-Za-z0-9_-]{1,40})$/;

export function individualHomeworkField(studentId: string): string {
  return `hw:${studentId}`;
}

/** The student an `hw:<studentId>` lesson field is for, or null for any other field. */
export function individualHomeworkStudent(field: string): string | null {
  return INDIVIDUAL_HOMEWORK.exec(field)?.[1] ?? null;
}

/** studentId -> homework text, from a lesson map (empty texts left out). */
export function readIndividualHomework(lesson: Y.Map<unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  lesson.forEach((v, field) => {
    const studentId = individualHomeworkStudent(field);
    if (studentId !== null && typeof v === "string" && v !== "") out[studentId] = v;
  });
  return out;
}

export interface Period {
  id: string;
  name: string;
  /** ISO dates, inclusive. */
  start: string;
  end: string;
}

export interface JournalMeta {
  pageId: string;
  classId: string;
  className: string;
  subjectName: string;
  teacherId: string;
  teacherName: string;
  academicYear: string;
  periods: Period[];
  grammar: GrammarSettings;
  rules: SchoolRules;
  /** P2: the subgroup's name when the page is a group's (J1). */
  groupName?: string;
  /** The year was closed: the page is read-only (year-closed). */
  yearClosed?: boolean;
}

export interface RosterEntry {
  surname: string;
  name: string;
  patronymic: string;
  /** ISO date the student left the school (D5), the class or the group (the first day no longer on the page), or null. */
  leftOn: string | null;
  /** ISO date the student came onto the page (enrolled later, or moved into the group), when not from the start. */
  joinedOn?: string | null;
}

export interface LessonInfo {
  id: string;
  date: string;
  slot: number;
  topic: string;
  homework: string;
  /** J2: studentId -> homework for that student only. */
  individualHomework: Record<string, string>;
  /** J5: the work type of the lesson's marks, or null (each mark names its own). */
  workType: string | null;
  /** R6: the teacher the administrator assigned to this lesson, if any. */
  substituteId: string | null;
  substituteName: string | null;
  /** J2: files for the homework; written by the server only, after it stored and checked the file. */
  attachments: AttachmentRef[];
}

export interface AttachmentRef {
  id: string;
  name: string;
  size: number;
}

export function isAttachmentRef(v: unknown): v is AttachmentRef {
  const a = v as Record<string, unknown> | null;
  return typeof a === "object" && a !== null && typeof a.id === "string" && typeof a.name === "string" && typeof a.size === "number";
}

/** The attachments of a lesson map, ignoring anything malformed. */
export function readAttachments(lesson: Y.Map<unknown>): AttachmentRef[] {
  const raw = lesson.get("attachments");
  return Array.isArray(raw) ? raw.filter(isAttachmentRef) : [];
}

/**
 * What a cell holds: the J3 value, who typed it, the author's clock (ms since
 * epoch) when it was typed, and for a mark its work type (J5).
 */
export interface CellEntry {
  value: string;
  at: number;
  by: string;
  workType?: string;
}

/** J9: an administrator's permit to correct locked cells. */
export interface CorrectionPermit {
  id: string;
  /** Cells (`cells` or `periodMarks` keys) it covers; a lesson-wide permit lists `lessonId` instead. */
  cells: string[];
  lessonId: string | null;
  reason: string;
  /** ms since epoch, server clock */
  expiresAt: number;
  /** Cells already corrected under it: each covered cell once. */
  used: string[];
}

export function cellKey(studentId: string, lessonId: string): string {
  return `${studentId}:${lessonId}`;
}

export function parseCellKey(key: string): { studentId: string; lessonId: string } | null {
  const m = /^([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$/.exec(key);
  return m ? { studentId: m[1]!, lessonId: m[2]! } : null;
}

const ENTRY_KEYS = new Set(["value", "at", "by", "workType"]);

export function isCellEntry(v: unknown): v is CellEntry {
  if (typeof v !== "object" || v === null || Array.isArray(v) || v instanceof Y.AbstractType) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.value === "string" && typeof e.at === "number" && Number.isFinite(e.at) && typeof e.by === "string" &&
    (e.workType === undefined || typeof e.workType === "string") && Object.keys(e).every((k) => ENTRY_KEYS.has(k))
  );
}

/**
 * How a cell is stored in the document: `[value, at, by, workType?]`, the
 * author's id as a number when it is one. A year-sized page holds ~4,000
 * cells, and field names repeated in each were a quarter of its size (B4).
 * Copies written before (and old app versions still cached on a device)
 * store the CellEntry object itself: both forms are read, only this one is written.
 */
export type StoredCell = [value: string, at: number, by: string | number, workType?: string];
export type StoredCellValue = StoredCell | CellEntry;

const NUMERIC_ID = /^[1-9]\d{0,8}$/;

export function encodeCell(e: CellEntry): StoredCell {
  const by = NUMERIC_ID.test(e.by) ? Number(e.by) : e.by;
  return e.workType === undefined ? [e.value, e.at, by] : [e.value, e.at, by, e.workType];
}

/** The entry a stored cell holds, or null when it is not one (malformed input is never guessed at). */
export function decodeCell(v: unknown): CellEntry | null {
  if (!Array.isArray(v)) return isCellEntry(v) ? { ...v } : null;
  if (v.length !== 3 && v.length !== 4) return null;
  const [value, at, by, workType] = v as unknown[];
  if (typeof value !== "string" || typeof at !== "number" || !Number.isFinite(at)) return null;
  if (typeof by !== "string" && !(typeof by === "number" && Number.isInteger(by) && by > 0)) return null;
  if (v.length === 4 && typeof workType !== "string") return null;
  const entry: CellEntry = { value, at, by: String(by) };
  if (v.length === 4) entry.workType = workType as string;
  return entry;
}

/** Every well-formed entry of a `cells` or `periodMarks` map, by key. */
export function readEntries(map: Y.Map<StoredCellValue>): Record<string, CellEntry> {
  const out: Record<string, CellEntry> = {};
  map.forEach((v, key) => {
    const e = decodeCell(v);
    if (e) out[key] = e;
  });
  return out;
}

export function readCell(doc: Y.Doc, key: string): CellEntry | null {
  return decodeCell(cellsMap(doc).get(key));
}

export function readPeriodMark(doc: Y.Doc, key: string): CellEntry | null {
  return decodeCell(periodMarksMap(doc).get(key));
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap("meta");
}
export function studentsMap(doc: Y.Doc): Y.Map<RosterEntry> {
  return doc.getMap("students");
}
export function lessonsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap("lessons");
}
/** Stored cells: read them with `readCell`/`readEntries`/`decodeCell`, write them with `writeCell`. */
export function cellsMap(doc: Y.Doc): Y.Map<StoredCellValue> {
  return doc.getMap("cells");
}
export function periodMarksMap(doc: Y.Doc): Y.Map<StoredCellValue> {
  return doc.getMap("periodMarks");
}
export function permitsMap(doc: Y.Doc): Y.Map<CorrectionPermit> {
  return doc.getMap("permits");
}

export function readMeta(doc: Y.Doc): JournalMeta | null {
  const m = metaMap(doc);
  if (!m.has("pageId")) return null;
  const meta = Object.fromEntries(m.entries()) as unknown as JournalMeta;
  return { ...meta, rules: { ...DEFAULT_RULES, ...(meta.rules ?? {}) } };
}

export function readLesson(id: string, lesson: Y.Map<unknown>): LessonInfo {
  return {
    id,
    date: String(lesson.get("date") ?? ""),
    slot: Number(lesson.get("slot") ?? 0),
    topic: String(lesson.get("topic") ?? ""),
    homework: String(lesson.get("homework") ?? ""),
    individualHomework: readIndividualHomework(lesson),
    workType: typeof lesson.get("workType") === "string" && lesson.get("workType") !== "" ? (lesson.get("workType") as string) : null,
    substituteId: (lesson.get("substituteId") as string | undefined) ?? null,
    substituteName: (lesson.get("substituteName") as string | undefined) ?? null,
    attachments: readAttachments(lesson),
  };
}

/** Lessons in date, then slot order. */
export function readLessons(doc: Y.Doc): LessonInfo[] {
  const out: LessonInfo[] = [];
  lessonsMap(doc).forEach((lesson, id) => out.push(readLesson(id, lesson)));
  return out.sort((a, b) => (a.date === b.date ? a.slot - b.slot : a.date < b.date ? -1 : 1));
}

export interface RosterRow extends RosterEntry {
  id: string;
}

/** Students by surname, then name (J1). */
export function readRoster(doc: Y.Doc): RosterRow[] {
  const out: RosterRow[] = [];
  studentsMap(doc).forEach((s, id) => out.push({ id, ...s }));
  const collator = new Intl.Collator("ru");
  return out.sort((a, b) => collator.compare(a.surname, b.surname) || collator.compare(a.name, b.name));
}

/** Writes (or, with null, clears) one cell. Call inside a transaction with an origin. */
export function writeCell(doc: Y.Doc, studentId: string, lessonId: string, entry: CellEntry | null): void {
  const key = cellKey(studentId, lessonId);
  if (entry === null) cellsMap(doc).delete(key);
  else cellsMap(doc).set(key, encodeCell(entry));
}

/** Writes (or clears) one period mark (J6). */
export function writePeriodMark(doc: Y.Doc, studentId: string, periodId: string, entry: CellEntry | null): void {
  const key = cellKey(studentId, periodId);
  if (entry === null) periodMarksMap(doc).delete(key);
  else periodMarksMap(doc).set(key, encodeCell(entry));
}
