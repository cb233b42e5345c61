/**
 * Student movement (D5, R1): enrolment into a class on a date, leaving the
 * school, transfer to another class of the school; year close and promotion.
 * Pure: the server enforces these; screens call them before sending.
 */
import type { Actor } from "./roles.ts";
import type { RightDecision } from "./people.ts";

const OK: RightDecision = { ok: true };

/** R1: the administrator records leaving and transfers (the school's order), and closes the year. */
export function canMoveStudents(actor: Actor): RightDecision {
  return actor.role === "admin" ? OK : { ok: false, code: "forbidden" };
}

/** R1, R4: a new student is enrolled by the administrator or the class teacher of the class (who keeps its cards, A3). */
export function canEnrol(actor: Actor, classId: string): RightDecision {
  if (actor.role === "admin") return OK;
  if (actor.role === "teacher" && actor.classTeacherOf.includes(classId)) return OK;
  return { ok: false, code: "not-your-class" };
}

/** R1: closing the year and promoting the classes is the administrator's. */
export function canCloseYear(actor: Actor): RightDecision {
  return actor.role === "admin" ? OK : { ok: false, code: "forbidden" };
}

/** The last grade of a Russian school: its students graduate at promotion instead of moving on. */
export const LAST_GRADE = 11;

/**
 * The name of a class one grade up: the grade number in the name is replaced
 * (5А -> 6А, 10-Б -> 11-Б); a name without the grade gets it in front.
 */
export function promotedClassName(name: string, grade: number): string {
  const next = String(grade + 1);
  const re = new RegExp(`^${grade}(?!\\d)`);
  return re.test(name) ? name.replace(re, next) : `${next} ${name}`;
}

/** An ISO date's next day. */
export function nextDay(iso: string): string {
  const t = Date.parse(`${iso}T00:00:00Z`) + 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function previousDay(iso: string): string {
  const t = Date.parse(`${iso}T00:00:00Z`) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export interface YearSummary {
  yearId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  closedAt: number | null;
  promotedTo: string | null;
}

export interface MissingMarks {
  pageId: string;
  className: string;
  subjectName: string;
  periodName: string;
  students: string[];
}

/** A student in a class's list of the movement screen. */
export interface MovementStudent {
  id: string;
  fullName: string;
  classId: string;
  className: string;
  leftOn: string | null;
}
