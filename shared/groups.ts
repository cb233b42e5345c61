/**
 * P2, J1: subgroups of a class for a subject. The class teacher (or the
 * administrator) sets who is in which group; a student moves from one group
 * to another only at a period's end: the move takes effect on the first day
 * of the next period, so every period's marks of a student are in one page.
 * Pure: the server enforces these, the client shows them before sending.
 */
import type { Actor } from "./roles.ts";
import type { ErrorCode } from "./errors.ts";
import type { RightDecision } from "./people.ts";

export interface PeriodBounds {
  id: string;
  name: string;
  /** ISO dates, inclusive. */
  start: string;
  end: string;
}

export interface GroupSummary {
  groupId: string;
  classId: string;
  subjectId: string;
  subjectName: string;
  name: string;
  /** The group's journal pages (one per year's teaching load), may be none yet. */
  pageIds: string[];
}

export interface GroupMember {
  studentId: string;
  groupId: string;
  /** ISO date the membership starts (null: from the year's start). */
  from: string | null;
  /** First day no longer in the group (exclusive), null while in it. */
  until: string | null;
}

export interface ClassGroups {
  classId: string;
  className: string;
  periods: PeriodBounds[];
  today: string;
  subjects: Array<{ subjectId: string; subjectName: string }>;
  groups: GroupSummary[];
  students: Array<{ id: string; fullName: string; leftOn: string | null }>;
  members: GroupMember[];
}

/** R1, R4: the administrator or the class's own teacher keeps its groups. */
export function canKeepGroups(actor: Actor, classId: string): RightDecision {
  if (actor.role === "admin") return { ok: true };
  if (actor.role === "teacher" && actor.classTeacherOf.includes(classId)) return { ok: true };
  return { ok: false, code: "not-your-class" };
}

/** R1: the teaching load (who teaches a group: its page) is the administrator's. */
export function canMakeGroupPages(actor: Actor): RightDecision {
  return actor.role === "admin" ? { ok: true } : { ok: false, code: "forbidden" };
}

export const MAX_GROUP_NAME = 40;

/** A group's name: 1-40 characters of text, spaces tidied. */
export function checkGroupName(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const name = value.normalize("NFC").replace(/\s+/g, " ").trim();
  return name.length >= 1 && name.length <= MAX_GROUP_NAME && !/[<>]/.test(name) ? name : null;
}

export type MoveStart = { ok: true; from: string; periodId: string } | { ok: false; code: ErrorCode };

/**
 * P2: when a move between groups dated `date` takes effect. `date` is the
 * last day of a period (or the first day of the next one, the same moment);
 * the move starts on the first day of the next period. Any other date is in
 * the middle of a period (`group-move-mid-period`); a move whose start has
 * already come would re-file marks already given (`group-move-in-past`).
 */
export function groupMoveStart(periods: readonly PeriodBounds[], date: string, today: string): MoveStart {
  const sorted = [...periods].sort((a, b) => (a.start < b.start ? -1 : 1));
  let start: PeriodBounds | null = null;
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    if (p.start === date && i > 0) start = p;
    else if (p.end === date && i + 1 < sorted.length) start = sorted[i + 1]!;
    // Holidays between periods belong to no period: a date there is a period's end too.
    else if (i + 1 < sorted.length && date > p.end && date < sorted[i + 1]!.start) start = sorted[i + 1]!;
  }
  // The year's last day: there is no next period (next year's groups are made anew).
  if (start === null && sorted.at(-1)?.end === date) return { ok: false, code: "not-in-year" };
  if (start === null) {
    const inside = sorted.some((p) => date >= p.start && date <= p.end);
    return { ok: false, code: inside || sorted.length === 0 ? "group-move-mid-period" : "not-in-year" };
  }
  if (start.start <= today) return { ok: false, code: "group-move-in-past" };
  return { ok: true, from: start.start, periodId: start.id };
}

/** The group a student is in on a day, from its memberships in the groups of one subject. */
export function groupOn(members: readonly GroupMember[], studentId: string, day: string): string | null {
  for (const m of members) {
    if (m.studentId !== studentId) continue;
    if ((m.from === null || m.from <= day) && (m.until === null || day < m.until)) return m.groupId;
  }
  return null;
}
