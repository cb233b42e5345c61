/**
 * Pure rules of the school set-up (shared/groups.ts, shared/plan-rules.ts,
 * shared/movement.ts) and their part in the journal rules: P2 moves only at
 * a period's end, P4 plan hours against the curriculum, rights R1-R5, names
 * of promoted classes, a student on a page for part of the year, a closed
 * year read-only.
 */
import { describe, expect, it } from "vitest";
import { canKeepGroups, checkGroupName, groupMoveStart, groupOn, type GroupMember, type PeriodBounds } from "../../shared/groups.ts";
import { canApprovePlan, canEditPlan, canSetCurriculum, checkHours, checkPlanTopics, planHoursCheck } from "../../shared/plan-rules.ts";
import { canCloseYear, canEnrol, canMoveStudents, nextDay, previousDay, promotedClassName } from "../../shared/movement.ts";
import { checkJournalChange, type ChangeContext, type PageState } from "../../shared/permissions.ts";
import { DEFAULT_GRAMMAR } from "../../shared/cell-value.ts";
import { DEFAULT_RULES } from "../../shared/school-rules.ts";
import type { Actor, Role } from "../../shared/roles.ts";

const actor = (role: Role, classTeacherOf: string[] = [], userId = "u1"): Actor => ({ userId, role, classTeacherOf });
const QUARTERS: PeriodBounds[] = [
  { id: "q1", name: "I четверть", start: "2026-09-01", end: "2026-10-24" },
  { id: "q2", name: "II четверть", start: "2026-11-03", end: "2026-12-28" },
  { id: "q3", name: "III четверть", start: "2027-01-12", end: "2027-03-21" },
  { id: "q4", name: "IV четверть", start: "2027-03-30", end: "2027-05-26" },
];
const TODAY = "2026-11-18";

describe("moves between groups only at a period's end (P2)", () => {
  it.each([
    ["2026-12-28", "2027-01-12"], // the last day of the II quarter
    ["2027-01-12", "2027-01-12"], // the first day of the III quarter: the same moment
    ["2027-01-05", "2027-01-12"], // the holidays in between
    ["2027-03-21", "2027-03-30"],
  ])("P2: a move dated %s starts on %s", (date, from) => {
    expect(groupMoveStart(QUARTERS, date, TODAY)).toMatchObject({ ok: true, from });
  });

  it.each([
    ["2026-11-18", "group-move-mid-period"], ["2026-12-27", "group-move-mid-period"], ["2027-02-01", "group-move-mid-period"],
    ["2026-10-24", "group-move-in-past"], ["2026-11-03", "group-move-in-past"],
    ["2027-05-26", "not-in-year"], ["2026-08-01", "not-in-year"], ["2026-09-01", "group-move-mid-period"],
  ])("P2: a move dated %s is refused as %s", (date, code) => {
    expect(groupMoveStart(QUARTERS, date, TODAY)).toEqual({ ok: false, code });
  });

  it("P2: the group a student is in on a day follows its memberships", () => {
    const members: GroupMember[] = [
      { studentId: "s1", groupId: "g1", from: null, until: "2027-01-12" },
      { studentId: "s1", groupId: "g2", from: "2027-01-12", until: null },
    ];
    expect(groupOn(members, "s1", "2026-12-28")).toBe("g1");
    expect(groupOn(members, "s1", "2027-01-12")).toBe("g2");
    expect(groupOn(members, "s2", "2027-01-12")).toBeNull();
  });

  it("P2, R1, R4: the administrator and the class's own teacher keep its groups; names are short text", () => {
    expect(canKeepGroups(actor("admin"), "c1").ok).toBe(true);
    expect(canKeepGroups(actor("teacher", ["c1"]), "c1").ok).toBe(true);
    expect(canKeepGroups(actor("teacher", ["c2"]), "c1")).toEqual({ ok: false, code: "not-your-class" });
    expect(canKeepGroups(actor("deputy"), "c1").ok).toBe(false);
    expect(checkGroupName("  Группа   1 ")).toBe("Группа 1");
    expect(checkGroupName("")).toBeNull();
    expect(checkGroupName("x".repeat(41))).toBeNull();
    expect(checkGroupName(5)).toBeNull();
  });
});

describe("plan hours against the curriculum (P4)", () => {
  it("P4: the total must equal the curriculum hours of the grade's classes", () => {
    expect(planHoursCheck([{ hours: 100 }, { hours: 70 }], [170, 170])).toEqual({ total: 170, expected: 170, code: null });
    expect(planHoursCheck([{ hours: 100 }], [170])).toEqual({ total: 100, expected: 170, code: "plan-hours-mismatch" });
    expect(planHoursCheck([{ hours: 100 }], [])).toEqual({ total: 100, expected: null, code: "curriculum-missing" });
    expect(planHoursCheck([{ hours: 170 }], [170, 136])).toEqual({ total: 170, expected: null, code: "curriculum-differs" });
    expect(planHoursCheck([], [68])).toEqual({ total: 0, expected: 68, code: "plan-hours-mismatch" });
  });

  it("P4: topics are numbered in their order; empty texts and bad hours are named field by field", () => {
    expect(checkPlanTopics([{ topic: " Дроби ", hours: 3 }, { topic: "Проценты", hours: 4 }])).toEqual({
      ok: true, topics: [{ ord: 1, topic: "Дроби", hours: 3 }, { ord: 2, topic: "Проценты", hours: 4 }],
    });
    expect(checkPlanTopics([{ topic: "", hours: 1.5 }, null])).toEqual({
      ok: false, errors: [
        { field: "topics.0.topic", code: "field-required" }, { field: "topics.0.hours", code: "invalid-hours" },
        { field: "topics.1.topic", code: "field-required" }, { field: "topics.1.hours", code: "invalid-hours" },
      ],
    });
    expect(checkPlanTopics("x")).toMatchObject({ ok: false });
    expect(checkPlanTopics(Array.from({ length: 401 }, () => ({ topic: "т", hours: 1 })))).toEqual({ ok: false, errors: [{ field: "topics", code: "plan-too-long" }] });
    expect(checkHours(68)).toBe(68);
    expect(checkHours(0)).toBeNull();
    expect(checkHours(351)).toBeNull();
  });

  it("P4, R1, R3, R5: who sets hours, edits and approves a plan", () => {
    expect(canSetCurriculum(actor("deputy")).ok).toBe(true);
    expect(canSetCurriculum(actor("admin")).ok).toBe(true);
    expect(canSetCurriculum(actor("director")).ok).toBe(false);
    expect(canSetCurriculum(actor("teacher", ["c1"])).ok).toBe(false);
    expect(canEditPlan(actor("teacher"), true).ok).toBe(true);
    expect(canEditPlan(actor("teacher"), false).ok).toBe(false);
    expect(canEditPlan(actor("parent"), true).ok).toBe(false);
    expect(canApprovePlan(actor("deputy")).ok).toBe(true);
    expect(canApprovePlan(actor("teacher")).ok).toBe(false);
  });
});

describe("movement and promotion (R1, D5)", () => {
  it("R1: promoted classes are named one grade up", () => {
    expect(promotedClassName("5А", 5)).toBe("6А");
    expect(promotedClassName("10-Б", 10)).toBe("11-Б");
    expect(promotedClassName("9 «В»", 9)).toBe("10 «В»");
    expect(promotedClassName("Гимназический", 7)).toBe("8 Гимназический");
    expect(nextDay("2027-05-26")).toBe("2027-05-27");
    expect(nextDay("2028-02-28")).toBe("2028-02-29");
    expect(previousDay("2027-01-01")).toBe("2026-12-31");
  });

  it("R1, R4: the administrator moves students and closes the year; the class teacher enrols into the own class", () => {
    expect(canMoveStudents(actor("admin")).ok).toBe(true);
    expect(canMoveStudents(actor("teacher", ["c1"])).ok).toBe(false);
    expect(canCloseYear(actor("director")).ok).toBe(false);
    expect(canEnrol(actor("teacher", ["c1"]), "c1").ok).toBe(true);
    expect(canEnrol(actor("teacher", ["c1"]), "c2")).toEqual({ ok: false, code: "not-your-class" });
  });
});

describe("a page's rules for students on it part of the year, and a closed year (J1, P2, D5)", () => {
  const NOW = Date.parse("2026-11-18T12:00:00+03:00");
  const page = (more: Partial<PageState["meta"]> = {}): PageState => ({
    meta: {
      pageId: "p1", classId: "c1", className: "5А", subjectName: "Английский язык", teacherId: "t1", teacherName: "К. А.", academicYear: "2026/2027",
      periods: QUARTERS, grammar: DEFAULT_GRAMMAR, rules: DEFAULT_RULES, ...more,
    },
    lesson: (id) => (id === "today" ? { date: "2026-11-18", slot: 1, substituteId: null } : null),
    student: (id) => (id === "late" ? { leftOn: null, joinedOn: "2026-11-19" } : id === "in" ? { leftOn: null, joinedOn: "2026-11-03" } : null),
    permits: () => [],
  });
  const ctx = (p: PageState): ChangeContext => ({ actor: actor("teacher", [], "t1"), access: "write", page: p, now: NOW });
  const cell = (studentId: string) => ({ kind: "cell" as const, key: `${studentId}:today`, studentId, lessonId: "today", before: null, after: { value: "5", at: NOW, by: "t1", workType: "answer" } });
  const periodMark = (studentId: string, periodId: string) => ({ kind: "period-mark" as const, key: `${studentId}:${periodId}`, studentId, periodId, before: null, after: { value: "5", at: NOW, by: "t1" } });

  it("P2: no mark for a lesson before the student came onto the page; from then on as usual", () => {
    expect(checkJournalChange(ctx(page()), cell("late"))).toEqual({ ok: false, code: "student-not-yet-on-page" });
    expect(checkJournalChange(ctx(page()), cell("in"))).toEqual({ ok: true, permitId: null });
    expect(checkJournalChange(ctx(page()), periodMark("late", "q1"))).toEqual({ ok: false, code: "student-not-yet-on-page" });
  });

  it("R1: a closed year's page refuses every edit as year-closed", () => {
    expect(checkJournalChange(ctx(page({ yearClosed: true })), cell("in"))).toEqual({ ok: false, code: "year-closed" });
    expect(checkJournalChange(ctx(page({ yearClosed: true })), { kind: "lesson-field", lessonId: "today", field: "topic", before: "", after: "Тема" })).toEqual({ ok: false, code: "year-closed" });
  });
});
