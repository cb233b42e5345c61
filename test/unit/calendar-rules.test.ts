/** P1, P3: the pure calendar rules of shared/calendar.ts: year checks, school days, lessons from a timetable, rights. */
import { describe, expect, it } from "vitest";
import {
  canEditCalendar, canEditTimetable, canReadSetup, checkBells, checkClass, checkTimetable, checkYear, isoWeekday, lessonsFromTimetable, schoolDaysOf,
  type YearCalendar,
} from "../../shared/calendar.ts";
import type { FieldError } from "../../shared/people.ts";
import type { Actor, Role } from "../../shared/roles.ts";

const YEAR = {
  name: "2027/2028", start: "2027-09-01", end: "2028-05-31", periodKind: "half-year",
  periods: [{ name: "I", start: "2027-09-01", end: "2027-12-28" }, { name: "II", start: "2028-01-12", end: "2028-05-31" }],
  daysOff: [{ start: "2027-11-04", end: "2027-11-05", name: "праздник" }],
  moves: [],
  bells: [{ start: "08:30", end: "09:15" }, { start: "09:25", end: "10:10" }],
};

function errorsOf(patch: Record<string, unknown>): FieldError[] {
  const r = checkYear({ ...YEAR, ...patch });
  return r.ok ? [] : r.errors;
}

const actor = (role: Role): Actor => ({ userId: "1", role, classTeacherOf: role === "teacher" ? ["1"] : [] });

describe("checkYear (P1)", () => {
  it("P1: accepts a valid year and reads Russian dates", () => {
    const r = checkYear({ ...YEAR, start: "01.09.2027" });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.start).toBe("2027-09-01");
  });

  it("P1: refuses a date that does not exist and a year that ends before it starts", () => {
    expect(errorsOf({ end: "2028-02-30" })).toContainEqual({ field: "end", code: "invalid-date" });
    expect(errorsOf({ end: "2027-08-31" })).toContainEqual({ field: "end", code: "year-dates-invalid" });
  });

  it("P1: periods must match the kind, lie in the year, not overlap and cover it from first to last day", () => {
    expect(errorsOf({ periodKind: "quarter" })).toContainEqual({ field: "periods", code: "period-count-mismatch" });
    expect(errorsOf({ periodKind: "semester" })).toContainEqual({ field: "periodKind", code: "invalid-period-kind" });
    expect(errorsOf({ periods: [YEAR.periods[0], { name: "II", start: "2027-12-20", end: "2028-05-31" }] })).toContainEqual({ field: "periods.1.start", code: "period-overlap" });
    expect(errorsOf({ periods: [YEAR.periods[1], YEAR.periods[0]] })).toContainEqual({ field: "periods.1.start", code: "period-overlap" });
    expect(errorsOf({ periods: [{ name: "I", start: "2027-08-25", end: "2027-12-28" }, YEAR.periods[1]] })).toContainEqual({ field: "periods.0.start", code: "period-outside-year" });
    expect(errorsOf({ periods: [{ name: "I", start: "2027-09-02", end: "2027-12-28" }, YEAR.periods[1]] })).toContainEqual({ field: "periods.0.start", code: "periods-not-covering" });
    expect(errorsOf({ periods: [{ name: "I", start: "2027-09-01", end: "2027-08-01" }, YEAR.periods[1]] })).toContainEqual({ field: "periods.0.end", code: "invalid-date" });
  });

  it("P1: holidays and moved days lie inside the year; a moved day is consistent", () => {
    expect(errorsOf({ daysOff: [{ start: "2028-06-12" }] })).toContainEqual({ field: "daysOff.0", code: "holiday-outside-year" });
    expect(errorsOf({ daysOff: [{ start: "2027-11-05", end: "2027-11-04" }] })).toContainEqual({ field: "daysOff.0", code: "invalid-date" });
    expect(errorsOf({ moves: [{ date: "2028-08-01", asWeekday: 1 }] })).toContainEqual({ field: "moves.0", code: "moved-day-outside-year" });
    // Wednesday "following Wednesday", a Sunday made a day off, a working day on a holiday, the same date twice.
    expect(errorsOf({ moves: [{ date: "2027-09-15", asWeekday: 3 }] })).toContainEqual({ field: "moves.0", code: "moved-day-invalid" });
    expect(errorsOf({ moves: [{ date: "2027-09-19", asWeekday: null }] })).toContainEqual({ field: "moves.0", code: "moved-day-invalid" });
    expect(errorsOf({ moves: [{ date: "2027-11-04", asWeekday: 1 }] })).toContainEqual({ field: "moves.0", code: "moved-day-invalid" });
    expect(errorsOf({ moves: [{ date: "2027-09-18", asWeekday: 1 }, { date: "2027-09-18", asWeekday: 2 }] })).toContainEqual({ field: "moves.1", code: "moved-day-invalid" });
    expect(errorsOf({ moves: [{ date: "2027-09-18", asWeekday: 1 }, { date: "2027-09-13", asWeekday: null }] })).toEqual([]);
  });

  it("P1: bells run in order without overlapping", () => {
    const errors: FieldError[] = [];
    expect(checkBells([{ start: "08:30", end: "09:15" }, { start: "09:10", end: "09:50" }], errors)).toHaveLength(2);
    expect(errors).toEqual([{ field: "bells.1", code: "bells-overlap" }]);
    const more: FieldError[] = [];
    checkBells([{ start: "8:30", end: "09:15" }], more);
    expect(more).toEqual([{ field: "bells.0", code: "invalid-bells" }]);
    const none: FieldError[] = [];
    checkBells([], none);
    expect(none).toEqual([{ field: "bells", code: "invalid-bells" }]);
  });
});

describe("school days and lessons (P3)", () => {
  const cal: YearCalendar = {
    ...(YEAR as unknown as YearCalendar),
    moves: [{ date: "2027-09-18", asWeekday: 1 }, { date: "2027-09-13", asWeekday: null }],
  };

  it("P3: school days are Monday to Saturday inside the periods, without days off; moved days follow the weekday they name", () => {
    const days = [...schoolDaysOf(cal)];
    const dates = new Map(days.map((d) => [d.date, d.weekday]));
    expect(days[0]).toEqual({ date: "2027-09-01", weekday: 3 });
    expect(dates.has("2027-09-05")).toBe(false); // Sunday
    expect(dates.get("2027-09-04")).toBe(6); // a plain Saturday
    expect(dates.get("2027-09-18")).toBe(1); // the working Saturday follows Monday
    expect(dates.has("2027-09-13")).toBe(false); // the Monday made a day off
    expect(dates.has("2027-11-04") || dates.has("2027-11-05")).toBe(false); // the holiday range
    expect(dates.has("2028-01-05")).toBe(false); // winter holidays, between the periods
    expect(days.at(-1)).toEqual({ date: "2028-05-31", weekday: 3 });
    expect([...schoolDaysOf(cal, "2028-05-30")].map((d) => d.date)).toEqual(["2028-05-30", "2028-05-31"]);
  });

  it("P3: a timetable makes one lesson per school day of its weekday and slot", () => {
    const days = [...schoolDaysOf(cal)].filter((d) => d.date < "2027-09-21");
    const lessons = lessonsFromTimetable([{ weekday: 1, slot: 2, pageId: "7" }, { weekday: 6, slot: 1, pageId: "8" }], days);
    expect(lessons).toEqual([
      { pageId: "8", date: "2027-09-04", slot: 1 },
      { pageId: "7", date: "2027-09-06", slot: 2 },
      { pageId: "8", date: "2027-09-11", slot: 1 },
      { pageId: "7", date: "2027-09-18", slot: 2 },
      { pageId: "7", date: "2027-09-20", slot: 2 },
    ]);
    expect(isoWeekday("2027-09-19")).toBe(7);
  });

  it("P3: a timetable entry needs a weekday, a slot with a bell, a page of the class, and a free time", () => {
    const bells = [{ slot: 1, start: "08:30", end: "09:15" }];
    const pages = new Set(["7"]);
    const codes = (slots: unknown[]) => {
      const r = checkTimetable(slots, bells, pages);
      return r.ok ? [] : r.errors.map((e) => e.code);
    };
    expect(codes([{ weekday: 1, slot: 1, pageId: "7" }])).toEqual([]);
    expect(codes([{ weekday: 0, slot: 1, pageId: "7" }])).toEqual(["invalid-weekday"]);
    expect(codes([{ weekday: 1, slot: 2, pageId: "7" }])).toEqual(["invalid-slot"]);
    expect(codes([{ weekday: 1, slot: 1, pageId: "9" }])).toEqual(["not-in-teaching-load"]);
    expect(codes([{ weekday: 1, slot: 1, pageId: "7" }, { weekday: 1, slot: 1, pageId: "7" }])).toEqual(["slot-taken"]);
    expect(codes([])).toEqual([]);
    expect(checkTimetable(undefined, bells, pages)).toEqual({ ok: false, errors: [{ field: "slots", code: "bad-request" }] });
  });

  it("P2: a class has a name and a grade from 1 to 11", () => {
    expect(checkClass({ name: " 5а ", grade: 5 })).toEqual({ ok: true, value: { name: "5А", grade: 5 } });
    expect(checkClass({ name: "", grade: 0 })).toEqual({ ok: false, errors: [{ field: "name", code: "field-required" }, { field: "grade", code: "invalid-grade" }] });
  });
});

describe("who sets the school up (R1-R3)", () => {
  it("R1, R3: the administrator edits the calendar; the administrator and deputy the timetable; the administration reads", () => {
    expect((["admin", "director", "deputy", "teacher", "parent"] as Role[]).map((r) => [r, canEditCalendar(actor(r)).ok, canEditTimetable(actor(r)).ok, canReadSetup(actor(r)).ok])).toEqual([
      ["admin", true, true, true],
      ["director", false, false, true],
      ["deputy", false, true, true],
      ["teacher", false, false, false],
      ["parent", false, false, false],
    ]);
  });
});
