/**
 * The rights matrix and the timing rules, case by case (R1-R9, J3-J10, D5).
 * The page: 5А mathematics, taught by t1; ct is the class teacher; sub has been
 * assigned lesson L2 (R6). "Now" is Wednesday 2026-11-18 12:00 in Moscow.
 */
import { describe, expect, it } from "vitest";
import { checkJournalChange, diaryAccess, journalAccess, type ChangeContext, type JournalChange, type PageState } from "../../shared/permissions.ts";
import type { Actor, Role } from "../../shared/roles.ts";
import { DEFAULT_GRAMMAR } from "../../shared/cell-value.ts";
import { DEFAULT_RULES } from "../../shared/school-rules.ts";
import type { CellEntry, CorrectionPermit } from "../../shared/journal-schema.ts";
import type { ErrorCode } from "../../shared/errors.ts";

const NOW = Date.parse("2026-11-18T12:00:00+03:00");
const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

const LESSONS: Record<string, { date: string; slot: number; substituteId: string | null }> = {
  L0: { date: "2026-11-17", slot: 2, substituteId: null }, // yesterday
  L1: { date: "2026-11-18", slot: 2, substituteId: null }, // today, started 09:25
  L2: { date: "2026-11-18", slot: 4, substituteId: "sub" }, // today, started 11:35, a substitute's
  L3: { date: "2026-11-18", slot: 6, substituteId: null }, // today, starts 13:25
  L4: { date: "2026-11-13", slot: 2, substituteId: null }, // last Friday: 3 working days ago
  L5: { date: "2026-11-16", slot: 2, substituteId: "sub" }, // Monday, the substitute's
  L6: { date: "2026-11-12", slot: 2, substituteId: null }, // last Thursday: 4 working days ago
};

const permits: CorrectionPermit[] = [
  { id: "pm-cell", cells: ["s1:L0"], lessonId: null, reason: "Ошибка ввода", expiresAt: NOW + 24 * HOUR, used: [] },
  { id: "pm-expired", cells: ["s3:L0"], lessonId: null, reason: "Ошибка ввода", expiresAt: NOW - HOUR, used: [] },
  { id: "pm-lesson", cells: [], lessonId: "L4", reason: "Болезнь учителя", expiresAt: NOW + 24 * HOUR, used: ["s2:L4"] },
];

const page: PageState = {
  meta: {
    pageId: "p1", classId: "c1", className: "5А", subjectName: "Математика", teacherId: "t1", teacherName: "Иванова М.П.", academicYear: "2026/2027",
    periods: [
      { id: "P1", name: "I четверть", start: "2026-09-01", end: "2026-10-24" },
      { id: "P2", name: "II четверть", start: "2026-11-03", end: "2026-12-28" },
      { id: "P3", name: "III четверть", start: "2027-01-12", end: "2027-03-21" },
    ],
    grammar: DEFAULT_GRAMMAR,
    rules: DEFAULT_RULES,
  },
  lesson: (id) => LESSONS[id] ?? null,
  student: (id) => (id === "s1" || id === "s3" ? { leftOn: null } : id === "s2" ? { leftOn: "2026-11-18" } : null),
  permits: () => permits,
};

const actors: Record<string, Actor> = {
  teacher: { userId: "t1", role: "teacher", classTeacherOf: [] },
  classTeacher: { userId: "ct", role: "teacher", classTeacherOf: ["c1"] },
  substitute: { userId: "sub", role: "teacher", classTeacherOf: [] },
  otherTeacher: { userId: "t9", role: "teacher", classTeacherOf: ["c9"] },
  admin: { userId: "a", role: "admin", classTeacherOf: [] },
  director: { userId: "d", role: "director", classTeacherOf: [] },
  deputy: { userId: "z", role: "deputy", classTeacherOf: [] },
  medic: { userId: "m", role: "medic", classTeacherOf: [] },
  student: { userId: "st", role: "student", classTeacherOf: [] },
  parent: { userId: "pa", role: "parent", classTeacherOf: [] },
};

const facts = { pageId: "p1", classId: "c1", teacherId: "t1", substituteIds: ["sub"] };

function ctx(who: keyof typeof actors, now = NOW): ChangeContext {
  const actor = actors[who]!;
  const decision = journalAccess(actor, facts);
  return { actor, access: decision.ok ? decision.access : "read", page, now };
}

const mark = (who: string, value: string, when = NOW, workType = "answer"): CellEntry => ({ value, at: when, by: actors[who]!.userId, workType });
const absence = (who: string, value: string, when = NOW): CellEntry => ({ value, at: when, by: actors[who]!.userId });
const final = absence;
const cell = (studentId: string, lessonId: string, after: unknown, before: CellEntry | null = null): JournalChange => ({ kind: "cell", key: `${studentId}:${lessonId}`, studentId, lessonId, before, after });
const periodMark = (studentId: string, periodId: string, after: unknown): JournalChange => ({ kind: "period-mark", key: `${studentId}:${periodId}`, studentId, periodId, before: null, after });
const topic = (lessonId: string, text: unknown, field = "topic"): JournalChange => ({ kind: "lesson-field", lessonId, field, before: "", after: text });

function verdict(who: keyof typeof actors, change: JournalChange, now = NOW): ErrorCode | "ok" | `ok:${string}` {
  const v = checkJournalChange(ctx(who, now), change);
  if (!v.ok) return v.code;
  return v.permitId ? `ok:${v.permitId}` : "ok";
}

describe("R1-R9: who opens a journal page", () => {
  it.each<[string, keyof typeof actors, ReturnType<typeof journalAccess>]>([
    ["R5 the page's teacher writes", "teacher", { ok: true, access: "write" }],
    ["R4 the class teacher writes (what, is decided per change)", "classTeacher", { ok: true, access: "write" }],
    ["R6 a substitute of one of its lessons writes", "substitute", { ok: true, access: "write" }],
    ["R5 a teacher of another class is refused", "otherTeacher", { ok: false, code: "not-your-page" }],
    ["R1 the administrator reads", "admin", { ok: true, access: "read" }],
    ["R2 the director reads", "director", { ok: true, access: "read" }],
    ["R3 the deputy reads", "deputy", { ok: true, access: "read" }],
    ["R7 the medical worker is refused", "medic", { ok: false, code: "not-your-page" }],
    ["R8 a student never", "student", { ok: false, code: "forbidden" }],
    ["R9 a parent never", "parent", { ok: false, code: "forbidden" }],
  ])("%s", (_name, who, expected) => {
    expect(journalAccess(actors[who]!, facts)).toEqual(expected);
  });
});

describe("R8, R9, D1: who reads a diary", () => {
  const diary = { studentId: "s1", classId: "c1", studentUserId: "st", parentUserIds: ["pa"] };
  it.each<[keyof typeof actors | "otherParent", boolean]>([
    ["student", true], ["parent", true], ["classTeacher", true], ["admin", true], ["director", true],
    ["teacher", false], ["otherTeacher", false], ["medic", false], ["otherParent", false],
  ])("%s reads s1's diary: %s", (who, ok) => {
    const actor = who === "otherParent" ? { userId: "pa2", role: "parent" as Role, classTeacherOf: [] } : actors[who]!;
    expect(diaryAccess(actor, diary).ok).toBe(ok);
  });
});

describe("actions by role and timing (R4-R6, J3-J10, D5)", () => {
  it.each<[string, keyof typeof actors, JournalChange, string, number?]>([
    // Marks and absences by the page's teacher (R5, J3, J5, J8)
    ["J3 teacher: a mark in today's started lesson", "teacher", cell("s1", "L1", mark("teacher", "5")), "ok"],
    ["J3 teacher: a double mark", "teacher", cell("s1", "L1", mark("teacher", "5/4")), "ok"],
    ["J3 teacher: an absence", "teacher", cell("s1", "L1", absence("teacher", "Н")), "ok"],
    ["J3 teacher: 7 is not a mark", "teacher", cell("s1", "L1", mark("teacher", "7")), "invalid-value"],
    ["J3 teacher: lower-case н is not stored", "teacher", cell("s1", "L1", absence("teacher", "н")), "invalid-value"],
    ["J5 teacher: a mark needs a work type", "teacher", cell("s1", "L1", { value: "5", at: NOW, by: "t1" }), "unknown-work-type"],
    ["J5 teacher: the work type must be the school's", "teacher", cell("s1", "L1", mark("teacher", "5", NOW, "guess")), "unknown-work-type"],
    ["J5 teacher: an absence carries no work type", "teacher", cell("s1", "L1", { value: "Н", at: NOW, by: "t1", workType: "answer" }), "invalid-value"],
    ["J11 teacher: an entry signed by someone else", "teacher", cell("s1", "L1", mark("classTeacher", "5")), "invalid-author"],
    ["J1 teacher: a student not on the page", "teacher", cell("s9", "L1", mark("teacher", "5")), "unknown-cell"],
    ["J1 teacher: a lesson not on the page", "teacher", cell("s1", "L9", mark("teacher", "5")), "unknown-cell"],
    ["J8 teacher: a lesson that has not started", "teacher", cell("s1", "L3", mark("teacher", "5")), "lesson-not-started"],
    ["J8 teacher: the same lesson once it started", "teacher", cell("s1", "L3", mark("teacher", "5", at("2026-11-18T13:30:00+03:00"))), "ok", at("2026-11-18T13:31:00+03:00")],
    ["J9 teacher: yesterday's lesson is locked", "teacher", cell("s3", "L0", mark("teacher", "4")), "mark-locked"],
    ["J9 teacher: deleting yesterday's mark is locked", "teacher", cell("s3", "L0", null, mark("teacher", "4", at("2026-11-17T10:00:00+03:00"))), "mark-locked"],
    ["J9 teacher: yesterday's cell with a permit", "teacher", cell("s1", "L0", mark("teacher", "4")), "ok:pm-cell"],
    ["J9 teacher: an expired permit does not open the cell", "teacher", cell("s3", "L0", mark("teacher", "4")), "mark-locked"],
    ["J9 teacher: a lesson-wide permit opens every cell of it", "teacher", cell("s1", "L4", mark("teacher", "3")), "ok:pm-lesson"],
    ["J9 teacher: a permit is used up cell by cell", "teacher", cell("s2", "L4", mark("teacher", "3")), "mark-locked"],
    ["J8 offline: yesterday's edit made yesterday, arriving today", "teacher", cell("s3", "L0", mark("teacher", "4", at("2026-11-17T10:00:00+03:00"))), "ok"],
    ["J8 offline: an edit older than the 72 h grace", "teacher", cell("s1", "L4", mark("teacher", "4", at("2026-11-13T10:00:00+03:00"))), "offline-too-late"],
    ["J8 offline: an author clock in the future", "teacher", cell("s1", "L1", mark("teacher", "4", NOW + HOUR)), "clock-in-future"],
    ["J8 offline: a clock a minute fast is tolerated", "teacher", cell("s1", "L1", mark("teacher", "4", NOW + 60_000)), "ok"],
    ["D5 teacher: no entry for a student who left, from the day of leaving", "teacher", cell("s2", "L1", mark("teacher", "5")), "student-left"],
    ["D5 teacher: the history before leaving stays writable", "teacher", cell("s2", "L0", mark("teacher", "5", at("2026-11-17T10:00:00+03:00"))), "ok"],
    // Topic and homework (J2)
    ["J2 teacher: writes a topic", "teacher", topic("L1", "Сложение дробей"), "ok"],
    ["J2 teacher: writes homework", "teacher", topic("L1", "№ 245, 247", "homework"), "ok"],
    ["J2 teacher: the lesson's date is the timetable's", "teacher", topic("L1", "2026-11-19", "date"), "read-only-field"],
    ["J2 teacher: a topic is text", "teacher", topic("L1", 42), "invalid-value"],
    ["J2 teacher: a topic of reasonable length", "teacher", topic("L1", "а".repeat(2001)), "text-too-long"],
    // Substitutes (R6)
    ["R6 substitute: fills its lesson", "substitute", cell("s1", "L2", mark("substitute", "5")), "ok"],
    ["R6 substitute: writes its lesson's topic", "substitute", topic("L2", "Проценты"), "ok"],
    ["R6 substitute: nothing else of the page", "substitute", cell("s1", "L1", mark("substitute", "5")), "not-your-page"],
    ["R6 substitute: not another lesson's topic", "substitute", topic("L1", "Проценты"), "not-your-page"],
    ["R6 substitute: its lesson only on its day", "substitute", cell("s1", "L5", mark("substitute", "5")), "mark-locked"],
    ["R6 substitute: no period marks", "substitute", periodMark("s1", "P2", final("substitute", "5")), "not-your-page"],
    // Class teacher (R4, J6, J10)
    ["R4 class teacher: no marks in another teacher's subject", "classTeacher", cell("s1", "L1", mark("classTeacher", "5")), "absence-reason-only"],
    ["R4 class teacher: no topics in another teacher's subject", "classTeacher", topic("L1", "Дроби"), "not-your-lesson"],
    ["J10 class teacher: Н becomes Б", "classTeacher", cell("s1", "L1", absence("classTeacher", "Б"), absence("teacher", "Н")), "ok"],
    ["J10 class teacher: Н becomes У two days later", "classTeacher", cell("s1", "L0", absence("classTeacher", "У"), absence("teacher", "Н")), "ok"],
    ["J10 class teacher: not after 2 working days", "classTeacher", cell("s1", "L6", absence("classTeacher", "У", at("2026-11-18T08:00:00+03:00")), absence("teacher", "Н")), "mark-locked"],
    ["J10 class teacher: Б does not become Н", "classTeacher", cell("s1", "L1", absence("classTeacher", "Н"), absence("teacher", "Б")), "absence-reason-only"],
    ["J10 class teacher: an absence is not removed", "classTeacher", cell("s1", "L1", null, absence("teacher", "Н")), "absence-reason-only"],
    ["J6 class teacher: sets a period mark in any subject of the class", "classTeacher", periodMark("s1", "P2", final("classTeacher", "4")), "ok"],
    // Period marks (J6)
    ["J6 teacher: a period mark 2..5", "teacher", periodMark("s1", "P2", final("teacher", "5")), "ok"],
    ["J6 teacher: a period mark names no work type", "teacher", periodMark("s1", "P2", mark("teacher", "5")), "invalid-value"],
    ["J6 teacher: non-attestation н", "teacher", periodMark("s1", "P2", absence("teacher", "н")), "ok"],
    ["J6 teacher: not a double mark", "teacher", periodMark("s1", "P2", final("teacher", "5/4")), "invalid-value"],
    ["J6 teacher: not the upper-case lesson absence", "teacher", periodMark("s1", "P2", absence("teacher", "Н")), "invalid-value"],
    ["J6 teacher: a past period is locked", "teacher", periodMark("s1", "P1", final("teacher", "4")), "mark-locked"],
    ["J6 teacher: a period that has not started", "teacher", periodMark("s1", "P3", final("teacher", "4")), "period-not-started"],
    ["J6 teacher: an unknown period", "teacher", periodMark("s1", "P9", final("teacher", "4")), "unknown-cell"],
    // Readers and the rest (R1-R3)
    ["R1 administrator: reads, never writes a mark", "admin", cell("s1", "L1", mark("admin", "5")), "not-your-page"],
    ["R2 director: reads, never writes a topic", "director", topic("L1", "Дроби"), "not-your-page"],
    ["R3 deputy: reads, never writes a period mark", "deputy", periodMark("s1", "P2", final("deputy", "5")), "not-your-page"],
    ["J1 nobody: rewrites the page's structure", "teacher", { kind: "structure", path: "students/s1" }, "schema-violation"],
  ])("%s", (_name, who, change, expected, now) => {
    expect(verdict(who, change, now)).toBe(expected);
  });

  it("J4: a page without marks takes absences only", () => {
    const noMarks: PageState = { ...page, meta: { ...page.meta, grammar: { ...DEFAULT_GRAMMAR, marksAllowed: false } } };
    const c = (change: JournalChange) => checkJournalChange({ ...ctx("teacher"), page: noMarks }, change);
    expect(c(cell("s1", "L1", mark("teacher", "5")))).toEqual({ ok: false, code: "marks-not-allowed" });
    expect(c(cell("s1", "L1", absence("teacher", "Н")))).toEqual({ ok: true, permitId: null });
  });

  it("J8: a school with a wider edit window keeps yesterday open", () => {
    const wide: PageState = { ...page, meta: { ...page.meta, rules: { ...DEFAULT_RULES, editWindowDays: 3 } } };
    expect(checkJournalChange({ ...ctx("teacher"), page: wide }, cell("s3", "L0", mark("teacher", "4")))).toEqual({ ok: true, permitId: null });
  });
});
