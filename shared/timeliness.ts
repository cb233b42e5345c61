/**
 * J8: when each kind of entry is due, for monitoring (Rep2). Where the
 * regulations disagree the stricter one is the default: homework 1.5 h after
 * the class's last lesson (003, not 001's 3 h); written works within 3
 * working days (000); essays within 5 working days (000, not 10 days);
 * period marks 2 days before the period's last day (000). Attendance, topics
 * and oral marks are due on the lesson's day.
 */
import type { EntryKind } from "./report-api.ts";
import type { SchoolRules } from "./school-rules.ts";
import { ABSENCES } from "./cell-value.ts";
import { parseClock, type LocalTime } from "./school-time.ts";

export const TIMELINESS = {
  homeworkMinutesAfterLastLesson: 90,
  writtenWorkingDays: 3,
  essayWorkingDays: 5,
  periodMarkDaysBeforeEnd: 2,
} as const;

/** Work types marked after the lesson (control, written, lab and practical works). */
export const WRITTEN_WORK_TYPES: ReadonlySet<string> = new Set(["independent", "practical", "lab", "dictation", "test"]);
export const ESSAY_WORK_TYPES: ReadonlySet<string> = new Set(["essay"]);

/** A lesson whose topic names a control work (J2: control, lab and practical works are named in the topic). */
const CONTROL_TOPIC = /контрольн|диктант|лабораторн|практическ|самостоятельн|сочинени|изложени|тестировани/i;
const ESSAY_TOPIC = /сочинени|изложени/i;

export function isControlTopic(topic: string): boolean {
  return CONTROL_TOPIC.test(topic);
}

/** The kind of a lesson cell's entry: an absence, or a mark by its work type. */
export function cellEntryKind(value: string, workType: string | undefined): EntryKind {
  if ((ABSENCES as readonly string[]).includes(value)) return "attendance";
  if (workType !== undefined && ESSAY_WORK_TYPES.has(workType)) return "essay-mark";
  if (workType !== undefined && WRITTEN_WORK_TYPES.has(workType)) return "written-mark";
  return "oral-mark";
}

/** The kind of control work a lesson holds, from its marks' work types or its topic; null for an ordinary lesson. */
export function controlWorkKind(topic: string, workTypes: Iterable<string>): "written-mark" | "essay-mark" | null {
  let kind: "written-mark" | "essay-mark" | null = CONTROL_TOPIC.test(topic) ? (ESSAY_TOPIC.test(topic) ? "essay-mark" : "written-mark") : null;
  for (const w of workTypes) {
    if (ESSAY_WORK_TYPES.has(w)) return "essay-mark";
    if (WRITTEN_WORK_TYPES.has(w)) kind ??= "written-mark";
  }
  return kind;
}

const DAY_MS = 86_400_000;

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The date `n` working days (Mon-Fri) after `isoDate`. */
export function addWorkingDays(isoDate: string, n: number): string {
  let date = isoDate;
  for (let left = n; left > 0; ) {
    date = addDays(date, 1);
    const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (wd >= 1 && wd <= 5) left--;
  }
  return date;
}

const END_OF_DAY = 24 * 60 - 1;

export interface DeadlineFacts {
  lessonDate: string;
  /** The slot of the class's last lesson that day (homework). */
  lastSlot: number | null;
  /** The period's last day (period marks). */
  periodEnd?: string;
}

/** J8: the last school-local moment an entry of this kind is on time. */
export function deadlineOf(kind: EntryKind, facts: DeadlineFacts, rules: SchoolRules): LocalTime {
  switch (kind) {
    case "attendance":
    case "oral-mark":
    case "topic":
      return { date: facts.lessonDate, minutes: END_OF_DAY };
    case "written-mark":
      return { date: addWorkingDays(facts.lessonDate, TIMELINESS.writtenWorkingDays), minutes: END_OF_DAY };
    case "essay-mark":
      return { date: addWorkingDays(facts.lessonDate, TIMELINESS.essayWorkingDays), minutes: END_OF_DAY };
    case "homework": {
      const bell = rules.bells.find((b) => b.slot === facts.lastSlot) ?? rules.bells.at(-1);
      const minutes = (bell ? parseClock(bell.end) : END_OF_DAY) + TIMELINESS.homeworkMinutesAfterLastLesson;
      // Past midnight it rolls into the next day.
      return minutes > END_OF_DAY ? { date: addDays(facts.lessonDate, 1), minutes: minutes - 24 * 60 } : { date: facts.lessonDate, minutes };
    }
    case "period-mark":
      return { date: addDays(facts.periodEnd ?? facts.lessonDate, -TIMELINESS.periodMarkDaysBeforeEnd), minutes: END_OF_DAY };
  }
}

export function formatLocal(t: LocalTime): string {
  return `${t.date} ${String(Math.floor(t.minutes / 60)).padStart(2, "0")}:${String(t.minutes % 60).padStart(2, "0")}`;
}

/** Monday..Sunday of the week, or the calendar month, containing `date`. */
export function monitoringWindow(kind: "week" | "month", date: string): { from: string; to: string } {
  if (kind === "week") {
    const wd = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
    const from = addDays(date, -wd);
    return { from, to: addDays(from, 6) };
  }
  const from = `${date.slice(0, 7)}-01`;
  const next = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 1));
  return { from, to: addDays(next.toISOString().slice(0, 10), -1) };
}
