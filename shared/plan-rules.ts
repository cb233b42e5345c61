/**
 * P2, P4: curriculum hours and the calendar-thematic plan's editing rules.
 * A plan (subject x grade) is ordered topics with hours; its total must match
 * the curriculum's hours for that subject in the classes of that grade. A
 * draft that does not match is kept (nothing typed is lost) but flagged, and
 * cannot be approved until it matches. Pure: the server enforces these, the
 * plan editor shows the same check while the deputy types.
 */
import type { Actor } from "./roles.ts";
import type { ErrorCode } from "./errors.ts";
import type { FieldError, RightDecision } from "./people.ts";
import type { PlanTopic } from "./thematic-plan.ts";

export const MAX_TOPIC = 500;
export const MAX_TOPIC_HOURS = 200;
export const MAX_TOPICS = 400;
/** A year has at most 35 school weeks of at most 10 hours of one subject. */
export const MAX_CURRICULUM_HOURS = 350;

const OK: RightDecision = { ok: true };

/** R1, R3: the administrator and the deputy director set the curriculum. */
export function canSetCurriculum(actor: Actor): RightDecision {
  return actor.role === "admin" || actor.role === "deputy" ? OK : { ok: false, code: "forbidden" };
}

/** R1, R3 read the curriculum; the director too (R2 reads everything). */
export function canReadCurriculum(actor: Actor): RightDecision {
  return actor.role === "admin" || actor.role === "deputy" || actor.role === "director" ? OK : { ok: false, code: "forbidden" };
}

/**
 * P4, R5: the plan is written by the teachers of that subject in that grade
 * and by the deputy and administrator who look after the curriculum.
 */
export function canEditPlan(actor: Actor, teachesIt: boolean): RightDecision {
  if (actor.role === "admin" || actor.role === "deputy") return OK;
  if (actor.role === "teacher" && teachesIt) return OK;
  return { ok: false, code: "forbidden" };
}

/** P4: the deputy (or administrator) approves a plan whose hours match. */
export function canApprovePlan(actor: Actor): RightDecision {
  return actor.role === "admin" || actor.role === "deputy" ? OK : { ok: false, code: "forbidden" };
}

/** Hours per year for a subject in a class: a whole number 1-350. */
export function checkHours(value: unknown, max = MAX_CURRICULUM_HOURS): number | null {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= max ? value : null;
}

export type CheckedTopics = { ok: true; topics: PlanTopic[] } | { ok: false; errors: FieldError[] };

/** The topics as typed: each a text of 1-500 characters with 1-200 hours; `ord` is their place in the list. */
export function checkPlanTopics(input: unknown): CheckedTopics {
  if (!Array.isArray(input)) return { ok: false, errors: [{ field: "topics", code: "bad-request" }] };
  if (input.length > MAX_TOPICS) return { ok: false, errors: [{ field: "topics", code: "plan-too-long" }] };
  const errors: FieldError[] = [];
  const topics: PlanTopic[] = [];
  input.forEach((raw, i) => {
    const t = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const topic = typeof t.topic === "string" ? t.topic.normalize("NFC").replace(/\s+/g, " ").trim() : "";
    if (topic === "") errors.push({ field: `topics.${i}.topic`, code: "field-required" });
    else if (topic.length > MAX_TOPIC) errors.push({ field: `topics.${i}.topic`, code: "text-too-long" });
    const hours = checkHours(t.hours, MAX_TOPIC_HOURS);
    if (hours === null) errors.push({ field: `topics.${i}.hours`, code: "invalid-hours" });
    topics.push({ ord: i + 1, topic, hours: hours ?? 0 });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, topics };
}

export interface PlanHoursCheck {
  total: number;
  /** The curriculum's hours the plan must reach, or null when the classes of the grade have none or disagree. */
  expected: number | null;
  /** Why the plan does not match, or null when it does. */
  code: ErrorCode | null;
}

/**
 * P4: the plan's total against the curriculum of the classes of its grade
 * (every class of the grade that has the subject in its curriculum).
 */
export function planHoursCheck(topics: readonly Pick<PlanTopic, "hours">[], curriculumHours: readonly number[]): PlanHoursCheck {
  const total = topics.reduce((sum, t) => sum + t.hours, 0);
  const distinct = [...new Set(curriculumHours)];
  if (distinct.length === 0) return { total, expected: null, code: "curriculum-missing" };
  if (distinct.length > 1) return { total, expected: null, code: "curriculum-differs" };
  const expected = distinct[0]!;
  return { total, expected, code: total === expected ? null : "plan-hours-mismatch" };
}

export interface PlanState {
  subjectId: string;
  subjectName: string;
  grade: number;
  topics: PlanTopic[];
  check: PlanHoursCheck;
  approvedAt: number | null;
  approvedBy: string | null;
  editedAt: number | null;
  /** Whether this user may edit / approve it. */
  mayEdit: boolean;
  mayApprove: boolean;
}

export interface CurriculumRow {
  classId: string;
  className: string;
  grade: number;
  subjectId: string;
  subjectName: string;
  hours: number | null;
}
