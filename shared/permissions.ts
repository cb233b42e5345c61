/**
 * The rights matrix (R1-R9) and the timing rules (J8-J10) of one change to a
 * journal page. Pure functions: the server enforces them on every update; the
 * client calls the same ones to show in advance what will be refused.
 */
import type { Actor } from "./roles.ts";
import type { ErrorCode } from "./errors.ts";
import { individualHomeworkStudent, isCellEntry, LESSON_TEACHER_FIELDS, type CellEntry, type CorrectionPermit, type JournalMeta } from "./journal-schema.ts";
import { parseCellValue, parsePeriodMark } from "./cell-value.ts";
import { localTime, parseClock, workingDaysBetween } from "./school-time.ts";

export type Access = "write" | "read";

/** Facts about a page that opening it depends on. */
export interface PageFacts {
  pageId: string;
  classId: string;
  teacherId: string;
  /** R6: teachers assigned to at least one lesson of the page. */
  substituteIds: readonly string[];
}

/** Facts about a student that diary access depends on. */
export interface DiaryFacts {
  studentId: string;
  classId: string;
  studentUserId: string | null;
  parentUserIds: readonly string[];
}

export type AccessDecision = { ok: true; access: Access } | { ok: false; code: ErrorCode };

const READERS_OF_EVERY_JOURNAL = new Set(["admin", "director", "deputy"]);

/**
 * R1-R6, R8, R9: the page's teacher, its substitutes and the class teacher
 * open it to write (what each may write is decided per change); the
 * administration reads; students and parents never open a journal.
 */
export function journalAccess(actor: Actor, page: PageFacts): AccessDecision {
  if (actor.role === "student" || actor.role === "parent") return { ok: false, code: "forbidden" };
  if (actor.role === "teacher") {
    if (actor.userId === page.teacherId || page.substituteIds.includes(actor.userId) || actor.classTeacherOf.includes(page.classId)) {
      return { ok: true, access: "write" };
    }
  }
  if (READERS_OF_EVERY_JOURNAL.has(actor.role)) return { ok: true, access: "read" };
  return { ok: false, code: "not-your-page" };
}

/** D1, R8, R9: the student, the student's parents, the class teacher and the administration read a diary. */
export function diaryAccess(actor: Actor, diary: DiaryFacts): AccessDecision {
  const own = actor.userId === diary.studentUserId || diary.parentUserIds.includes(actor.userId);
  const staff = actor.classTeacherOf.includes(diary.classId) || READERS_OF_EVERY_JOURNAL.has(actor.role);
  return own || staff ? { ok: true, access: "read" } : { ok: false, code: "not-your-diary" };
}

/** One change a client update made to a journal page, as the server found it after applying it. */
export type JournalChange =
  | { kind: "cell"; key: string; studentId: string; lessonId: string; before: CellEntry | null; after: unknown }
  | { kind: "period-mark"; key: string; studentId: string; periodId: string; before: CellEntry | null; after: unknown }
  | { kind: "lesson-field"; lessonId: string; field: string; before: unknown; after: unknown }
  | { kind: "structure"; path: string }
  /** A value that arrived already overwritten (a concurrent write won, or its author overwrote it offline): it changes nothing. */
  | { kind: "lost"; root: "cells" | "periodMarks"; key: string; after: unknown };

export interface LessonFacts {
  date: string;
  slot: number;
  substituteId: string | null;
}

/** What the rules need to know about the page: from the school's records on the server, from the document on a client. */
export interface PageState {
  meta: JournalMeta;
  lesson(lessonId: string): LessonFacts | null;
  student(studentId: string): { leftOn: string | null; joinedOn?: string | null } | null;
  permits(): readonly CorrectionPermit[];
}

export interface ChangeContext {
  actor: Actor;
  access: Access;
  page: PageState;
  /** The server's clock (ms); on a client, its best guess of it. */
  now: number;
}

export type Verdict = { ok: true; permitId: string | null } | { ok: false; code: ErrorCode };

const OK: Verdict = { ok: true, permitId: null };
const no = (code: ErrorCode): Verdict => ({ ok: false, code });
const MAX_TEXT = 2000;
const DAY_MS = 86_400_000;

export function checkJournalChange(ctx: ChangeContext, change: JournalChange): Verdict {
  if (ctx.access !== "write") return no("not-your-page");
  if (ctx.page.meta.yearClosed === true) return no("year-closed");
  switch (change.kind) {
    case "structure":
      return no("schema-violation");
    case "lost":
      return OK;
    case "lesson-field":
      return checkLessonField(ctx, change);
    case "cell":
      return checkCell(ctx, change);
    case "period-mark":
      return checkPeriodMark(ctx, change);
  }
}

function isPageTeacher(ctx: ChangeContext): boolean {
  return ctx.actor.userId === ctx.page.meta.teacherId;
}

function isClassTeacher(ctx: ChangeContext): boolean {
  return ctx.actor.classTeacherOf.includes(ctx.page.meta.classId);
}

/** R5, R6: the page's teacher fills every lesson; a substitute only its own. */
function fillsLesson(ctx: ChangeContext, lesson: LessonFacts): boolean {
  return isPageTeacher(ctx) || lesson.substituteId === ctx.actor.userId;
}

function checkLessonField(ctx: ChangeContext, change: Extract<JournalChange, { kind: "lesson-field" }>): Verdict {
  const forStudent = individualHomeworkStudent(change.field);
  if (!(LESSON_TEACHER_FIELDS as readonly string[]).includes(change.field) && forStudent === null) return no("read-only-field");
  const lesson = ctx.page.lesson(change.lessonId);
  if (lesson === null) return no("unknown-cell");
  // J2: individual homework names a student of the page, one still at school on the lesson's day.
  if (forStudent !== null) {
    const student = ctx.page.student(forStudent);
    if (student === null) return no("unknown-cell");
    if (typeof change.after === "string" && change.after !== "" && student.leftOn !== null && lesson.date >= student.leftOn) return no("student-left");
    if (typeof change.after === "string" && change.after !== "" && student.joinedOn && lesson.date < student.joinedOn) return no("student-not-yet-on-page");
  }
  if (!fillsLesson(ctx, lesson)) return no(isClassTeacher(ctx) ? "not-your-lesson" : "not-your-page");
  if (change.after !== undefined && typeof change.after !== "string") return no("invalid-value");
  // J5: a lesson's work type is one the school has, or none.
  if (change.field === "workType" && typeof change.after === "string" && change.after !== "" && !ctx.page.meta.rules.workTypes.some((w) => w.id === change.after)) return no("unknown-work-type");
  return typeof change.after === "string" && change.after.length > MAX_TEXT ? no("text-too-long") : OK;
}

/** J2, R5, R6: who may add or remove a lesson's homework files: whoever fills the lesson. */
export function checkLessonAttachments(ctx: ChangeContext, lessonId: string): Verdict {
  if (ctx.access !== "write") return no("not-your-page");
  if (ctx.page.meta.yearClosed === true) return no("year-closed");
  return checkLessonField(ctx, { kind: "lesson-field", lessonId, field: "homework", before: "", after: "" });
}

/** The moment a change counts from: its author's clock, if believable. */
function authorMoment(ctx: ChangeContext, after: unknown): { at: number } | { code: ErrorCode } {
  const at = isCellEntry(after) ? after.at : ctx.now;
  const rules = ctx.page.meta.rules;
  if (at > ctx.now + rules.clockSkewMinutes * 60_000) return { code: "clock-in-future" };
  if (ctx.now - at > rules.offlineGraceHours * 3_600_000) return { code: "offline-too-late" };
  return { at };
}

/** J3, J5, J6: a canonical value, signed by its author; a lesson mark names its work type, nothing else does. */
function validEntry(ctx: ChangeContext, after: unknown, parse: (v: string) => ReturnType<typeof parseCellValue>, lessonCell: boolean): ErrorCode | null {
  if (!isCellEntry(after)) return "invalid-value";
  const parsed = parse(after.value);
  if (!parsed.ok) return parsed.code;
  // Only the canonical spelling is stored, so every replica compares equal.
  if (parsed.value !== after.value) return "invalid-value";
  if (after.by !== ctx.actor.userId) return "invalid-author";
  const isMark = lessonCell && (parsed.kind === "mark" || parsed.kind === "double-mark");
  if (isMark !== (after.workType !== undefined)) return isMark ? "unknown-work-type" : "invalid-value";
  if (after.workType !== undefined && !ctx.page.meta.rules.workTypes.some((w) => w.id === after.workType)) return "unknown-work-type";
  return null;
}

/** J9: a permit that covers this cell, still valid and not yet used for it. */
function permitFor(ctx: ChangeContext, key: string, lessonId: string | null): string | null {
  const permit = ctx.page.permits().find(
    (p) => p.expiresAt > ctx.now && !p.used.includes(key) && (p.cells.includes(key) || (lessonId !== null && p.lessonId === lessonId)),
  );
  return permit ? permit.id : null;
}

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** J8-J9: open from the lesson's start to the end of its day (+ the school's window); later only with a permit. */
function timing(ctx: ChangeContext, key: string, lessonId: string, lesson: LessonFacts, at: number): Verdict {
  const rules = ctx.page.meta.rules;
  const when = localTime(at, rules.timeZone);
  const bell = rules.bells.find((b) => b.slot === lesson.slot);
  const startsAt = bell ? parseClock(bell.start) : 0;
  if (when.date < lesson.date || (when.date === lesson.date && when.minutes < startsAt)) return no("lesson-not-started");
  // R6: a substitute fills the lesson on its day only.
  const lastOpenDay = lesson.substituteId === ctx.actor.userId && !isPageTeacher(ctx) ? lesson.date : addDays(lesson.date, rules.editWindowDays);
  if (when.date <= lastOpenDay) return OK;
  const permitId = permitFor(ctx, key, lessonId);
  return permitId ? { ok: true, permitId } : no("mark-locked");
}

function checkCell(ctx: ChangeContext, change: Extract<JournalChange, { kind: "cell" }>): Verdict {
  const lesson = ctx.page.lesson(change.lessonId);
  const student = ctx.page.student(change.studentId);
  if (lesson === null || student === null) return no("unknown-cell");
  const clearing = change.after === null || change.after === undefined;
  if (!clearing) {
    const bad = validEntry(ctx, change.after, (v) => parseCellValue(v, ctx.page.meta.grammar), true);
    if (bad) return no(bad);
    if (student.leftOn !== null && lesson.date >= student.leftOn) return no("student-left");
    if (student.joinedOn && lesson.date < student.joinedOn) return no("student-not-yet-on-page");
  }
  const moment = authorMoment(ctx, change.after);
  if ("code" in moment) return no(moment.code);
  if (fillsLesson(ctx, lesson)) return timing(ctx, change.key, change.lessonId, lesson, moment.at);
  if (isClassTeacher(ctx)) return absenceReasonChange(ctx, change, lesson, moment.at);
  return no("not-your-page");
}

/** J10: the class teacher turns an unexcused absence into an excused one, within a few working days. */
function absenceReasonChange(ctx: ChangeContext, change: Extract<JournalChange, { kind: "cell" }>, lesson: LessonFacts, at: number): Verdict {
  const after = change.after as CellEntry | null | undefined;
  const isReasonChange = change.before?.value === "Н" && (after?.value === "Б" || after?.value === "У");
  if (!isReasonChange) return no("absence-reason-only");
  const rules = ctx.page.meta.rules;
  const when = localTime(at, rules.timeZone);
  if (when.date < lesson.date) return no("lesson-not-started");
  if (workingDaysBetween(lesson.date, when.date) <= rules.absenceReasonWorkingDays) return OK;
  const permitId = permitFor(ctx, change.key, change.lessonId);
  return permitId ? { ok: true, permitId } : no("mark-locked");
}

/** J6: the page's teacher, or the class teacher in every subject of the class, during the period and until its last day. */
function checkPeriodMark(ctx: ChangeContext, change: Extract<JournalChange, { kind: "period-mark" }>): Verdict {
  const period = ctx.page.meta.periods.find((p) => p.id === change.periodId);
  const student = ctx.page.student(change.studentId);
  if (!period || student === null) return no("unknown-cell");
  if (!isPageTeacher(ctx) && !isClassTeacher(ctx)) return no("not-your-page");
  const clearing = change.after === null || change.after === undefined;
  if (!clearing) {
    const bad = validEntry(ctx, change.after, (v) => parsePeriodMark(v, ctx.page.meta.grammar), false);
    if (bad) return no(bad);
    if (student.leftOn !== null && period.start >= student.leftOn) return no("student-left");
    if (student.joinedOn && period.end < student.joinedOn) return no("student-not-yet-on-page");
  }
  const moment = authorMoment(ctx, change.after);
  if ("code" in moment) return no(moment.code);
  const when = localTime(moment.at, ctx.page.meta.rules.timeZone);
  if (when.date < period.start) return no("period-not-started");
  if (when.date <= addDays(period.end, ctx.page.meta.rules.editWindowDays)) return OK;
  const permitId = permitFor(ctx, change.key, null);
  return permitId ? { ok: true, permitId } : no("mark-locked");
}

/** Rep1: a class's reports: the administration, and the class teacher of the own class (R1-R4). */
export function classReportAccess(actor: Actor, classId: string): ErrorCode | null {
  if (READERS_OF_EVERY_JOURNAL.has(actor.role) || actor.classTeacherOf.includes(classId)) return null;
  return actor.role === "teacher" ? "not-your-report" : "forbidden";
}

/** Rep1 school-wide and Rep2 for every teacher: the director and the deputy director (R2, R3; A3: only who needs them). */
export function schoolReportAccess(actor: Actor): ErrorCode | null {
  return actor.role === "director" || actor.role === "deputy" ? null : actor.role === "teacher" ? "not-your-report" : "forbidden";
}

/** Rep2: the director and the deputy read every teacher's monitoring; a teacher reads only its own. */
export function monitoringAccess(actor: Actor, teacherId: string): ErrorCode | null {
  if (actor.role === "director" || actor.role === "deputy") return null;
  if (actor.role === "teacher") return actor.userId === teacherId ? null : "not-your-report";
  return "forbidden";
}

/** D4: the printed weekly report of a student: the class teacher of the student's class and the administration. */
export function weeklyReportAccess(actor: Actor, classId: string): ErrorCode | null {
  return classReportAccess(actor, classId);
}

/** Ar2: archive bundles: the administrator (R1). */
export function archiveAccess(actor: Actor): ErrorCode | null {
  return actor.role === "admin" ? null : "forbidden";
}
