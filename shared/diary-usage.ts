/**
 * A4: the monitoring of how families use the diary. The rule of who sees it,
 * and the shape of the answer. Pure.
 */
import type { Actor } from "./roles.ts";
import type { AccessDecision } from "./permissions.ts";

/** A4, R4, R1, R3: the class teacher sees its own class; the administrator and the deputy director any class. */
export function mayMonitorDiaryUsage(actor: Actor, classId: string): AccessDecision {
  if (actor.role === "admin" || actor.role === "deputy") return { ok: true, access: "read" };
  if (actor.role === "teacher" && actor.classTeacherOf.includes(classId)) return { ok: true, access: "read" };
  return { ok: false, code: "forbidden" };
}

/** One family account and its use of one student's diary. */
export interface DiaryReader {
  userId: string;
  name: string;
  role: "student" | "parent";
  /** Server time of the latest open, null if never. */
  lastOpenedAt: number | null;
  /** Visits: opens more than half an hour apart (reconnects of one visit count once). */
  visits: number;
}

export interface DiaryUsageRow {
  studentId: string;
  fullName: string;
  readers: DiaryReader[];
}

/** GET /api/usage/diary?classId= */
export interface DiaryUsage {
  classId: string;
  className: string;
  rows: DiaryUsageRow[];
}

/** GET /api/usage/diary (no class): the classes this user may look at. */
export interface DiaryUsageClasses {
  classes: Array<{ classId: string; className: string }>;
}

/** Opens closer together than this are one visit. */
export const VISIT_GAP_MS = 30 * 60_000;
