/**
 * The school's calendar (P1, P3): an academic year with its periods, days
 * off, moved school days and bell times; which dates are school days and
 * which weekday's timetable each follows; who may change the calendar, the
 * classes and the timetable. Pure: the server enforces these checks, the
 * client calls them to show a mistake before sending.
 */
import type { Actor } from "./roles.ts";
import type { Bell } from "./school-rules.ts";
import type { Checked, FieldError, RightDecision } from "./people.ts";
import { parseDate } from "./people.ts";

export type YearPeriodKind = "quarter" | "trimester" | "half-year";

/** How many periods each kind divides the year into. */
export const PERIOD_COUNTS: Record<YearPeriodKind, number> = { quarter: 4, trimester: 3, "half-year": 2 };

export interface CalendarPeriod {
  name: string;
  start: string;
  end: string;
}

/** A day off or a holiday range (both ends included). */
export interface DayOff {
  start: string;
  end: string;
  name: string;
}

/**
 * A moved day (P3): `asWeekday` 1-6 makes the date a school day following that
 * weekday's timetable (a working Saturday replacing a Monday); null makes a
 * weekday a day off.
 */
export interface MovedDay {
  date: string;
  asWeekday: number | null;
}

export interface YearCalendar {
  name: string;
  start: string;
  end: string;
  periodKind: YearPeriodKind;
  periods: CalendarPeriod[];
  daysOff: DayOff[];
  moves: MovedDay[];
  bells: Bell[];
}

const OK: RightDecision = { ok: true };

/** R1: the year, its periods, days off, bells, classes, subjects and teaching load are the administrator's. */
export function canEditCalendar(actor: Actor): RightDecision {
  return actor.role === "admin" ? OK : { ok: false, code: "forbidden" };
}

/** R1, R3: the timetable and substitutions belong to the administrator and the deputy director. */
export function canEditTimetable(actor: Actor): RightDecision {
  return actor.role === "admin" || actor.role === "deputy" ? OK : { ok: false, code: "forbidden" };
}

/** R1-R3: the administration reads the school's set-up. */
export function canReadSetup(actor: Actor): RightDecision {
  return actor.role === "admin" || actor.role === "director" || actor.role === "deputy" ? OK : { ok: false, code: "forbidden" };
}

const DAY_MS = 86_400_000;

export function addDaysIso(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

function cleanName(v: unknown, max = 80): string {
  return typeof v === "string" ? v.normalize("NFC").replace(/\s+/g, " ").trim().slice(0, max + 1) : "";
}

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Bell times: slots 1..n in order, each starting before it ends and after the previous one ends. */
export function checkBells(input: unknown, errors: FieldError[]): Bell[] {
  const list = Array.isArray(input) ? input : [];
  if (list.length === 0 || list.length > 12) {
    errors.push({ field: "bells", code: "invalid-bells" });
    return [];
  }
  const bells: Bell[] = [];
  list.forEach((raw, i) => {
    const b = (raw ?? {}) as Record<string, unknown>;
    const start = String(b.start ?? "");
    const end = String(b.end ?? "");
    const field = `bells.${i}`;
    if (!TIME_RE.test(start) || !TIME_RE.test(end) || start >= end) errors.push({ field, code: "invalid-bells" });
    else if (bells.length > 0 && start < bells[bells.length - 1]!.end) errors.push({ field, code: "bells-overlap" });
    bells.push({ slot: i + 1, start, end });
  });
  return bells;
}

/**
 * P1: a whole year as the administrator submits it. Every problem is named
 * with its field: `start`/`end` (`invalid-date`, `year-dates-invalid`),
 * `periods.<i>.start|end` (`invalid-date`, `period-outside-year`,
 * `period-overlap`, `periods-not-covering`), `periods` (`period-count-mismatch`),
 * `daysOff.<i>` (`invalid-date`, `holiday-outside-year`), `moves.<i>`
 * (`invalid-date`, `moved-day-outside-year`, `moved-day-invalid`), `bells.<i>`.
 */
export function checkYear(input: Record<string, unknown>): Checked<YearCalendar> {
  const errors: FieldError[] = [];
  const name = cleanName(input.name);
  if (name === "") errors.push({ field: "name", code: "field-required" });
  else if (name.length > 40) errors.push({ field: "name", code: "text-too-long" });
  const start = parseDate(input.start);
  const end = parseDate(input.end);
  if (start === null) errors.push({ field: "start", code: "invalid-date" });
  if (end === null) errors.push({ field: "end", code: "invalid-date" });
  // A school year is more than a month and less than fourteen.
  if (start !== null && end !== null && (end <= addDaysIso(start, 28) || end > addDaysIso(start, 425))) errors.push({ field: "end", code: "year-dates-invalid" });
  const yearOk = start !== null && end !== null && !errors.some((e) => e.code === "year-dates-invalid");
  const inYear = (d: string) => yearOk && d >= start && d <= end;

  const periodKind = input.periodKind as YearPeriodKind;
  if (!(periodKind in PERIOD_COUNTS)) errors.push({ field: "periodKind", code: "invalid-period-kind" });
  const rawPeriods = Array.isArray(input.periods) ? (input.periods as Array<Record<string, unknown>>) : [];
  if (periodKind in PERIOD_COUNTS && rawPeriods.length !== PERIOD_COUNTS[periodKind]) errors.push({ field: "periods", code: "period-count-mismatch" });
  const periods: CalendarPeriod[] = [];
  rawPeriods.slice(0, 6).forEach((raw, i) => {
    const p = raw ?? {};
    const ps = parseDate(p.start);
    const pe = parseDate(p.end);
    const field = `periods.${i}`;
    const pname = cleanName(p.name) || `${i + 1}`;
    if (ps === null) errors.push({ field: `${field}.start`, code: "invalid-date" });
    if (pe === null) errors.push({ field: `${field}.end`, code: "invalid-date" });
    if (ps === null || pe === null) return;
    if (ps > pe) errors.push({ field: `${field}.end`, code: "invalid-date" });
    else if (yearOk && (!inYear(ps) || !inYear(pe))) errors.push({ field: `${field}.start`, code: "period-outside-year" });
    const prev = periods[periods.length - 1];
    if (prev && ps <= prev.end) errors.push({ field: `${field}.start`, code: "period-overlap" });
    periods.push({ name: pname, start: ps, end: pe });
  });
  // The periods run in order from the year's first day to its last; only holidays lie between them.
  if (yearOk && periods.length > 0 && !errors.some((e) => e.field.startsWith("periods"))) {
    if (periods[0]!.start !== start) errors.push({ field: "periods.0.start", code: "periods-not-covering" });
    if (periods[periods.length - 1]!.end !== end) errors.push({ field: `periods.${periods.length - 1}.end`, code: "periods-not-covering" });
  }

  const daysOff: DayOff[] = [];
  (Array.isArray(input.daysOff) ? (input.daysOff as Array<Record<string, unknown>>) : []).slice(0, 200).forEach((raw, i) => {
    const d = raw ?? {};
    const ds = parseDate(d.start);
    const de = d.end === undefined || d.end === null || d.end === "" ? ds : parseDate(d.end);
    if (ds === null || de === null || ds > de) return void errors.push({ field: `daysOff.${i}`, code: "invalid-date" });
    if (yearOk && (!inYear(ds) || !inYear(de))) errors.push({ field: `daysOff.${i}`, code: "holiday-outside-year" });
    daysOff.push({ start: ds, end: de, name: cleanName(d.name) });
  });

  const moves: MovedDay[] = [];
  const movedDates = new Set<string>();
  (Array.isArray(input.moves) ? (input.moves as Array<Record<string, unknown>>) : []).slice(0, 100).forEach((raw, i) => {
    const m = raw ?? {};
    const date = parseDate(m.date);
    if (date === null) return void errors.push({ field: `moves.${i}`, code: "invalid-date" });
    if (yearOk && !inYear(date)) return void errors.push({ field: `moves.${i}`, code: "moved-day-outside-year" });
    const asWeekday = m.asWeekday === null || m.asWeekday === undefined || m.asWeekday === "" ? null : Number(m.asWeekday);
    const invalid =
      movedDates.has(date) ||
      (asWeekday !== null && (!Number.isInteger(asWeekday) || asWeekday < 1 || asWeekday > 6)) ||
      // A weekday made a day off must be a weekday; a working day made of a Sunday or a Saturday must follow another weekday.
      (asWeekday === null && isoWeekday(date) > 6) ||
      (asWeekday !== null && asWeekday === isoWeekday(date)) ||
      (asWeekday !== null && daysOff.some((d) => date >= d.start && date <= d.end));
    if (invalid) errors.push({ field: `moves.${i}`, code: "moved-day-invalid" });
    movedDates.add(date);
    moves.push({ date, asWeekday });
  });

  const bells = checkBells(input.bells, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { name, start: start!, end: end!, periodKind, periods, daysOff, moves, bells } };
}

/**
 * P1, P3: the dates lessons fall on, each with the weekday whose timetable it
 * follows: every date inside a period, Monday to Saturday, not a day off;
 * a moved day follows the weekday it names (or is off). A date on Saturday
 * holds lessons only if the class's timetable has Saturday lessons.
 */
export function* schoolDaysOf(cal: Pick<YearCalendar, "periods" | "daysOff" | "moves">, from?: string): Generator<{ date: string; weekday: number }> {
  const moves = new Map(cal.moves.map((m) => [m.date, m.asWeekday]));
  for (const p of cal.periods) {
    for (let date = from && from > p.start ? from : p.start; date <= p.end; date = addDaysIso(date, 1)) {
      const weekday = moves.has(date) ? moves.get(date)! : isoWeekday(date) <= 6 ? isoWeekday(date) : null;
      if (weekday === null) continue;
      if (cal.daysOff.some((d) => date >= d.start && date <= d.end)) continue;
      yield { date, weekday };
    }
  }
}

export interface TimetableSlot {
  weekday: number;
  slot: number;
  pageId: string;
}

export interface ClassTimetable {
  classId: string;
  slots: TimetableSlot[];
}

/**
 * P3: a class's week as submitted: weekday 1-6, a slot that has a bell, each
 * weekday x slot once, a page of that class. `pagesOfClass` are the class's
 * pages (teaching load).
 */
export function checkTimetable(input: unknown, bells: readonly Bell[], pagesOfClass: ReadonlySet<string>): Checked<TimetableSlot[]> {
  const errors: FieldError[] = [];
  // An empty week is said as `[]`: a missing list must never clear a timetable.
  if (!Array.isArray(input) || input.length > 6 * 12) return { ok: false, errors: [{ field: "slots", code: "bad-request" }] };
  const list: unknown[] = input;
  const seen = new Set<string>();
  const slots: TimetableSlot[] = [];
  list.forEach((raw, i) => {
    const s = (raw ?? {}) as Record<string, unknown>;
    const weekday = Number(s.weekday);
    const slot = Number(s.slot);
    const pageId = String(s.pageId ?? "");
    const field = `slots.${i}`;
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 6) return void errors.push({ field, code: "invalid-weekday" });
    if (!Number.isInteger(slot) || !bells.some((b) => b.slot === slot)) return void errors.push({ field, code: "invalid-slot" });
    if (!pagesOfClass.has(pageId)) return void errors.push({ field, code: "not-in-teaching-load" });
    const key = `${weekday}:${slot}`;
    if (seen.has(key)) return void errors.push({ field, code: "slot-taken" });
    seen.add(key);
    slots.push({ weekday, slot, pageId });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: slots };
}

/** P3: the lessons (page, date, slot) a class's week makes on the given school days. */
export function lessonsFromTimetable(slots: readonly TimetableSlot[], days: Iterable<{ date: string; weekday: number }>): Array<{ pageId: string; date: string; slot: number }> {
  const byWeekday = new Map<number, TimetableSlot[]>();
  for (const s of slots) byWeekday.set(s.weekday, [...(byWeekday.get(s.weekday) ?? []), s]);
  const out: Array<{ pageId: string; date: string; slot: number }> = [];
  for (const d of days) for (const s of byWeekday.get(d.weekday) ?? []) out.push({ pageId: s.pageId, date: d.date, slot: s.slot });
  return out;
}

/** Classes and subjects (P2): a class's name is a grade and a letter, as schools write them (5А, 10Б, 11). */
export function checkClass(input: Record<string, unknown>): Checked<{ name: string; grade: number }> {
  const errors: FieldError[] = [];
  const name = cleanName(input.name, 20).toUpperCase();
  const grade = Number(input.grade);
  if (name === "") errors.push({ field: "name", code: "field-required" });
  else if (name.length > 12) errors.push({ field: "name", code: "invalid-name" });
  if (!Number.isInteger(grade) || grade < 1 || grade > 11) errors.push({ field: "grade", code: "invalid-grade" });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { name, grade } };
}

export function checkSubject(input: Record<string, unknown>): Checked<{ name: string; doubleMarks: boolean }> {
  const name = cleanName(input.name, 100);
  if (name === "") return { ok: false, errors: [{ field: "name", code: "field-required" }] };
  if (name.length > 80) return { ok: false, errors: [{ field: "name", code: "text-too-long" }] };
  return { ok: true, value: { name, doubleMarks: input.doubleMarks === true } };
}

const pad = (n: number) => String(n).padStart(2, "0");
const on = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/**
 * A starting point for the year form: the usual Russian school year from
 * 1 September of `y` to 26 May (half-years and trimesters to 31 May), with
 * the holidays between periods and the public holidays; the administrator
 * adjusts it to the region's order before saving.
 */
export function typicalYear(y: number, periodKind: YearPeriodKind): Omit<YearCalendar, "bells"> {
  const n = y + 1;
  const periods: Record<YearPeriodKind, CalendarPeriod[]> = {
    quarter: [
      { name: "I четверть", start: on(y, 9, 1), end: on(y, 10, 24) },
      { name: "II четверть", start: on(y, 11, 3), end: on(y, 12, 28) },
      { name: "III четверть", start: on(n, 1, 12), end: on(n, 3, 21) },
      { name: "IV четверть", start: on(n, 3, 30), end: on(n, 5, 26) },
    ],
    trimester: [
      { name: "I триместр", start: on(y, 9, 1), end: on(y, 11, 30) },
      { name: "II триместр", start: on(y, 12, 1), end: on(n, 2, 28) },
      { name: "III триместр", start: on(n, 3, 1), end: on(n, 5, 31) },
    ],
    "half-year": [
      { name: "I полугодие", start: on(y, 9, 1), end: on(y, 12, 28) },
      { name: "II полугодие", start: on(n, 1, 12), end: on(n, 5, 31) },
    ],
  };
  const list = periods[periodKind];
  return {
    name: `${y}/${n}`,
    start: list[0]!.start,
    end: list[list.length - 1]!.end,
    periodKind,
    periods: list,
    daysOff: [
      { start: on(y, 11, 4), end: on(y, 11, 4), name: "День народного единства" },
      { start: on(n, 2, 23), end: on(n, 2, 23), name: "День защитника Отечества" },
      { start: on(n, 3, 8), end: on(n, 3, 8), name: "Международный женский день" },
      { start: on(n, 5, 1), end: on(n, 5, 1), name: "Праздник Весны и Труда" },
      { start: on(n, 5, 9), end: on(n, 5, 9), name: "День Победы" },
    ].filter((d) => d.start >= list[0]!.start && d.end <= list[list.length - 1]!.end),
    moves: [],
  };
}
